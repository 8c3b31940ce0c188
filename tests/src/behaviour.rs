//! What the mock does for each operation, decided once from the spec.
//!
//! Sign-in and token handling follow the PBX and are picked by operationId, since no schema
//! says "this issues tokens". Everything else is recognised by shape, so new vendor pages get
//! the same treatment without a list to keep: a list operation (the rule the client's
//! pagination uses: `skip` and `top` in, `{count, items}` out) is a collection
//! (POST on it creates, `/{id}` shows and updates, `/{id}/destroy` or DELETE removes); a GET
//! and a write on the same parameterless path are a settings document that reads back what was
//! written. The rest answer an example generated from their response schema.

use axum::http::Method;

use crate::routing::PathTemplate;
use crate::schema::{flatten_first_alternative, primary_type};
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
    },
    Update {
        collection: String,
        id_param: String,
    },
    Delete {
        collection: String,
        id_param: String,
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
