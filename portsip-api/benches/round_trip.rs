//! Requests per second through the generated client (signed in, so the auth and retry layer is
//! on every request) against hand-written `reqwest` + `serde` calls with the same
//! `reqwest::Client` settings, both against one local server that answers fixed bodies,
//! measured in alternation (`common::paired`): `cargo bench -p portsip-api --bench round_trip`.
//! BENCHMARKS.md records the figures.

mod common;

use std::future::Future;
use std::hint::black_box;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use criterion::{Criterion, criterion_group, criterion_main};
use portsip_api::{ClientBuilder, Credentials, SignIn};
use reqwest::header::ACCEPT;
use serde::Serialize;
use tokio::runtime::Runtime;

use common::paired::{self, Side};
use common::{bodies, handwritten};

const ACCESS_TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.YWNjZXNzLXRva2Vu";

/// A server that does as little as a server can: fixed bodies, one header compared, so that
/// its cost dilutes the client's as little as possible. It runs on its own thread.
fn start_server() -> SocketAddr {
    let tokens = serde_json::json!({
        "access_token": ACCESS_TOKEN,
        "refresh_token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.cmVmcmVzaC10b2tlbg",
        "expires_in": 3600,
        "token_type": "Bearer"
    });
    let (tenant, holidays) = (bodies::tenant(), bodies::holiday_page(100));
    bodies::assert_fills_schema(&tenant, "Tenant");
    bodies::assert_fills_schema(&holidays, "HolidayList");
    let (tenant, holidays) = (Bytes::from(tenant), Bytes::from(holidays));
    let router = Router::new()
        .route(
            "/api/auth/sign_in",
            post(move || async move { axum::Json(tokens) }),
        )
        .route("/api/tenant", get(move |h: HeaderMap| answer(h, tenant)))
        .route(
            "/api/holidays",
            get(move |h: HeaderMap| answer(h, holidays)),
        );
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            sender.send(listener.local_addr().unwrap()).unwrap();
            axum::serve(listener, router).await.unwrap();
        });
    });
    receiver.recv().unwrap()
}

async fn answer(headers: HeaderMap, body: Bytes) -> Response {
    let expected = HeaderValue::from_str(&format!("Bearer {ACCESS_TOKEN}")).unwrap();
    if headers.get(AUTHORIZATION) != Some(&expected) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    ([(CONTENT_TYPE, "application/json")], body).into_response()
}

/// The baseline's `reqwest::Client`: the settings `ClientBuilder::build` uses (user agent,
/// timeouts, certificate checks on, rustls).
fn handwritten_http() -> reqwest::Client {
    reqwest::Client::builder()
        .user_agent(concat!("portsip-api/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .tls_danger_accept_invalid_certs(false)
        .build()
        .unwrap()
}

/// The hand-written GET: the same headers the generated operation sends.
async fn get_by_hand<T: serde::de::DeserializeOwned>(
    http: &reqwest::Client,
    url: &str,
    token: &str,
) -> T {
    http.get(url)
        .bearer_auth(token)
        .header(ACCEPT, "application/json")
        .header("api-version", "22.0")
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// Times `iters` sequential calls on `runtime`.
fn run<F, Fut>(runtime: &Runtime, iters: u64, call: F) -> Duration
where
    F: Fn() -> Fut,
    Fut: Future,
{
    runtime.block_on(async {
        let start = Instant::now();
        for _ in 0..iters {
            black_box(call().await);
        }
        start.elapsed()
    })
}

fn same_json(a: impl Serialize, b: impl Serialize) -> bool {
    serde_json::to_value(a).unwrap() == serde_json::to_value(b).unwrap()
}

fn round_trip(c: &mut Criterion) {
    let address = start_server();
    let base = format!("http://{address}/api");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();

    let signed_in = runtime
        .block_on(
            ClientBuilder::with_base_url(&base)
                .sign_in(Credentials::new("admin", "secret").tenant_domain("northwind.example")),
        )
        .unwrap();
    let SignIn::Complete(client) = signed_in else {
        panic!("the server asks for no one-time code")
    };

    let http = handwritten_http();
    let token = runtime.block_on(async {
        let tokens: serde_json::Value = http
            .post(format!("{base}/auth/sign_in"))
            .json(&serde_json::json!({"username": "admin", "password": "secret"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        tokens["access_token"].as_str().unwrap().to_owned()
    });
    let tenant_url = format!("{base}/tenant");
    let holidays_url = format!("{base}/holidays?top=100");

    // Both sides get the same documents, or the comparison means nothing.
    runtime.block_on(async {
        let generated = client.show_current_configurations().send().await.unwrap();
        let by_hand: handwritten::Tenant = get_by_hand(&http, &tenant_url, &token).await;
        assert!(same_json(generated.into_inner(), by_hand));
        let generated = client.list_holidays().top(100).send().await.unwrap();
        let by_hand: handwritten::HolidayList = get_by_hand(&http, &holidays_url, &token).await;
        assert_eq!(generated.items.as_ref().map(Vec::len), Some(100));
        assert!(same_json(generated.into_inner(), by_hand));
    });

    // Longer than criterion's default: a sample's two batches must be long enough for a
    // scheduling hiccup on this shared machine to move their ratio little.
    let measurement = Duration::from_secs(20);
    paired::compare(
        c,
        "round_trip/tenant",
        measurement,
        |side, iters| match side {
            Side::Generated => run(&runtime, iters, || async {
                client.show_current_configurations().send().await.unwrap()
            }),
            Side::Handwritten => run(&runtime, iters, || {
                get_by_hand::<handwritten::Tenant>(&http, &tenant_url, &token)
            }),
        },
    );
    paired::compare(
        c,
        "round_trip/holiday_page_100",
        measurement,
        |side, iters| match side {
            Side::Generated => run(&runtime, iters, || async {
                client.list_holidays().top(100).send().await.unwrap()
            }),
            Side::Handwritten => run(&runtime, iters, || {
                get_by_hand::<handwritten::HolidayList>(&http, &holidays_url, &token)
            }),
        },
    );
}

criterion_group!(benches, round_trip);
criterion_main!(benches);
