//! Turning an answer into HTTP, broken on purpose when a fault asks for it.

use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures::{StreamExt, stream};

use crate::errors::Failure;
use crate::faults::{Fault, nulled, with_unknown_enums};
use crate::respond::Reply;
use crate::server::Shared;

pub fn failure_response(failure: &Failure) -> Response {
    (failure.status, axum::Json(failure.body())).into_response()
}

/// What a reverse proxy in front of the PBX sends when the PBX is down or slow.
pub fn gateway_error(status: u16) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY);
    let page =
        format!("<html><head><title>{status}</title></head><body><h1>{status}</h1></body></html>");
    (status, [(header::CONTENT_TYPE, "text/html")], page).into_response()
}

pub fn render(shared: &Shared, index: usize, reply: Reply, faults: &[&Fault]) -> Response {
    let compiled = &shared.compiled;
    let schema = compiled
        .operation(index)
        .success
        .json_schema
        .as_deref()
        .and_then(|pointer| compiled.spec.at(pointer));
    let media = reply.media().unwrap_or("application/json").to_owned();
    let file = reply.bytes.map(|(_, bytes)| bytes);
    let mut body = reply.body;
    let mut status = reply.status;
    for fault in faults {
        body = match (fault, body) {
            (Fault::AllNull, Some(value)) => Some(nulled(&compiled.spec, schema, &value)),
            (Fault::UnknownEnumValues, Some(value)) => Some(match schema {
                Some(schema) => with_unknown_enums(&compiled.spec, schema, &value),
                None => value,
            }),
            (_, body) => body,
        };
    }
    let has_file = file.is_some();
    let mut bytes: Vec<u8> = match (&body, file) {
        (Some(value), _) => serde_json::to_vec(value).expect("JSON values serialize"),
        (None, Some(file)) => file,
        (None, None) => Vec::new(),
    };
    let mut declared_length = None;
    for fault in faults {
        match fault {
            Fault::MalformedJson => bytes = b"{\"mock\": \"malformed\" oops".to_vec(),
            Fault::CutJson => bytes = first_half(&bytes),
            Fault::TruncatedBody => {
                declared_length = Some(bytes.len().max(2) + 64);
                bytes = first_half(&bytes);
            }
            _ => {}
        }
    }
    let broken = faults.iter().any(|f| {
        matches!(
            f,
            Fault::MalformedJson | Fault::CutJson | Fault::TruncatedBody
        )
    });
    if broken && status == StatusCode::NO_CONTENT {
        // A 204 cannot carry the broken body the fault is about.
        status = StatusCode::OK;
    }
    let has_body = body.is_some() || has_file || broken;
    let mut response = match declared_length {
        Some(length) => {
            // Send part of the body, then fail the stream: the connection closes short. The
            // pause lets the head and the first part reach the client before the failure.
            let sent = stream::iter([Ok::<_, std::io::Error>(Bytes::from(bytes))]);
            let failure = stream::once(async {
                tokio::time::sleep(Duration::from_millis(50)).await;
                Err(std::io::Error::other("mock: truncated body"))
            });
            let mut response = Response::new(Body::from_stream(sent.chain(failure)));
            response
                .headers_mut()
                .insert(header::CONTENT_LENGTH, HeaderValue::from(length));
            response
        }
        None if has_body => Response::new(Body::from(bytes)),
        None => Response::new(Body::empty()),
    };
    *response.status_mut() = status;
    if has_body {
        let media = HeaderValue::from_str(&media)
            .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
        response.headers_mut().insert(header::CONTENT_TYPE, media);
    }
    for (name, value) in reply.headers {
        response.headers_mut().append(name, value);
    }
    response
}

fn first_half(bytes: &[u8]) -> Vec<u8> {
    if bytes.len() < 2 {
        return b"{\"".to_vec();
    }
    bytes[..bytes.len() / 2].to_vec()
}
