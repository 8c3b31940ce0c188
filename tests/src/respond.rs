//! Carrying out an operation's behaviour on a validated request.

use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use serde_json::{Map, Value, json};

use crate::auth::{Caller, SignIn, TokenPair};
use crate::behaviour::{Behaviour, reader_of};
use crate::errors::Failure;
use crate::member_list::MemberList;
use crate::server::Shared;
use crate::validation::ValidRequest;

/// The cookie `POST /login` sets for browser-style sessions.
pub const SESSION_COOKIE: &str = "portsip_session";

/// Where the 302 of a redirecting operation points: a page of the mock itself, since a
/// client that follows redirects must not leave loopback.
pub const REDIRECT_TARGET: &str = "/mock/redirected";

/// A normal answer, before any fault is applied.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub body: Option<Value>,
    /// A body that is not JSON (a file), with its media type.
    pub bytes: Option<(String, Vec<u8>)>,
    pub headers: Vec<(HeaderName, HeaderValue)>,
}

impl Reply {
    fn new(status: StatusCode, body: Option<Value>) -> Self {
        Self {
            status,
            body,
            bytes: None,
            headers: Vec::new(),
        }
    }

    /// The media type the answer goes out as.
    pub fn media(&self) -> Option<&str> {
        match (&self.body, &self.bytes) {
            (Some(_), _) => Some("application/json"),
            (None, Some((media, _))) => Some(media),
            (None, None) => None,
        }
    }
}

pub struct Call<'a> {
    pub index: usize,
    pub request: ValidRequest,
    pub headers: &'a HeaderMap,
    /// Set when the operation requires authentication.
    pub caller: Option<Caller>,
}

pub fn respond(shared: &Shared, call: Call<'_>) -> Result<Reply, Failure> {
    let compiled = &shared.compiled;
    let op = compiled.operation(call.index);
    let status = op.success.status;
    let generated = || compiled.success_example(call.index);
    let ok = |body: Option<Value>| Ok(Reply::new(status, body));
    let body = call.request.body.as_ref();
    let field = |name: &str| {
        body.and_then(|b| b.get(name))
            .and_then(Value::as_str)
            .unwrap_or("")
    };
    let behaviour = &compiled.behaviours[call.index];
    match behaviour {
        Behaviour::SignIn | Behaviour::Login => {
            let domain = body.and_then(|b| b.get("domain")).and_then(Value::as_str);
            let outcome = shared
                .auth()
                .sign_in(field("username"), field("password"), domain)?;
            let mut reply = Reply::new(status, Some(sign_in_body(&outcome)));
            if let (Behaviour::Login, SignIn::Tokens(pair)) = (behaviour, &outcome) {
                let cookie = format!("{SESSION_COOKIE}={}; Path=/; HttpOnly", pair.access_token);
                reply
                    .headers
                    .push((header::SET_COOKIE, header_value(&cookie)));
            }
            Ok(reply)
        }
        Behaviour::LoginStatus => {
            let token = session_token(call.headers).or_else(|| bearer_token(call.headers));
            let caller = shared.auth().authenticate(token.as_deref())?;
            ok(Some(overlay(
                generated(),
                json!({
                    "access_token": caller.access_token,
                    "expires_in": caller.expires_in,
                    "expires_at": humantime::format_rfc3339_seconds(caller.expires_at).to_string(),
                    "role": caller.role,
                }),
            )))
        }
        Behaviour::Logout => {
            if let Some(token) = session_token(call.headers).or_else(|| bearer_token(call.headers))
            {
                shared.auth().sign_out(&token);
            }
            let mut reply = Reply::new(status, None);
            let expired = format!("{SESSION_COOKIE}=; Path=/; Max-Age=0");
            reply
                .headers
                .push((header::SET_COOKIE, header_value(&expired)));
            Ok(reply)
        }
        Behaviour::RefreshToken => {
            let pair = shared.auth().refresh(field("refresh_token"))?;
            ok(Some(tokens_body(&pair)))
        }
        Behaviour::SignOut => {
            if let Some(caller) = &call.caller {
                shared.auth().sign_out(&caller.access_token);
            }
            ok(generated())
        }
        Behaviour::SendOtp => {
            let code = shared.auth().send_code(field("token"))?;
            shared.note(format_args!("one-time code sent: {code}"));
            ok(generated())
        }
        Behaviour::VerifyOtp => {
            // The PBX answers the tokens the sign-in withheld; the mock sends them only where
            // the spec documents a body (the pipeline drops undocumented bodies).
            let pair = shared.auth().verify_code(field("token"), field("code"))?;
            ok(Some(tokens_body(&pair)))
        }
        Behaviour::ForgetPassword => {
            shared.auth().forget_password(field("username"));
            ok(generated())
        }
        Behaviour::ResetPassword => {
            shared
                .auth()
                .reset_password(field("token"), field("new_password"))?;
            ok(generated())
        }
        Behaviour::CurrentUser => {
            let role = call
                .caller
                .as_ref()
                .map_or("", |caller| caller.role.as_str());
            ok(Some(overlay(generated(), json!({ "role": role }))))
        }
        Behaviour::Recharge { path } => {
            let mut store = shared.store();
            let settings = store.settings(path, || settings_seed(shared, path));
            for (name, amount) in body.and_then(Value::as_object).into_iter().flatten() {
                let total = settings.get(name).and_then(Value::as_f64).unwrap_or(0.0)
                    + amount.as_f64().unwrap_or(0.0);
                settings[name.as_str()] = json!(total);
            }
            ok(generated())
        }
        Behaviour::List { collection } => {
            let skip = call.request.param_u64("skip").unwrap_or(0) as usize;
            let top = call.request.param_u64("top").unwrap_or(100) as usize;
            let page = shared.store().page(collection, skip, top);
            ok(Some(overlay(
                generated(),
                json!({ "count": page.count, "items": page.items }),
            )))
        }
        Behaviour::Create {
            collection,
            id_param,
        } => {
            let item = body.and_then(Value::as_object).cloned().unwrap_or_default();
            let id = shared.store().create(collection, id_param, item);
            // The new id goes where the answer's schema has room for it: under the path
            // parameter's name, else `id` (`/users/{id}/holidays/{holiday_id}` creates answer
            // `{id}`); a field the schema lacks would be an answer off the spec.
            let answer = generated();
            let field = [id_param.as_str(), "id"]
                .into_iter()
                .find(|field| answer.as_ref().is_some_and(|a| a.get(*field).is_some()));
            ok(match field {
                Some(field) => Some(overlay(answer, json!({ field: id }))),
                None => answer,
            })
        }
        Behaviour::Show {
            collection,
            id_param,
            in_items,
        } => {
            let id = path_id(&call.request, id_param);
            let item = shared.store().get(collection, id);
            let item = item.ok_or_else(|| missing(collection, id_param, id))?;
            ok(Some(if *in_items {
                json!({ "items": [item] })
            } else {
                item
            }))
        }
        Behaviour::Update {
            collection,
            id_param,
        } => {
            let id = path_id(&call.request, id_param);
            let mut changes: Map<String, Value> =
                body.and_then(Value::as_object).cloned().unwrap_or_default();
            // The id in the path is the record's identity, whatever the body says.
            changes.remove(id_param);
            if !shared.store().update(collection, id, changes) {
                return Err(missing(collection, id_param, id));
            }
            ok(generated())
        }
        Behaviour::Delete {
            collection,
            id_param,
        } => {
            let id = path_id(&call.request, id_param);
            if !shared.store().delete(collection, id) {
                return Err(missing(collection, id_param, id));
            }
            ok(generated())
        }
        Behaviour::ListMembers { members } => {
            check_owner(shared, members, &call.request)?;
            let key = members.key(&call.request.params);
            ok(Some(json!({ "items": shared.store().members(&key) })))
        }
        Behaviour::ReplaceMembers { members } => {
            check_owner(shared, members, &call.request)?;
            let key = members.key(&call.request.params);
            // A body without `items` leaves the list alone; `[]` empties it.
            if let Some(items) = body.and_then(|b| b.get("items")).and_then(Value::as_array) {
                shared.store().replace_members(&key, items.clone());
            }
            ok(generated())
        }
        Behaviour::ShowMember {
            members,
            key_param,
            key_field,
        } => {
            check_owner(shared, members, &call.request)?;
            let key = members.key(&call.request.params);
            let wanted = path_id(&call.request, key_param);
            let member = shared
                .store()
                .members(&key)
                .iter()
                .find(|member| member.get(key_field).and_then(Value::as_str) == Some(wanted))
                .cloned();
            ok(Some(
                member.ok_or_else(|| missing(&key, key_param, wanted))?,
            ))
        }
        Behaviour::ReadSettings { path } => {
            let mut store = shared.store();
            ok(Some(
                store.settings(path, || settings_seed(shared, path)).clone(),
            ))
        }
        Behaviour::WriteSettings { path } => {
            let mut store = shared.store();
            let settings = store.settings(path, || settings_seed(shared, path));
            if let (Some(settings), Some(changes)) =
                (settings.as_object_mut(), body.and_then(Value::as_object))
            {
                settings.extend(changes.clone());
            }
            ok(generated())
        }
        Behaviour::Generated => {
            let mut reply = Reply::new(status, generated());
            if status.is_redirection() {
                reply
                    .headers
                    .push((header::LOCATION, header_value(REDIRECT_TARGET)));
            }
            Ok(reply)
        }
    }
}

fn settings_seed(shared: &Shared, path: &str) -> Value {
    let compiled = &shared.compiled;
    reader_of(&compiled.spec, path)
        .and_then(|reader| compiled.index_of(&reader.id))
        .and_then(|index| compiled.success_example(index))
        .unwrap_or_else(|| json!({}))
}

/// A list of a group that does not exist is not found, like the group.
fn check_owner(
    shared: &Shared,
    members: &MemberList,
    request: &ValidRequest,
) -> Result<(), Failure> {
    let Some(owner) = &members.owner else {
        return Ok(());
    };
    let id = path_id(request, &owner.id_param);
    match shared.store().get(&owner.collection, id) {
        Some(_) => Ok(()),
        None => Err(missing(&owner.collection, &owner.id_param, id)),
    }
}

fn path_id<'r>(request: &'r ValidRequest, id_param: &str) -> &'r str {
    request.param_str(id_param).unwrap_or("")
}

fn missing(collection: &str, id_param: &str, id: &str) -> Failure {
    let mut failure = Failure::not_found(format!("no item {id:?} in {collection}"));
    failure.errors[0].detail = Value::String(format!("/path/{id_param}"));
    failure
}

/// `base` with the fields of `facts` set, for answers that mix generated and known values.
fn overlay(base: Option<Value>, facts: Value) -> Value {
    match (base, facts) {
        (Some(Value::Object(mut base)), Value::Object(facts)) => {
            base.extend(facts);
            Value::Object(base)
        }
        (_, facts) => facts,
    }
}

fn tokens_body(pair: &TokenPair) -> Value {
    json!({
        "token_type": "Bearer",
        "access_token": pair.access_token,
        "refresh_token": pair.refresh_token,
        "expires_in": pair.expires_in,
    })
}

fn sign_in_body(outcome: &SignIn) -> Value {
    match outcome {
        SignIn::Tokens(pair) => tokens_body(pair),
        SignIn::TwoFactor { token } => json!({ "two_factor_enabled": true, "token": token }),
    }
}

fn header_value(text: &str) -> HeaderValue {
    HeaderValue::from_str(text).expect("the mock writes ASCII header values")
}

pub fn bearer_token(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

fn session_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|cookies| cookies.split(';'))
        .filter_map(|cookie| cookie.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|value| !value.is_empty())
}
