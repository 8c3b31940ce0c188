//! What happens to every request of every generated operation, through progenitor's
//! `ClientHooks::exec`: the access token goes on (refreshed first when due), idempotent requests
//! are retried on transient failures, a `401` triggers one refresh and one replay, and the body
//! of an error response is kept for [`crate::Error`] to decode.
//!
//! Hooking `exec` rather than wrapping `reqwest` keeps the generated code untouched and covers
//! every operation, present and future, in one place.

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{AUTHORIZATION, HeaderValue};
use reqwest::{Request, Response, StatusCode};

use crate::error::{self, ErrorBody};
use crate::session::{Bearer, Session};
use crate::{Client, retry};

impl ClientHooks<Session> for Client {
    async fn exec(&self, request: Request, info: &OperationInfo) -> reqwest::Result<Response> {
        execute(self, request, info)
            .await
            .map_err(error::without_query)
    }
}

async fn execute(
    client: &Client,
    request: Request,
    info: &OperationInfo,
) -> reqwest::Result<Response> {
    let session = client.inner();
    let policy = session.retry();
    let retryable = retry::is_idempotent(request.method(), info.operation_id);
    if let Some(generation) = session.refresh_due() {
        session.refresh(client, generation).await;
    }
    let bearer = session.bearer();
    // Kept for a replay after a 401: by then a refresh, or another clone of the client, may
    // have put newer tokens in place. A clone shares the body's bytes.
    let replay = bearer.as_ref().and_then(|_| request.try_clone());
    let mut response = retry::send(
        client.client(),
        authorize(request, bearer.as_ref()),
        retryable,
        &policy,
    )
    .await?;
    if response.status() == StatusCode::UNAUTHORIZED
        && let (Some(refused), Some(replay)) = (bearer, replay)
        && session.refresh(client, refused.generation).await
    {
        response = retry::send(
            client.client(),
            authorize(replay, session.bearer().as_ref()),
            retryable,
            &policy,
        )
        .await?;
    }
    keep_error_body(response).await
}

fn authorize(mut request: Request, bearer: Option<&Bearer>) -> Request {
    if let Some(bearer) = bearer
        && let Ok(mut value) = HeaderValue::from_str(&format!("Bearer {}", bearer.token.expose()))
    {
        // Marked sensitive so that no `Debug` of the request or its headers shows it.
        value.set_sensitive(true);
        request.headers_mut().insert(AUTHORIZATION, value);
    }
    request
}

async fn keep_error_body(response: Response) -> reqwest::Result<Response> {
    if !(response.status().is_client_error() || response.status().is_server_error()) {
        return Ok(response);
    }
    let mut parts = http::Response::builder()
        .status(response.status())
        .version(response.version());
    if let Some(headers) = parts.headers_mut() {
        *headers = response.headers().clone();
    }
    let body = response.bytes().await?;
    let mut rebuilt = parts
        .body(body.clone())
        .expect("status, version and headers come from a valid response");
    rebuilt.extensions_mut().insert(ErrorBody(body));
    Ok(Response::from(rebuilt))
}
