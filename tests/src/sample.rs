//! Requests the mock accepts, generated from the spec: what the end-to-end tests send through
//! the typed client to every operation.
//!
//! Values come from the same generator as the mock's answers, so they satisfy the formats,
//! enums, patterns and bounds the validator checks. Where an operation's behaviour needs state
//! (an existing item, a live token, an account), the sample is made to fit the mock's state, or
//! the state the sample: chosen by behaviour, so a new vendor page needs nothing here.

use axum::http::Method;
use serde_json::{Map, Value, json};

use crate::auth::{MockUser, SignIn};
use crate::behaviour::Behaviour;
use crate::example::Fill;
use crate::member_list::{self, MemberList};
use crate::server::Shared;
use portsip_api_build::openapi::list::is_json;

/// A request for one operation: parameters by their spec names, and a body.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleRequest {
    pub params: Vec<(String, Value)>,
    pub body: Option<SampleBody>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SampleBody {
    /// A JSON or form body, as JSON.
    Json(Value),
    /// A file.
    Bytes(Vec<u8>),
}

impl SampleRequest {
    pub fn param(&self, name: &str) -> Option<&Value> {
        self.params
            .iter()
            .find(|(candidate, _)| candidate == name)
            .map(|(_, value)| value)
    }
}

/// Accounts the samples of the sign-in flows use, added to the mock when first needed.
const TWO_FACTOR_USER: (&str, &str) = ("sample-two-factor", "Sample-Secret-1");
const RESET_USER: (&str, &str) = ("sample-reset", "Sample-Secret-2");

pub(crate) fn sample_request(shared: &Shared, index: usize, fill: Fill) -> SampleRequest {
    let compiled = &shared.compiled;
    let op = compiled.operation(index);
    let wanted = |required: bool| required || fill == Fill::All;
    let params = op
        .parameters
        .iter()
        .filter(|parameter| wanted(parameter.required))
        .map(|parameter| {
            let value = parameter.schema.as_deref().map_or_else(
                || json!("example"),
                |pointer| compiled.request_example_at(pointer, fill),
            );
            (parameter.name.clone(), value)
        })
        .collect();
    let body = op
        .body
        .as_ref()
        // Even when optional: a generated client always sends the body it has a type for.
        .and_then(|body| {
            // The media type a generated client picks: JSON, else the first declared.
            let (media, schema) = body
                .media
                .iter()
                .find(|(media, _)| is_json(media))
                .or_else(|| body.media.first())?;
            let structured = is_json(media) || media == "application/x-www-form-urlencoded";
            Some(if structured {
                SampleBody::Json(schema.as_deref().map_or_else(
                    || json!({}),
                    |pointer| compiled.request_example_at(pointer, fill),
                ))
            } else {
                SampleBody::Bytes(format!("portsip-mock upload for {}\n", op.id).into_bytes())
            })
        });
    let mut sample = SampleRequest { params, body };
    fit_to_state(shared, index, &mut sample);
    sample
}

fn fit_to_state(shared: &Shared, index: usize, sample: &mut SampleRequest) {
    let compiled = &shared.compiled;
    let body = match &mut sample.body {
        Some(SampleBody::Json(Value::Object(body))) => Some(body),
        _ => None,
    };
    match &compiled.behaviours[index] {
        Behaviour::Show {
            collection,
            id_param,
            ..
        }
        | Behaviour::Update {
            collection,
            id_param,
        }
        | Behaviour::Delete {
            collection,
            id_param,
        } => {
            let id = param_text(sample, id_param);
            ensure_item(shared, collection, id_param, &id);
        }
        Behaviour::ListMembers { members } | Behaviour::ReplaceMembers { members } => {
            ensure_owner(shared, members, sample);
        }
        Behaviour::ShowMember {
            members,
            key_param,
            key_field,
        } => {
            ensure_owner(shared, members, sample);
            ensure_member(shared, members, sample, key_param, key_field);
        }
        Behaviour::SignIn | Behaviour::Login => {
            if let Some(user) = shared.auth().plain_user() {
                let mut body = body;
                set(body.as_deref_mut(), "username", &user.username);
                set(body.as_deref_mut(), "password", &user.password);
                if let Some(domain) = &user.domain {
                    set(body, "domain", domain);
                }
            }
        }
        Behaviour::RefreshToken => {
            let user = shared.auth().plain_user();
            if let Some(user) = user
                && let Ok(SignIn::Tokens(pair)) =
                    shared.auth().sign_in(&user.username, &user.password, None)
            {
                set(body, "refresh_token", &pair.refresh_token);
            }
        }
        Behaviour::SendOtp | Behaviour::VerifyOtp => {
            let (username, password) = TWO_FACTOR_USER;
            let mut auth = shared.auth();
            auth.ensure_user(MockUser::new(username, password).with_two_factor());
            // A sign-in right after a proved code gets tokens, not a challenge: ask again.
            let challenge = (0..2).find_map(|_| match auth.sign_in(username, password, None) {
                Ok(SignIn::TwoFactor { token }) => Some(token),
                _ => None,
            });
            if let Some(token) = challenge {
                let mut body = body;
                set(body.as_deref_mut(), "token", &token);
                if compiled.behaviours[index] == Behaviour::VerifyOtp
                    && let Ok(code) = auth.send_code(&token)
                {
                    set(body, "code", &code);
                }
            }
        }
        Behaviour::ForgetPassword => {
            if let Some(user) = shared.auth().plain_user() {
                set(body, "username", &user.username);
            }
        }
        Behaviour::ResetPassword => {
            // Its own account, so the password other requests sign in with stays.
            let (username, password) = RESET_USER;
            let mut auth = shared.auth();
            auth.ensure_user(MockUser::new(username, password));
            auth.forget_password(username);
            if let Some(token) = auth.reset_token(username) {
                set(body, "token", &token);
            }
        }
        _ => {}
    }
}

fn param_text(sample: &SampleRequest, name: &str) -> String {
    sample
        .param(name)
        .map(member_list::param_text)
        .unwrap_or_default()
}

fn sample_params(sample: &SampleRequest) -> Map<String, Value> {
    sample.params.iter().cloned().collect()
}

/// Makes item `id` of `collection` exist, as its show operation would answer it.
fn ensure_item(shared: &Shared, collection: &str, id_param: &str, id: &str) {
    let compiled = &shared.compiled;
    let show = compiled.spec.operations.iter().position(|op| {
        op.method == Method::GET
            && op.path.split_trailing_param() == Some((collection.to_owned(), id_param))
    });
    let example = show.and_then(|show| compiled.success_example(show));
    let in_items = show.is_some_and(|show| {
        matches!(
            compiled.behaviours[show],
            Behaviour::Show { in_items: true, .. }
        )
    });
    let item = if in_items {
        example.and_then(|wrapper| wrapper.get("items")?.get(0).cloned())
    } else {
        example
    };
    let item = item
        .and_then(|item| item.as_object().cloned())
        .unwrap_or_default();
    shared.store().ensure(collection, id_param, id, item);
}

fn ensure_owner(shared: &Shared, members: &MemberList, sample: &SampleRequest) {
    if let Some(owner) = &members.owner {
        let id = param_text(sample, &owner.id_param);
        ensure_item(shared, &owner.collection, &owner.id_param, &id);
    }
}

/// Makes the list hold a member under the sample's key, as the list's reader would answer it.
fn ensure_member(
    shared: &Shared,
    members: &MemberList,
    sample: &SampleRequest,
    key_param: &str,
    key_field: &str,
) {
    let compiled = &shared.compiled;
    let list = members.key(&sample_params(sample));
    let wanted = param_text(sample, key_param);
    let mut store = shared.store();
    let mut current = store.members(&list).to_vec();
    if current
        .iter()
        .any(|member| member.get(key_field).and_then(Value::as_str) == Some(wanted.as_str()))
    {
        return;
    }
    let mut member = compiled
        .spec
        .operations
        .iter()
        .position(|op| op.method == Method::GET && op.path == members.path)
        .and_then(|reader| compiled.success_example(reader))
        .and_then(|list| list.get("items")?.get(0).cloned())
        .unwrap_or_else(|| json!({}));
    member[key_field] = json!(wanted);
    current.push(member);
    store.replace_members(&list, current);
}

/// Sets a field the sample already has; one the schema leaves out stays out.
fn set(body: Option<&mut Map<String, Value>>, field: &str, value: &str) {
    if let Some(body) = body
        && body.contains_key(field)
    {
        body.insert(field.to_owned(), json!(value));
    }
}
