use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::support::Harness;

fn new_holiday() -> serde_json::Value {
    json!({"name": "New Year", "region": "USA", "consecutive": false, "every_year": true,
           "month_start": 1, "day_start": 1})
}

#[tokio::test]
async fn a_valid_body_is_accepted() {
    let harness = Harness::start().await;
    let token = harness.sign_in().await;
    let created = harness.post("/holidays", &token, new_holiday()).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert!(created.body["id"].is_string());
}

#[tokio::test]
async fn a_body_field_of_the_wrong_type_is_rejected_by_name() {
    let harness = Harness::start().await;
    let token = harness.sign_in().await;
    let mut body = new_holiday();
    body["month_start"] = json!("January");
    let answer = harness.post("/holidays", &token, body).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.error_codes(), ["VALIDATE_FAILED"]);
    assert_eq!(answer.error_details(), ["/body/month_start"]);
}

#[tokio::test]
async fn a_missing_required_field_is_named() {
    let harness = Harness::start().await;
    let token = harness.sign_in().await;
    let mut body = new_holiday();
    body.as_object_mut().unwrap().remove("region");
    let answer = harness.post("/holidays", &token, body).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.error_details(), ["/body/region"]);
}

#[tokio::test]
async fn null_for_a_non_nullable_field_is_rejected() {
    let harness = Harness::start().await;
    let token = harness.sign_in().await;
    let mut body = new_holiday();
    body["day_end"] = json!(null);
    let answer = harness.post("/holidays", &token, body).await;
    assert_eq!(answer.error_details(), ["/body/day_end"]);
}

#[tokio::test]
async fn string_constraints_from_referenced_schemas_apply() {
    let harness = Harness::start().await;
    let token = harness.sign_in().await;
    let mut body = new_holiday();
    body["name"] = json!("x".repeat(65));
    let answer = harness.post("/holidays", &token, body).await;
    assert_eq!(answer.error_details(), ["/body/name"]);
    let message = answer.body["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("longer than 64"), "{message}");
}

#[tokio::test]
async fn query_parameters_are_converted_then_checked() {
    let harness = Harness::start().await;
    let token = harness.sign_in().await;
    let too_big = harness.get("/holidays?top=101", &token).await;
    assert_eq!(too_big.status, StatusCode::BAD_REQUEST);
    assert_eq!(too_big.error_details(), ["/query/top"]);
    let not_a_number = harness.get("/holidays?skip=two", &token).await;
    assert_eq!(not_a_number.error_details(), ["/query/skip"]);
    let fine = harness.get("/holidays?skip=0&top=100", &token).await;
    assert_eq!(fine.status, StatusCode::OK);
}

#[tokio::test]
async fn query_parameters_the_spec_does_not_declare_are_rejected() {
    let harness = Harness::start().await;
    let token = harness.sign_in().await;
    let answer = harness.get("/holidays?page=2", &token).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.error_details(), ["/query/page"]);
}

#[tokio::test]
async fn bodies_must_be_json_of_the_declared_type() {
    let harness = Harness::start().await;
    let token = harness.sign_in().await;
    let not_json = harness
        .http
        .post(harness.url("/holidays"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{name: 1}")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), StatusCode::BAD_REQUEST);
    let wrong_type = harness
        .http
        .post(harness.url("/holidays"))
        .bearer_auth(&token)
        .header("content-type", "text/plain")
        .body("New Year")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_type.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn a_required_body_cannot_be_left_out_and_a_forbidden_one_cannot_be_sent() {
    let harness = Harness::start().await;
    let missing = harness
        .send(Method::POST, "/auth/sign_in", None, None)
        .await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert_eq!(missing.error_details(), ["/body"]);
    let token = harness.sign_in().await;
    let unexpected = harness
        .post("/auth/sign_out", &token, json!({"all": true}))
        .await;
    assert_eq!(unexpected.status, StatusCode::BAD_REQUEST);
    assert_eq!(unexpected.error_details(), ["/body"]);
}

#[tokio::test]
async fn form_bodies_are_validated_too() {
    let harness = Harness::start().await;
    let empty_domain = harness
        .http
        .post(harness.url("/login/by_microsoft"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("domain=")
        .send()
        .await
        .unwrap();
    assert_eq!(empty_domain.status(), StatusCode::BAD_REQUEST);
    let redirect = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(harness.url("/login/by_microsoft"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("domain=pbx.example.com")
        .send()
        .await
        .unwrap();
    assert_eq!(redirect.status(), StatusCode::FOUND);
    assert!(redirect.headers().contains_key("location"));
}
