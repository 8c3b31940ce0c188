//! What goes over the wire: empty lists are sent, redirects are answers, operations that are
//! not safe to repeat are sent once, and secrets in query strings stay out of errors.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::http::{Method, StatusCode, Uri, header};
use axum::response::IntoResponse;
use portsip_api::types::{OutboundCallerId, TenantSettingsUpdate};
use portsip_api::{Client, ClientBuilder, Error, RetryPolicy};
use serde_json::json;
use support::{closed_port_url, json, start, text};

#[test]
fn an_empty_optional_list_is_not_an_absent_one() {
    let empty = TenantSettingsUpdate::builder().outbound_caller_ids(Vec::<OutboundCallerId>::new());
    let empty = TenantSettingsUpdate::try_from(empty).unwrap();
    assert_eq!(
        serde_json::to_value(&empty).unwrap(),
        json!({"outbound_caller_ids": []})
    );
    let unset = TenantSettingsUpdate::try_from(TenantSettingsUpdate::builder()).unwrap();
    assert_eq!(serde_json::to_value(&unset).unwrap(), json!({}));
}

#[tokio::test]
async fn an_operation_sends_an_empty_list_to_clear_it_and_leaves_an_unset_one_out() {
    let server = start(|_| text(200, "")).await;
    let client = server.client();
    client
        .update_settings()
        .body_map(|body| body.outbound_caller_ids(Vec::<OutboundCallerId>::new()))
        .send()
        .await
        .unwrap();
    client
        .update_settings()
        .body_map(|body| body.currency("EUR".to_owned()))
        .send()
        .await
        .unwrap();
    let bodies: Vec<_> = server.hits().iter().map(support::Hit::json).collect();
    assert_eq!(
        bodies,
        [
            json!({"outbound_caller_ids": []}),
            json!({"currency": "EUR"})
        ]
    );
}

/// A server that redirects every request to `/api/elsewhere`, recording `METHOD path`.
async fn redirecting_server() -> (Client, Arc<Mutex<Vec<String>>>) {
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let record = seen.clone();
    let router = Router::new().fallback(move |method: Method, uri: Uri| {
        let record = record.clone();
        async move {
            record
                .lock()
                .unwrap()
                .push(format!("{method} {}", uri.path()));
            if uri.path() == "/api/elsewhere" {
                return (StatusCode::OK, "{}").into_response();
            }
            (
                StatusCode::FOUND,
                [(
                    header::LOCATION,
                    "https://login.example.com/authorize?state=x",
                )],
            )
                .into_response()
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let client = ClientBuilder::with_base_url(format!("http://{address}/api"))
        .build()
        .unwrap();
    (client, seen)
}

#[tokio::test]
async fn a_redirect_only_operation_returns_the_redirect_without_following_it() {
    let (client, seen) = redirecting_server().await;
    let redirect = client
        .login_with_microsoft()
        .body_map(|body| body.domain("tenant.example.com".to_owned()))
        .send()
        .await
        .unwrap();
    assert_eq!(redirect.status(), StatusCode::FOUND);
    assert_eq!(
        redirect.headers()[header::LOCATION],
        "https://login.example.com/authorize?state=x"
    );
    assert_eq!(*seen.lock().unwrap(), ["POST /api/login/by_microsoft"]);
}

#[tokio::test]
async fn a_redirect_where_the_spec_documents_none_is_an_error_and_not_followed() {
    let (client, seen) = redirecting_server().await;
    let error = Error::from(client.show_holiday().id("h1").send().await.unwrap_err());
    assert!(
        matches!(error, Error::UnexpectedStatus(StatusCode::FOUND)),
        "{error:?}"
    );
    assert_eq!(*seen.lock().unwrap(), ["GET /api/holidays/h1"]);
}

fn call_directly(client: &Client) -> portsip_api::builder::CreateCallSessionDirectly<'_> {
    client
        .create_call_session_directly()
        .extension_number("101")
        .password("hunter2")
        .domain("tenant.example.com")
        .caller("101")
        .callee("102")
        .send_sdp(false)
}

#[tokio::test]
async fn a_get_that_places_a_call_is_never_repeated() {
    let server = start(|_| text(503, "busy")).await;
    let client = server.client();
    let error = Error::from(call_directly(&client).send().await.unwrap_err());
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(server.hits_to("/sessions/directly").len(), 1);

    // An ordinary GET on the same server is retried, so the 503 alone is not why.
    let _ = client.list_call_sessions().send().await;
    assert_eq!(server.hits_to("/sessions").len(), 3);
}

/// Display and Debug of the error, before and after conversion into [`Error`].
async fn shown_errors(client: &Client) -> (Error, String) {
    let generated = call_directly(client).send().await.unwrap_err();
    let before = format!("{generated} {generated:?}");
    let error = Error::from(generated);
    let shown = format!("{before} {error} {error:?}");
    (error, shown)
}

#[tokio::test]
async fn a_password_in_the_query_never_shows_in_a_timeout_error() {
    // Accepts connections and never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let client = ClientBuilder::with_base_url(format!("http://{address}/api"))
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let (error, shown) = shown_errors(&client).await;
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(shown.contains("/api/sessions/directly"), "{shown}");
}

#[tokio::test]
async fn a_password_in_the_query_never_shows_in_a_connection_error() {
    let client = ClientBuilder::with_base_url(closed_port_url().await)
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    let (error, shown) = shown_errors(&client).await;
    assert!(matches!(error, Error::Connect(_)), "{error:?}");
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(shown.contains("/api/sessions/directly"), "{shown}");
}

#[tokio::test]
async fn the_password_still_reaches_the_server() {
    let server = start(|_| json(201, json!({}))).await;
    let _ = call_directly(&server.client()).send().await;
    let hit = &server.hits_to("/sessions/directly")[0];
    assert!(hit.query.contains("password=hunter2"), "{}", hit.query);
}
