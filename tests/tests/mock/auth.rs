use std::time::Duration;

use portsip_api_tests::{DEFAULT_PASSWORD, DEFAULT_USERNAME, MockConfig, MockUser, SESSION_COOKIE};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::support::{Harness, filled, spec_operations};

#[tokio::test]
async fn operations_need_a_bearer_token_unless_the_spec_says_otherwise() {
    let harness = Harness::start().await;
    let operations = spec_operations();
    assert!(operations.iter().any(|op| op.requires_auth));
    assert!(operations.iter().any(|op| !op.requires_auth));
    for op in operations {
        let path = filled(&op.path, "probe");
        let anonymous = harness.send(op.method.clone(), &path, None, None).await;
        let garbage = harness
            .send(op.method.clone(), &path, Some("not-a-token"), None)
            .await;
        if op.requires_auth {
            assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED, "{}", op.id);
            assert_eq!(anonymous.error_codes(), ["UNAUTHORIZED"], "{}", op.id);
            assert_eq!(garbage.status, StatusCode::UNAUTHORIZED, "{}", op.id);
        } else if op.id != "getLoginStatus" {
            // Public operations fail, if at all, for their input: never for the missing token.
            assert_ne!(anonymous.status, StatusCode::UNAUTHORIZED, "{}", op.id);
        }
    }
}

#[tokio::test]
async fn sign_in_checks_the_password() {
    let harness = Harness::start().await;
    let answer = harness
        .send(
            Method::POST,
            "/auth/sign_in",
            None,
            Some(json!({"username": DEFAULT_USERNAME, "password": "wrong"})),
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(answer.error_codes(), ["INVALID_CREDENTIALS"]);
}

#[tokio::test]
async fn tokens_expire_after_the_configured_lifetime() {
    let config = MockConfig::default().with_token_lifetime(Duration::from_secs(60));
    let harness = Harness::with(config).await;
    let tokens = harness.sign_in_as(DEFAULT_USERNAME, DEFAULT_PASSWORD).await;
    assert_eq!(tokens["expires_in"], 60);
    let token = tokens["access_token"].as_str().unwrap();
    harness.mock.advance_clock(Duration::from_secs(50));
    assert_eq!(
        harness.get("/tenant/status", token).await.status,
        StatusCode::OK
    );
    harness.mock.advance_clock(Duration::from_secs(10));
    let expired = harness.get("/tenant/status", token).await;
    assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
    assert_eq!(expired.error_codes(), ["TOKEN_EXPIRED"]);
}

#[tokio::test]
async fn refreshing_rotates_both_tokens_and_is_counted() {
    let harness = Harness::start().await;
    harness.mock.expire_access_tokens(); // nothing issued yet: a no-op
    let first = harness.sign_in_as(DEFAULT_USERNAME, DEFAULT_PASSWORD).await;
    harness.mock.expire_access_tokens();
    let old_access = first["access_token"].as_str().unwrap();
    let expired = harness.get("/tenant/status", old_access).await;
    assert_eq!(expired.error_codes(), ["TOKEN_EXPIRED"]);

    let refresh = json!({"refresh_token": first["refresh_token"]});
    let second = harness
        .send(
            Method::POST,
            "/auth/refresh_token",
            None,
            Some(refresh.clone()),
        )
        .await;
    assert_eq!(second.status, StatusCode::OK);
    let new_access = second.body["access_token"].as_str().unwrap();
    assert_ne!(new_access, old_access);
    assert_ne!(second.body["refresh_token"], first["refresh_token"]);
    assert_eq!(
        harness.get("/tenant/status", new_access).await.status,
        StatusCode::OK
    );

    let reused = harness
        .send(Method::POST, "/auth/refresh_token", None, Some(refresh))
        .await;
    assert_eq!(reused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(harness.mock.calls("refreshToken"), 2);
}

#[tokio::test]
async fn signing_out_ends_the_token() {
    let harness = Harness::start().await;
    let token = harness.sign_in().await;
    let answer = harness
        .send(Method::POST, "/auth/sign_out", Some(&token), None)
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    let after = harness.get("/tenant/status", &token).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_two_factor_user_needs_the_code_that_was_sent() {
    let config = MockConfig::default().with_user(MockUser::new("guarded", "pw").with_two_factor());
    let harness = Harness::with(config).await;
    let challenge = harness.sign_in_as("guarded", "pw").await;
    assert_eq!(challenge["two_factor_enabled"], true);
    assert!(challenge.get("access_token").is_none());
    let session = challenge["token"].clone();

    let verify = |code: String| {
        harness.send(
            Method::POST,
            "/auth/verify_otp",
            None,
            Some(json!({"token": session, "code": code})),
        )
    };
    let guessed = verify("000000".into()).await;
    assert_eq!(guessed.status, StatusCode::UNAUTHORIZED);
    assert_eq!(harness.mock.one_time_code("guarded"), None);

    let sent = harness
        .send(
            Method::POST,
            "/auth/send_otp",
            None,
            Some(json!({"token": session})),
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK);
    let code = harness
        .mock
        .one_time_code("guarded")
        .expect("a code was sent");
    let verified = verify(code).await;
    assert_eq!(verified.status, StatusCode::OK);
    // The spec documents no body for the verification: the tokens come from signing in again.
    let signed_in = harness.sign_in_as("guarded", "pw").await;
    let token = signed_in["access_token"].as_str().unwrap();
    assert_eq!(
        harness.get("/auth/user", token).await.status,
        StatusCode::OK
    );
    harness.assert_answers_were_on_spec();
}

#[tokio::test]
async fn login_keeps_a_cookie_session_until_logout() {
    let harness = Harness::start().await;
    let login = harness
        .send(
            Method::POST,
            "/login",
            None,
            Some(json!({"username": DEFAULT_USERNAME, "password": DEFAULT_PASSWORD})),
        )
        .await;
    assert_eq!(login.status, StatusCode::OK);
    let set_cookie = login.headers["set-cookie"].to_str().unwrap();
    let cookie = set_cookie.split(';').next().unwrap().to_owned();
    assert!(cookie.starts_with(SESSION_COOKIE));

    let status = |cookie: String| {
        harness
            .http
            .get(harness.url("/login"))
            .header("cookie", cookie)
            .send()
    };
    let answer = status(cookie.clone()).await.unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let body: serde_json::Value = answer.json().await.unwrap();
    assert!(body["expires_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(body["role"], "Admin");

    let logout = harness
        .http
        .post(harness.url("/logout"))
        .header("cookie", cookie.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        status(cookie).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    harness.assert_answers_were_on_spec();
}

#[tokio::test]
async fn a_forgotten_password_can_be_reset_with_the_mailed_token() {
    let harness = Harness::start().await;
    let forget = json!({"domain": "pbx.example.com", "username": DEFAULT_USERNAME,
                        "callback_url": "https://example.com/reset"});
    let answer = harness
        .send(Method::POST, "/auth/forget_password", None, Some(forget))
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    let token = harness.mock.password_reset_token(DEFAULT_USERNAME).unwrap();
    let reset = json!({"token": token, "new_password": "n3w-Password"});
    let answer = harness
        .send(Method::POST, "/auth/reset_password", None, Some(reset))
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    harness.sign_in_as(DEFAULT_USERNAME, "n3w-Password").await;
}

#[tokio::test]
async fn revoked_sessions_refuse_access_and_refresh_tokens() {
    let harness = Harness::start().await;
    let tokens = harness.sign_in_as(DEFAULT_USERNAME, DEFAULT_PASSWORD).await;
    harness.mock.revoke_sessions();
    let access = tokens["access_token"].as_str().unwrap();
    assert_eq!(
        harness.get("/tenant/status", access).await.error_codes(),
        ["UNAUTHORIZED"]
    );
    let refresh = json!({"refresh_token": tokens["refresh_token"]});
    let refused = harness
        .send(Method::POST, "/auth/refresh_token", None, Some(refresh))
        .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
}
