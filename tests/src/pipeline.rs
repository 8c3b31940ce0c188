//! One request's way through the mock: route, count, authenticate, validate, apply faults,
//! carry out the operation's behaviour, render.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};

use crate::config::BASE_PATH;
use crate::errors::{ApiError, Failure, code};
use crate::faults::Fault;
use crate::render::{failure_response, gateway_error, render};
use crate::respond::{Call, REDIRECT_TARGET, Reply, bearer_token, respond};
use crate::routing::RouteMiss;
use crate::server::Shared;
use crate::server::{Answer, Received};
use crate::spec::Operation;
use crate::validation::Incoming;
use portsip_api_build::openapi::list::is_json;

const MAX_BODY: usize = 16 * 1024 * 1024;

pub async fn dispatch(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().to_owned();
    if path == REDIRECT_TARGET {
        return (StatusCode::OK, axum::Json(serde_json::json!({}))).into_response();
    }
    let Some(api_path) = path.strip_prefix(BASE_PATH) else {
        return failure_response(&Failure::not_found(format!(
            "{path} is outside {BASE_PATH}"
        )));
    };
    let compiled = &shared.compiled;
    let matched = match compiled
        .routes
        .find(&compiled.spec.operations, &parts.method, api_path)
    {
        Ok(matched) => matched,
        Err(RouteMiss::NotFound) => {
            return failure_response(&Failure::not_found(format!("no operation at {path}")));
        }
        Err(RouteMiss::MethodNotAllowed) => {
            let error = ApiError::new(
                code::METHOD_NOT_ALLOWED,
                format!("{} is not an operation on {path}", parts.method),
            );
            return failure_response(&Failure::new(StatusCode::METHOD_NOT_ALLOWED, error));
        }
    };
    let index = matched.operation;
    let op = compiled.operation(index);
    *shared.calls().entry(op.id.clone()).or_default() += 1;

    let response = handle(&shared, index, &parts, body, &matched.path_params).await;
    shared.note(format_args!(
        "{} {} -> {} {}",
        parts.method,
        parts.uri,
        op.id,
        response.status()
    ));
    response
}

async fn handle(
    shared: &Shared,
    index: usize,
    parts: &Parts,
    body: Body,
    path_params: &[(String, String)],
) -> Response {
    let compiled = &shared.compiled;
    let op = compiled.operation(index);
    let caller = if op.requires_auth {
        match shared
            .auth()
            .authenticate(bearer_token(&parts.headers).as_deref())
        {
            Ok(caller) => Some(caller),
            Err(failure) => return failure_response(&failure),
        }
    } else {
        None
    };
    let body = match to_bytes(body, MAX_BODY).await {
        Ok(body) => body,
        Err(error) => {
            return failure_response(&Failure::invalid(
                format!("cannot read the body: {error}"),
                "/body",
            ));
        }
    };
    let query: Vec<(String, String)> = parts
        .uri
        .query()
        .map(|query| {
            form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default();
    let incoming = Incoming {
        path_params,
        query: &query,
        headers: &parts.headers,
        body: &body,
    };
    let request = match compiled.validators[index].validate(&incoming) {
        Ok(request) => request,
        Err(failure) => return failure_response(&failure),
    };

    let faults = shared.faults().take(&op.id);
    for fault in &faults {
        match fault {
            Fault::Delay(delay) => tokio::time::sleep(*delay).await,
            Fault::AwaitCalls {
                operation,
                calls,
                at_most,
            } => await_calls(shared, operation, *calls, *at_most).await,
            _ => {}
        }
    }
    for fault in &faults {
        match fault {
            Fault::Status(status) => return gateway_error(*status),
            Fault::ExpiredToken => {
                return failure_response(&Failure::unauthorized(
                    code::TOKEN_EXPIRED,
                    "the access token has expired",
                ));
            }
            _ => {}
        }
    }

    let received = Received {
        params: request.params.clone(),
        body: request.body.clone(),
    };
    shared.exchange(&op.id, |exchange| exchange.request = Some(received));
    let call = Call {
        index,
        request,
        headers: &parts.headers,
        caller,
    };
    match respond(shared, call) {
        Ok(mut reply) => {
            fit_documented_body(op, &mut reply);
            let body_faults: Vec<&Fault> = faults.iter().filter(|f| f.transforms_body()).collect();
            if body_faults.is_empty() {
                let problems = compiled.answer_problems(
                    index,
                    reply.status,
                    reply.media(),
                    reply.body.as_ref(),
                );
                for problem in problems {
                    let problem = format!("{}: {problem}", op.id);
                    shared.note(format_args!("answered outside the spec: {problem}"));
                    shared.off_spec().push(problem);
                }
            }
            let answer = Answer {
                status: reply.status.as_u16(),
                json: reply.body.clone(),
                bytes: reply.bytes.as_ref().map(|(_, bytes)| bytes.clone()),
            };
            shared.exchange(&op.id, |exchange| exchange.answer = Some(answer));
            render(shared, index, reply, &body_faults)
        }
        Err(failure) => failure_response(&failure),
    }
}

/// The success answer carries the body the spec documents: a file where it documents one (not
/// JSON), and nothing where it documents no body, whatever the PBX is known to send besides
/// (tokens from `verifyOTP`): a client generated from the spec cannot read it anyway.
fn fit_documented_body(op: &Operation, reply: &mut Reply) {
    if reply.status != op.success.status {
        return;
    }
    match &op.success.media {
        None => {
            reply.body = None;
            reply.bytes = None;
        }
        Some(media) if !is_json(media) && reply.body.is_none() && reply.bytes.is_none() => {
            let file = format!("portsip-mock file for {}\n", op.id).into_bytes();
            reply.bytes = Some((media.clone(), file));
        }
        Some(_) => {}
    }
}

/// Returns once `operation` has been called `calls` times, or after `at_most`.
async fn await_calls(shared: &Shared, operation: &str, calls: usize, at_most: Duration) {
    let deadline = tokio::time::Instant::now() + at_most;
    while shared.calls().get(operation).copied().unwrap_or(0) < calls
        && tokio::time::Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}
