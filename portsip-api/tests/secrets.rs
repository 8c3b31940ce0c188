//! Strings the spec marks `format: password` are generated as `types::SecretString`: exactly
//! the string on the wire, `<redacted>` in `Debug` output, in request and response types and in
//! their builders alike. (Every response type is covered generally by the crate's
//! tolerant-decoding tests; the hand-written layer by `auth.rs`.)

use portsip_api::ClientBuilder;
use portsip_api::types::{self, SecretString};
use serde_json::json;

#[test]
fn a_secret_string_is_the_plain_string_on_the_wire_and_redacted_when_formatted() {
    let secret = SecretString::from("hunter2");
    assert_eq!(format!("{secret:?}"), "<redacted>");
    assert_eq!(secret.expose(), "hunter2");
    assert_eq!(serde_json::to_value(&secret).unwrap(), json!("hunter2"));
    let decoded: SecretString = serde_json::from_value(json!("hunter2")).unwrap();
    assert_eq!(decoded, secret);
    assert_eq!(SecretString::new(String::from("hunter2")), secret);
}

#[test]
fn a_request_body_sends_its_password_but_never_shows_it() {
    let builder = types::Credentials::builder()
        .username("admin")
        .password("hunter2");
    let credentials = types::Credentials::try_from(builder.clone()).unwrap();
    let shown = format!("{builder:?} {credentials:?}");
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(shown.contains("admin"), "{shown}");
    assert_eq!(
        serde_json::to_value(&credentials).unwrap(),
        json!({"username": "admin", "password": "hunter2"})
    );
}

#[test]
fn a_token_pair_decodes_its_tokens_exactly_and_never_shows_them() {
    let answer = json!({
        "access_token": "access-hunter2",
        "refresh_token": "refresh-hunter2",
        "expires_in": 3600,
        "token_type": "Bearer"
    });
    let pair: types::TokenPair = serde_json::from_value(answer.clone()).unwrap();
    assert_eq!(
        pair.access_token.as_ref().map(SecretString::expose),
        Some("access-hunter2")
    );
    let shown = format!("{pair:?}");
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(shown.contains("3600"), "{shown}");
    assert_eq!(serde_json::to_value(&pair).unwrap(), answer);
}

#[test]
fn an_operation_builder_does_not_show_the_secrets_it_will_send() {
    let client = ClientBuilder::with_base_url("http://127.0.0.1:9/api")
        .build()
        .unwrap();
    let request = client
        .verify_otp()
        .body_map(|body| body.token("session-hunter2").code("123456"));
    let shown = format!("{request:?}");
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(!shown.contains("123456"), "{shown}");
}
