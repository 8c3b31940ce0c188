use std::time::Duration;

use portsip_api_tests::{Fault, FaultRule, UNKNOWN_ENUM_VALUE, refused_base_url};
use reqwest::StatusCode;
use serde_json::Value;

use crate::support::Harness;

#[tokio::test]
async fn gateway_errors_fire_the_requested_number_of_times() {
    let harness = Harness::start().await;
    let token = harness.sign_in().await;
    harness
        .mock
        .inject(FaultRule::on("retrieveCurrentTenantStatus", Fault::Status(503)).times(2));
    for expected in [503, 503, 200] {
        let answer = harness.get("/tenant/status", &token).await;
        assert_eq!(answer.status.as_u16(), expected);
    }
    // Other operations were never affected.
    assert_eq!(
        harness.get("/tenant/balance", &token).await.status,
        StatusCode::OK
    );
    assert_eq!(harness.mock.calls("retrieveCurrentTenantStatus"), 3);
}

#[tokio::test]
async fn a_gateway_error_is_an_html_page_not_a_vendor_error() {
    let harness = Harness::start().await;
    let token = harness.sign_in().await;
    harness
        .mock
        .inject(FaultRule::everywhere(Fault::Status(502)));
    let answer = harness.get("/holidays", &token).await;
    assert_eq!(answer.status, StatusCode::BAD_GATEWAY);
    assert_eq!(answer.headers["content-type"], "text/html");
    assert!(answer.body.as_str().unwrap().contains("502"));
}

#[tokio::test]
async fn a_delayed_answer_outlasts_a_short_client_timeout() {
    let harness = Harness::start().await;
    let token = harness.sign_in().await;
    harness.mock.inject(FaultRule::on(
        "getTenantBalance",
        Fault::Delay(Duration::from_millis(800)),
    ));
    let error = harness
        .http
        .get(harness.url("/tenant/balance"))
        .bearer_auth(&token)
        .timeout(Duration::from_millis(200))
        .send()
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    // One-shot: the next call is prompt.
    let started = std::time::Instant::now();
    assert_eq!(
        harness.get("/tenant/balance", &token).await.status,
        StatusCode::OK
    );
    assert!(started.elapsed() < Duration::from_millis(800));
}

#[tokio::test]
async fn an_answer_can_wait_for_calls_of_another_operation() {
    let harness = Harness::start().await;
    let token = harness.sign_in().await;
    let awaiting = |calls, at_most| {
        FaultRule::on(
            "getTenantBalance",
            Fault::AwaitCalls {
                operation: "showVoicemailServer".into(),
                calls,
                at_most,
            },
        )
    };
    harness.mock.inject(awaiting(2, Duration::from_secs(30)));
    let held = harness.get("/tenant/balance", &token);
    let others = async {
        // Still held: the answer waits for the second call, not for a clock.
        tokio::time::sleep(Duration::from_millis(100)).await;
        let before_second = harness.mock.calls("showVoicemailServer");
        harness.get("/voicemail", &token).await;
        tokio::time::sleep(Duration::from_millis(100)).await;
        harness.get("/voicemail", &token).await;
        before_second
    };
    let started = std::time::Instant::now();
    let (answer, before_second) = tokio::join!(held, others);
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(before_second, 0);
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert!(started.elapsed() < Duration::from_secs(30));

    // Calls are counted from the start: with too few of them it gives up after `at_most` and
    // answers anyway.
    harness.mock.inject(awaiting(3, Duration::from_millis(300)));
    let started = std::time::Instant::now();
    assert_eq!(
        harness.get("/tenant/balance", &token).await.status,
        StatusCode::OK
    );
    assert!(started.elapsed() >= Duration::from_millis(300));
}

async fn raw_body(harness: &Harness, path: &str, token: &str) -> Result<Vec<u8>, reqwest::Error> {
    let response = harness
        .http
        .get(harness.url(path))
        .bearer_auth(token)
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/json");
    response.bytes().await.map(|bytes| bytes.to_vec())
}

#[tokio::test]
async fn malformed_and_cut_json_arrive_whole_but_do_not_parse() {
    let harness = Harness::start().await;
    let token = harness.sign_in().await;
    for fault in [Fault::MalformedJson, Fault::CutJson] {
        harness
            .mock
            .inject(FaultRule::on("showCurrentConfigurations", fault.clone()));
        let body = raw_body(&harness, "/tenant", &token)
            .await
            .expect("a complete body");
        assert!(!body.is_empty(), "{fault:?}");
        assert!(serde_json::from_slice::<Value>(&body).is_err(), "{fault:?}");
    }
    let body = raw_body(&harness, "/tenant", &token).await.unwrap();
    assert!(serde_json::from_slice::<Value>(&body).is_ok());
}

#[tokio::test]
async fn a_truncated_body_fails_while_reading() {
    let harness = Harness::start().await;
    let token = harness.sign_in().await;
    harness.mock.inject(FaultRule::on(
        "showCurrentConfigurations",
        Fault::TruncatedBody,
    ));
    let error = raw_body(&harness, "/tenant", &token).await.unwrap_err();
    assert!(error.is_body() || error.is_decode(), "{error:?}");
}

#[tokio::test]
async fn all_null_sets_every_declared_property_to_null() {
    let harness = Harness::start().await;
    let token = harness.sign_in().await;
    let normal = harness.get("/tenant/status", &token).await.body;
    harness
        .mock
        .inject(FaultRule::on("retrieveCurrentTenantStatus", Fault::AllNull));
    let nulled = harness.get("/tenant/status", &token).await.body;
    let nulled = nulled.as_object().unwrap();
    assert!(nulled.len() >= normal.as_object().unwrap().len());
    assert!(nulled.values().all(Value::is_null), "{nulled:?}");
}

#[tokio::test]
async fn unknown_enum_values_replace_every_enum_field() {
    let harness = Harness::start().await;
    let token = harness.sign_in().await;
    let normal = harness.get("/tenant/custom_headers", &token).await.body;
    assert_ne!(normal["add"][0]["scope"], UNKNOWN_ENUM_VALUE);
    harness.mock.inject(FaultRule::on(
        "retrieveTenantCustomHeaders",
        Fault::UnknownEnumValues,
    ));
    let odd = harness.get("/tenant/custom_headers", &token).await.body;
    assert_eq!(odd["add"][0]["scope"], UNKNOWN_ENUM_VALUE);
    assert_eq!(odd["relay"][0]["scope"], UNKNOWN_ENUM_VALUE);
    assert_eq!(odd["add"][0]["name"], normal["add"][0]["name"]);
}

#[tokio::test]
async fn an_injected_expired_token_answer_looks_like_the_real_one() {
    let harness = Harness::start().await;
    let token = harness.sign_in().await;
    harness
        .mock
        .inject(FaultRule::on("getTenantBalance", Fault::ExpiredToken));
    let expired = harness.get("/tenant/balance", &token).await;
    assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
    assert_eq!(expired.error_codes(), ["TOKEN_EXPIRED"]);
    assert_eq!(
        harness.get("/tenant/balance", &token).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn permanent_faults_last_until_cleared() {
    let harness = Harness::start().await;
    let token = harness.sign_in().await;
    harness
        .mock
        .inject(FaultRule::everywhere(Fault::Status(504)).always());
    for path in ["/tenant", "/voicemail", "/tenant"] {
        assert_eq!(
            harness.get(path, &token).await.status,
            StatusCode::GATEWAY_TIMEOUT
        );
    }
    harness.mock.clear_faults();
    assert_eq!(harness.get("/tenant", &token).await.status, StatusCode::OK);
}

#[tokio::test]
async fn connections_are_refused_on_a_closed_port_and_after_stop() {
    let http = reqwest::Client::new();
    let error = http
        .get(refused_base_url() + "/info")
        .send()
        .await
        .unwrap_err();
    assert!(error.is_connect(), "{error:?}");

    let harness = Harness::start().await;
    let url = harness.url("/info");
    assert_eq!(
        http.get(&url).send().await.unwrap().status(),
        StatusCode::OK
    );
    harness.mock.stop().await;
    let error = reqwest::Client::new().get(&url).send().await.unwrap_err();
    assert!(error.is_connect(), "{error:?}");
}
