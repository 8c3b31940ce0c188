//! Retries, error decoding, timeouts and configuration, against a local server.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use portsip_api::{ClientBuilder, Error, RetryPolicy};
use serde_json::json;
use support::{closed_port_url, json, stalled_listener, start, text};

/// A request that retries must end within seconds: a broken retry loop fails here with a
/// message instead of hanging the test run.
async fn bounded<F: std::future::Future>(future: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(10), future)
        .await
        .expect("the request ends within 10 s: the retry loop does not stop")
}

fn holiday() -> serde_json::Value {
    json!({"id": "h1", "name": "New Year", "consecutive": false})
}

#[tokio::test]
async fn a_get_is_retried_on_503_until_it_succeeds() {
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = calls.clone();
    let server = start(move |_| match seen.fetch_add(1, Ordering::SeqCst) {
        0 | 1 => text(503, "busy"),
        _ => json(200, holiday()),
    })
    .await;
    let holiday = bounded(server.client().show_holiday().id("h1").send())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(holiday.name.as_deref(), Some("New Year"));
    assert_eq!(server.hits_to("/holidays/h1").len(), 3);
}

#[tokio::test]
async fn a_get_gives_up_after_the_configured_attempts() {
    let server = start(|_| text(502, "<html>Bad Gateway</html>")).await;
    let error = bounded(server.client().show_holiday().id("h1").send())
        .await
        .map_err(Error::from)
        .unwrap_err();
    assert_eq!(server.hits().len(), 3);
    let api = error.api().expect("an API error");
    assert_eq!(api.status().as_u16(), 502);
    assert_eq!(api.raw_body(), Some("<html>Bad Gateway</html>"));

    let server = start(|_| text(504, "")).await;
    let client = server.builder().retry(
        RetryPolicy::default()
            .max_attempts(5)
            .backoff(Duration::from_millis(1), Duration::from_millis(1)),
    );
    let _ = bounded(client.build().unwrap().show_holiday().id("h1").send()).await;
    assert_eq!(server.hits().len(), 5);
}

#[tokio::test]
async fn a_post_is_never_retried() {
    let server = start(|_| text(503, "busy")).await;
    let outcome = bounded(
        server
            .client()
            .update_holiday()
            .id("h1")
            .body_map(|b| b.name("x".to_string()))
            .send(),
    )
    .await;
    assert_eq!(
        Error::from(outcome.unwrap_err())
            .status()
            .map(|s| s.as_u16()),
        Some(503)
    );
    assert_eq!(server.hits().len(), 1);
}

#[tokio::test]
async fn retries_can_be_switched_off() {
    let server = start(|_| text(503, "busy")).await;
    let client = server
        .builder()
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    let _ = bounded(client.show_holiday().id("h1").send()).await;
    assert_eq!(server.hits().len(), 1);
}

#[tokio::test]
async fn a_get_is_retried_on_connection_failures_with_backoff() {
    let url = closed_port_url().await;
    let policy = RetryPolicy::default().backoff(Duration::from_millis(150), Duration::from_secs(1));
    let client = ClientBuilder::with_base_url(&url)
        .retry(policy)
        .build()
        .unwrap();
    let started = Instant::now();
    let error = Error::from(
        bounded(client.show_holiday().id("h1").send())
            .await
            .unwrap_err(),
    );
    assert!(matches!(error, Error::Connect(_)), "{error:?}");
    // Two retries: 150 ms, then 300 ms.
    assert!(
        started.elapsed() >= Duration::from_millis(450),
        "{:?}",
        started.elapsed()
    );

    let client = ClientBuilder::with_base_url(&url)
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    let started = Instant::now();
    assert!(matches!(
        Error::from(
            bounded(client.show_holiday().id("h1").send())
                .await
                .unwrap_err()
        ),
        Error::Connect(_)
    ));
    assert!(started.elapsed() < Duration::from_millis(150));
}

#[tokio::test]
async fn the_vendor_error_body_becomes_a_typed_api_error() {
    let server = start(|_| {
        json(400, json!({"errors": [{"code": "VALIDATE_FAILED", "message": "name: too long", "detail": {"field": "name"}}]}))
    })
    .await;
    let error = Error::from(
        server
            .client()
            .create_holiday()
            .body_map(|b| {
                b.name("x".to_string())
                    .region("USA".to_string())
                    .consecutive(false)
                    .every_year(true)
            })
            .send()
            .await
            .unwrap_err(),
    );
    let api = error.api().expect("an API error");
    assert_eq!(api.status().as_u16(), 400);
    assert_eq!(api.code(), Some("VALIDATE_FAILED"));
    assert_eq!(api.message(), Some("name: too long"));
    assert_eq!(api.detail(), Some(&json!({"field": "name"})));
    // The request carried exactly the fields that were set, as the spec names them.
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&server.hits()[0].body).unwrap(),
        json!({"name": "x", "region": "USA", "consecutive": false, "every_year": true})
    );
}

#[tokio::test]
async fn timeouts_connection_failures_and_undecodable_bodies_are_told_apart() {
    let slow = start(|_| support::Reply {
        status: 200,
        body: "{}".into(),
        delay: Duration::from_secs(2),
    })
    .await;
    let client = slow
        .builder()
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let error = Error::from(
        bounded(client.show_holiday().id("h1").send())
            .await
            .unwrap_err(),
    );
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");

    let garbled = start(|_| text(200, "this is not JSON")).await;
    let error = Error::from(
        garbled
            .client()
            .show_holiday()
            .id("h1")
            .send()
            .await
            .unwrap_err(),
    );
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");

    let client = ClientBuilder::with_base_url(closed_port_url().await)
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    let error = Error::from(
        bounded(client.show_holiday().id("h1").send())
            .await
            .unwrap_err(),
    );
    assert!(matches!(error, Error::Connect(_)), "{error:?}");
}

#[tokio::test]
async fn the_connect_timeout_ends_a_connection_attempt_the_server_never_answers() {
    let stalled = stalled_listener();
    let client = ClientBuilder::with_base_url(&stalled.url)
        .connect_timeout(Duration::from_millis(300))
        .timeout(Duration::from_secs(60))
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    let started = Instant::now();
    let outcome = tokio::time::timeout(
        Duration::from_secs(5),
        client.show_holiday().id("h1").send(),
    )
    .await
    .expect("the 300 ms connect timeout ends the attempt, not the 10 s default");
    let error = Error::from(outcome.unwrap_err());
    assert!(
        matches!(error, Error::Connect(_) | Error::Timeout(_)),
        "{error:?}"
    );
    assert!(
        started.elapsed() >= Duration::from_millis(250),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn requests_carry_the_crate_user_agent() {
    let server = start(|_| json(200, holiday())).await;
    server
        .client()
        .show_holiday()
        .id("h1")
        .send()
        .await
        .unwrap();
    let agent = server.hits()[0].user_agent.clone();
    assert_eq!(
        agent.as_deref(),
        Some(concat!("portsip-api/", env!("CARGO_PKG_VERSION")))
    );
}
