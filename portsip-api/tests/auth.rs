//! Sign-in, two-factor completion, token refresh and sign-out, against a local server.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use portsip_api::{Credentials, Error, SignIn};
use serde_json::json;
use support::{Hit, Reply, TestServer, json, start, text};

fn tokens(access: &str, expires_in: u64) -> Reply {
    json(
        200,
        json!({"access_token": access, "refresh_token": format!("refresh-{access}"), "expires_in": expires_in, "token_type": "Bearer"}),
    )
}

fn tenant() -> Reply {
    json(200, json!({"name": "Acme", "enable_billing": null}))
}

fn credentials() -> Credentials {
    Credentials::new("admin", "pa55word").tenant_domain("acme.example.com")
}

async fn sign_in(server: &TestServer) -> portsip_api::Client {
    match server.builder().sign_in(credentials()).await.unwrap() {
        SignIn::Complete(client) => client,
        SignIn::TwoFactorRequired(_) => panic!("no two-factor expected"),
    }
}

fn bearer(hit: &Hit) -> Option<&str> {
    hit.authorization
        .as_deref()
        .and_then(|h| h.strip_prefix("Bearer "))
}

#[tokio::test]
async fn signing_in_sends_the_credentials_and_then_the_access_token() {
    let server = start(|hit| match hit.path.as_str() {
        "/auth/sign_in" => tokens("A1", 3600),
        _ => tenant(),
    })
    .await;
    let client = sign_in(&server).await;
    let tenant = client
        .show_current_configurations()
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(tenant.name.as_deref(), Some("Acme"));

    let hits = server.hits();
    assert_eq!(
        hits[0].json(),
        json!({"username": "admin", "password": "pa55word", "domain": "acme.example.com"})
    );
    assert_eq!(bearer(&hits[0]), None);
    assert_eq!(bearer(&hits[1]), Some("A1"));
}

#[tokio::test]
async fn a_two_factor_challenge_is_completed_with_the_one_time_code() {
    let verified = Arc::new(AtomicUsize::new(0));
    let flag = verified.clone();
    let server = start(move |hit| match hit.path.as_str() {
        "/auth/sign_in" if flag.load(Ordering::SeqCst) == 0 => json(
            200,
            json!({"two_factor_enabled": true, "token": "session-7"}),
        ),
        "/auth/sign_in" => tokens("A2", 3600),
        "/auth/send_otp" => text(200, ""),
        "/auth/verify_otp" => {
            flag.store(1, Ordering::SeqCst);
            text(200, "")
        }
        _ => tenant(),
    })
    .await;
    let SignIn::TwoFactorRequired(pending) = server.builder().sign_in(credentials()).await.unwrap()
    else {
        panic!("a two-factor challenge expected");
    };
    pending.send_code().await.unwrap();
    let client = pending.verify("123456").await.unwrap();
    client.show_current_configurations().send().await.unwrap();

    let hits = server.hits();
    assert_eq!(
        server.hits_to("/auth/send_otp")[0].json(),
        json!({"token": "session-7"})
    );
    assert_eq!(
        server.hits_to("/auth/verify_otp")[0].json(),
        json!({"token": "session-7", "code": "123456"})
    );
    assert_eq!(bearer(hits.last().unwrap()), Some("A2"));
}

#[tokio::test]
async fn a_token_pair_is_never_taken_for_a_challenge() {
    let server = start(|hit| match hit.path.as_str() {
        "/auth/sign_in" => json(200, json!({"access_token": "A3", "refresh_token": null, "expires_in": null, "token_type": null})),
        _ => tenant(),
    })
    .await;
    let client = sign_in(&server).await;
    client.show_current_configurations().send().await.unwrap();
    assert_eq!(bearer(&server.hits()[1]), Some("A3"));
}

#[tokio::test]
async fn tokens_are_refreshed_before_they_expire() {
    let server = start(|hit| match hit.path.as_str() {
        "/auth/sign_in" => tokens("A1", 2),
        "/auth/refresh_token" => tokens("A2", 3600),
        _ => tenant(),
    })
    .await;
    let client = sign_in(&server).await;
    client.show_current_configurations().send().await.unwrap();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    client.show_current_configurations().send().await.unwrap();

    let refreshes = server.hits_to("/auth/refresh_token");
    assert_eq!(refreshes.len(), 1);
    assert_eq!(refreshes[0].json(), json!({"refresh_token": "refresh-A1"}));
    assert_eq!(bearer(&refreshes[0]), None);
    let uses: Vec<_> = server
        .hits_to("/tenant")
        .iter()
        .map(|h| bearer(h).map(str::to_owned))
        .collect();
    assert_eq!(uses, [Some("A1".to_string()), Some("A2".to_string())]);
}

/// The PBX may answer a refresh with a new access token only; the refresh token it does not
/// repeat stays valid, and is what the next refresh must send.
#[tokio::test]
async fn a_refresh_answer_without_a_refresh_token_keeps_the_one_it_had() {
    let server = start(|hit| match hit.path.as_str() {
        "/auth/sign_in" => tokens("A1", 2),
        "/auth/refresh_token" => json(200, json!({"access_token": "A2", "expires_in": 2})),
        _ => tenant(),
    })
    .await;
    let client = sign_in(&server).await;
    for _ in 0..2 {
        tokio::time::sleep(Duration::from_millis(1100)).await;
        client.show_current_configurations().send().await.unwrap();
    }
    let sent: Vec<_> = server
        .hits_to("/auth/refresh_token")
        .iter()
        .map(|hit| hit.json())
        .collect();
    assert_eq!(
        sent,
        [
            json!({"refresh_token": "refresh-A1"}),
            json!({"refresh_token": "refresh-A1"})
        ]
    );
}

/// `expires_in: 0` gives no lifetime to plan by, so nothing is refreshed ahead of time (a
/// refresh before every request would double the traffic); the PBX's 401 still gets one.
#[tokio::test]
async fn a_token_expiring_in_zero_seconds_is_refreshed_on_its_401_only() {
    let expired = Arc::new(AtomicUsize::new(0));
    let flag = expired.clone();
    let server = start(move |hit| match (hit.path.as_str(), bearer(hit)) {
        ("/auth/sign_in", _) => tokens("A1", 0),
        ("/auth/refresh_token", _) => tokens("A2", 3600),
        (_, Some("A1")) if flag.load(Ordering::SeqCst) == 1 => json(
            401,
            json!({"errors": [{"code": "UNAUTHORIZED", "message": "token expired"}]}),
        ),
        _ => tenant(),
    })
    .await;
    let client = sign_in(&server).await;
    client.show_current_configurations().send().await.unwrap();
    client.show_current_configurations().send().await.unwrap();
    assert_eq!(server.hits_to("/auth/refresh_token").len(), 0);

    expired.store(1, Ordering::SeqCst);
    client.show_current_configurations().send().await.unwrap();
    assert_eq!(server.hits_to("/auth/refresh_token").len(), 1);
    let uses: Vec<_> = server
        .hits_to("/tenant")
        .iter()
        .map(|h| bearer(h).map(str::to_owned))
        .collect();
    let expected = ["A1", "A1", "A1", "A2"].map(|t| Some(t.to_string()));
    assert_eq!(uses, expected);
}

#[tokio::test]
async fn a_401_triggers_one_refresh_and_one_replay() {
    let server = start(|hit| match (hit.path.as_str(), bearer(hit)) {
        ("/auth/sign_in", _) => tokens("old", 3600),
        ("/auth/refresh_token", _) => tokens("new", 3600),
        (_, Some("new")) => tenant(),
        _ => json(
            401,
            json!({"errors": [{"code": "UNAUTHORIZED", "message": "token expired"}]}),
        ),
    })
    .await;
    let client = sign_in(&server).await;
    let tenant = client
        .show_current_configurations()
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(tenant.name.as_deref(), Some("Acme"));
    assert_eq!(server.hits_to("/auth/refresh_token").len(), 1);
    assert_eq!(server.hits_to("/tenant").len(), 2);
}

#[tokio::test]
async fn concurrent_401s_share_one_refresh() {
    let server = start(|hit| match (hit.path.as_str(), bearer(hit)) {
        ("/auth/sign_in", _) => tokens("old", 3600),
        ("/auth/refresh_token", _) => Reply {
            delay: Duration::from_millis(100),
            ..tokens("new", 3600)
        },
        (_, Some("new")) => tenant(),
        _ => json(401, json!({"errors": [{"code": "UNAUTHORIZED"}]})),
    })
    .await;
    let client = sign_in(&server).await;
    let calls = (0..8).map(|_| {
        let client = client.clone();
        tokio::spawn(async move {
            client
                .show_current_configurations()
                .send()
                .await
                .map(|_| ())
        })
    });
    for outcome in futures::future::join_all(calls).await {
        outcome.unwrap().unwrap();
    }
    assert_eq!(server.hits_to("/auth/refresh_token").len(), 1);
}

#[tokio::test]
async fn a_refused_refresh_leaves_the_401_and_is_not_repeated() {
    let server = start(|hit| match hit.path.as_str() {
        "/auth/sign_in" => tokens("old", 3600),
        "/auth/refresh_token" => json(400, json!({"errors": [{"code": "INVALID_TOKEN"}]})),
        _ => json(401, json!({"errors": [{"code": "UNAUTHORIZED"}]})),
    })
    .await;
    let client = sign_in(&server).await;
    for _ in 0..2 {
        let error = Error::from(
            client
                .show_current_configurations()
                .send()
                .await
                .unwrap_err(),
        );
        assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    }
    assert_eq!(server.hits_to("/auth/refresh_token").len(), 1);
}

#[tokio::test]
async fn a_static_token_is_sent_and_never_refreshed() {
    let server = start(|_| json(401, json!({"errors": [{"code": "UNAUTHORIZED"}]}))).await;
    let client = server.builder().build_with_token("STATIC").unwrap();
    let error = Error::from(
        client
            .show_current_configurations()
            .send()
            .await
            .unwrap_err(),
    );
    assert_eq!(error.api().and_then(|a| a.code()), Some("UNAUTHORIZED"));
    assert_eq!(bearer(&server.hits()[0]), Some("STATIC"));
    assert!(server.hits_to("/auth/refresh_token").is_empty());
}

#[tokio::test]
async fn ending_the_session_signs_out_and_drops_the_tokens() {
    let server = start(|hit| match hit.path.as_str() {
        "/auth/sign_in" => tokens("A1", 3600),
        "/auth/sign_out" => text(200, ""),
        _ => tenant(),
    })
    .await;
    let client = sign_in(&server).await;
    let clone = client.clone();
    client.end_session().await.unwrap();
    clone.show_current_configurations().send().await.unwrap();
    assert_eq!(bearer(&server.hits_to("/auth/sign_out")[0]), Some("A1"));
    assert_eq!(bearer(&server.hits_to("/tenant")[0]), None);
}

#[tokio::test]
async fn secrets_never_show_in_debug_output_or_errors() {
    let server = start(|hit| match hit.path.as_str() {
        "/auth/sign_in" if hit.json()["username"] == "2fa" => json(
            200,
            json!({"two_factor_enabled": true, "token": "session-secret"}),
        ),
        "/auth/sign_in" => tokens("access-secret", 3600),
        _ => json(403, json!({"errors": [{"code": "FORBIDDEN"}]})),
    })
    .await;
    let client = sign_in(&server).await;
    let error = Error::from(
        client
            .show_current_configurations()
            .send()
            .await
            .unwrap_err(),
    );
    let SignIn::TwoFactorRequired(pending) = server
        .builder()
        .sign_in(Credentials::new("2fa", "pa55word"))
        .await
        .unwrap()
    else {
        panic!("a two-factor challenge expected");
    };
    let shown = format!(
        "{client:?} {error:?} {error} {:?} {pending:?}",
        credentials()
    );
    for secret in [
        "pa55word",
        "access-secret",
        "refresh-access-secret",
        "session-secret",
    ] {
        assert!(!shown.contains(secret), "{secret} leaked: {shown}");
    }
}
