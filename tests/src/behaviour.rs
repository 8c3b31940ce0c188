//! What the mock does for each operation, decided once from the spec.
//!
//! Sign-in and token handling follow the PBX and are picked by operationId, since no schema
//! says "this issues tokens". Everything else is recognised by shape, so new vendor pages get
//! the same treatment without a list to keep: a list operation (the rule the client's
//! pagination uses: `skip` and `top` in, `{count, items}` out) is a collection
//! (POST on it creates, `/{id}` shows and updates, `/{id}/destroy` or DELETE removes); a GET
//! and a write on the same parameterless path are a settings document that reads back what was
//! written; a group's member list (`member_list.rs`) is replaced by each write and read back,
//! whole or one member at a time. The rest answer an example generated from their response
//! schema.

use axum::http::Method;
use serde_json::Value;

use crate::member_list::{MemberList, Owner, is_member_list, key_field};
use crate::routing::PathTemplate;
use crate::schema::{flatten, flatten_first_alternative, primary_type, properties};
use crate::spec::{Operation, Spec};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Behaviour {
    /// `/auth/sign_in`: tokens, or a two-factor challenge.
    SignIn,
    /// `POST /login`: like sign-in, and also starts a cookie session.
    Login,
    /// `GET /login`: the session's token and expiry.
    LoginStatus,
    /// `POST /logout`: ends the cookie session.
    Logout,
    RefreshToken,
    SignOut,
    SendOtp,
    VerifyOtp,
    ForgetPassword,
    ResetPassword,
    /// The signed-in user's account facts.
    CurrentUser,
    /// Adds the posted amounts to the settings document at `path`.
    Recharge {
        path: String,
    },
    List {
        collection: String,
    },
    Create {
        collection: String,
        id_param: String,
    },
    Show {
        collection: String,
        id_param: String,
        /// The answer documented as `{items: [item]}` (`retrieveCDR`), not the bare item.
        in_items: bool,
    },
    Update {
        collection: String,
        id_param: String,
    },
    Delete {
        collection: String,
        id_param: String,
    },
    ListMembers {
        members: MemberList,
    },
    ReplaceMembers {
        members: MemberList,
    },
    ShowMember {
        members: MemberList,
        key_param: String,
        key_field: String,
    },
    ReadSettings {
        path: String,
    },
    WriteSettings {
        path: String,
    },
    Generated,
}

/// Operations whose meaning no schema can tell.
const BY_OPERATION_ID: &[(&str, Behaviour)] = &[
    ("signInWithCredentials", Behaviour::SignIn),
    ("login", Behaviour::Login),
    ("getLoginStatus", Behaviour::LoginStatus),
    ("logout", Behaviour::Logout),
    ("refreshToken", Behaviour::RefreshToken),
    ("signOut", Behaviour::SignOut),
    ("sendOTP", Behaviour::SendOtp),
    ("verifyOTP", Behaviour::VerifyOtp),
    ("forgetPassword", Behaviour::ForgetPassword),
    ("resetPassword", Behaviour::ResetPassword),
    ("getUserAuthInfo", Behaviour::CurrentUser),
];

const RECHARGE_OPERATIONS: &[&str] = &["rechargeTenant"];

pub fn classify(spec: &Spec) -> Vec<Behaviour> {
    let collections: Vec<&str> = spec
        .operations
        .iter()
        .filter(|op| op.method == Method::GET && op.is_list)
        .map(|op| op.path.as_str())
        .collect();
    spec.operations
        .iter()
        .map(|op| classify_one(spec, op, &collections))
        .collect()
}

fn classify_one(spec: &Spec, op: &Operation, collections: &[&str]) -> Behaviour {
    if let Some((_, behaviour)) = BY_OPERATION_ID.iter().find(|(id, _)| *id == op.id) {
        return behaviour.clone();
    }
    let path = op.path.as_str().to_owned();
    if RECHARGE_OPERATIONS.contains(&op.id.as_str()) {
        return Behaviour::Recharge { path };
    }
    let writes = matches!(op.method, Method::POST | Method::PUT | Method::PATCH);
    if collections.contains(&path.as_str()) {
        if op.method == Method::GET {
            return Behaviour::List { collection: path };
        }
        if writes && op.body.is_some() {
            // The parameter name the collection's item paths use, so shows find creations.
            let id_param = spec
                .operations
                .iter()
                .find_map(|other| item_of(&other.path, &[path.as_str()]))
                .map_or("id", |(_, param)| param)
                .to_owned();
            return Behaviour::Create {
                collection: path,
                id_param,
            };
        }
    }
    if let Some((collection, id_param)) = item_of(&op.path, collections) {
        let id_param = id_param.to_owned();
        match op.method {
            Method::GET => {
                return Behaviour::Show {
                    collection,
                    id_param,
                    in_items: answers_in_items(spec, op),
                };
            }
            Method::DELETE => {
                return Behaviour::Delete {
                    collection,
                    id_param,
                };
            }
            _ if writes && op.body.is_some() => {
                return Behaviour::Update {
                    collection,
                    id_param,
                };
            }
            _ => {}
        }
    }
    if op.method == Method::POST {
        let item = op
            .path
            .strip_trailing_literal("destroy")
            .and_then(|item| PathTemplate::parse(&item).ok());
        if let Some(item) = item
            && let Some((collection, id_param)) = item_of(&item, collections)
        {
            let id_param = id_param.to_owned();
            return Behaviour::Delete {
                collection,
                id_param,
            };
        }
    }
    if is_member_list(spec, &op.path) {
        let members = member_list(&op.path, collections);
        if op.method == Method::GET {
            return Behaviour::ListMembers { members };
        }
        if writes && op.body.is_some() {
            return Behaviour::ReplaceMembers { members };
        }
    }
    if op.method == Method::GET
        && let Some((list_path, key_param)) = op.path.split_trailing_param()
        && let Ok(list_path) = PathTemplate::parse(&list_path)
        && is_member_list(spec, &list_path)
        && let Some(key_field) = key_field(spec, &list_path, key_param, op)
    {
        return Behaviour::ShowMember {
            members: member_list(&list_path, collections),
            key_param: key_param.to_owned(),
            key_field,
        };
    }
    if op.path.params().next().is_none() && is_settings_path(spec, &path) {
        if op.method == Method::GET {
            return Behaviour::ReadSettings { path };
        }
        if writes && op.body.is_some() {
            return Behaviour::WriteSettings { path };
        }
    }
    Behaviour::Generated
}

/// The list at `path` with the collection item it hangs off (`/call_queues/{id}`), if any.
fn member_list(path: &PathTemplate, collections: &[&str]) -> MemberList {
    let owner = path
        .as_str()
        .rsplit_once('/')
        .and_then(|(parent, _)| PathTemplate::parse(parent).ok())
        .and_then(|parent| {
            item_of(&parent, collections).map(|(collection, id_param)| Owner {
                collection,
                id_param: id_param.to_owned(),
            })
        });
    MemberList {
        path: path.clone(),
        owner,
    }
}

/// Whether a show documents its item wrapped as the one entry of `{items: [...]}`.
fn answers_in_items(spec: &Spec, op: &Operation) -> bool {
    op.success
        .json_schema
        .as_deref()
        .and_then(|pointer| spec.at(pointer))
        .is_some_and(|schema| {
            let flat = flatten_first_alternative(spec, schema);
            let fields: Vec<(&String, &Value)> = properties(&flat).collect();
            matches!(fields.as_slice(), [(name, items)]
                if *name == "items" && primary_type(&flatten(spec, items)) == Some("array"))
        })
}

/// `/things/{id}` where `/things` is a collection.
fn item_of<'t>(template: &'t PathTemplate, collections: &[&str]) -> Option<(String, &'t str)> {
    let (parent, param) = template.split_trailing_param()?;
    collections
        .contains(&parent.as_str())
        .then_some((parent, param))
}

/// A parameterless path with an object to GET and a body to write back.
fn is_settings_path(spec: &Spec, path: &str) -> bool {
    let on_path = || {
        spec.operations
            .iter()
            .filter(move |op| op.path.as_str() == path)
    };
    let readable = on_path().any(|op| {
        op.method == Method::GET
            && op
                .success
                .json_schema
                .as_deref()
                .and_then(|pointer| spec.at(pointer))
                .is_some_and(|schema| {
                    primary_type(&flatten_first_alternative(spec, schema)) == Some("object")
                })
    });
    let writable = on_path().any(|op| {
        matches!(op.method, Method::POST | Method::PUT | Method::PATCH) && op.body.is_some()
    });
    readable && writable
}

/// The GET operation reading a path, whose schema seeds that path's settings document.
pub fn reader_of<'s>(spec: &'s Spec, path: &str) -> Option<&'s Operation> {
    spec.operations
        .iter()
        .find(|op| op.method == Method::GET && op.path.as_str() == path)
}
