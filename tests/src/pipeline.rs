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
use crate::respond::{Call, REDIRECT_TARGET, bearer_token, respond};
use crate::routing::RouteMiss;
use crate::server::Shared;
use crate::validation::Incoming;

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

    let call = Call {
        index,
        request,
        headers: &parts.headers,
        caller,
    };
    match respond(shared, call) {
        Ok(reply) => {
            let body_faults: Vec<&Fault> = faults.iter().filter(|f| f.transforms_body()).collect();
            if body_faults.is_empty()
                && let Some(body) = &reply.body
            {
                for problem in compiled.response_problems(index, body) {
                    let problem = format!("{}: {problem}", op.id);
                    shared.note(format_args!("answered outside the spec: {problem}"));
                    shared.off_spec().push(problem);
                }
            }
            render(shared, index, reply, &body_faults)
        }
        Err(failure) => failure_response(&failure),
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
