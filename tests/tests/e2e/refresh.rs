//! Tokens: refreshed before they expire, once after a 401, once for many concurrent requests,
//! and not forever when the PBX refuses the refresh token.

use std::time::Duration;

use futures::future::join_all;
use portsip_api::Error;
use portsip_api_tests::{Fault, FaultRule, MockConfig};
use reqwest::StatusCode;

e2e_test!(an_expired_token_is_refreshed_and_the_request_replayed,
    covers ["refreshToken", "getTenantBalance"], |case| {
    let client = case.client().await;
    case.mock.expire_access_tokens();
    let balance = client.get_tenant_balance().send().await.unwrap().into_inner();
    assert!(balance.balance.is_some());
    assert_eq!(case.mock.calls("refreshToken"), 1);
    assert_eq!(case.mock.calls("getTenantBalance"), 2, "refused once, then replayed");
});

e2e_test!(an_injected_token_expired_answer_is_handled_the_same, covers ["refreshToken", "showVoicemailServer"], |case| {
    let client = case.client().await;
    case.mock.inject(FaultRule::on("showVoicemailServer", Fault::ExpiredToken));
    client.show_voicemail_server().send().await.unwrap();
    assert_eq!(case.mock.calls("refreshToken"), 1);
});

e2e_test!(tokens_are_refreshed_before_they_expire, covers ["refreshToken", "getTenantBalance"],
    config = MockConfig::default().with_token_lifetime(Duration::from_secs(2)), |case| {
    let client = case.client().await;
    // The PBX's clock lags, so the old token would still be accepted: only the client's own
    // reckoning of `expires_in` makes it refresh, and a slow machine cannot turn the refresh
    // into one that follows a refusal.
    case.mock.set_clock_behind(Duration::from_secs(60));
    // The client refreshes once the token is in the last tenth (at least 1 s) of its life.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    client.get_tenant_balance().send().await.unwrap();
    assert_eq!(case.mock.calls("refreshToken"), 1);
    assert_eq!(case.mock.calls("getTenantBalance"), 1, "no request was refused");
});

e2e_test!(concurrent_requests_share_one_refresh, covers ["refreshToken", "getTenantBalance"], |case| {
    let client = case.client().await;
    case.mock.expire_access_tokens();
    // The refresh is answered only once all 8 requests have been refused, however the machine
    // schedules them. Were the client to hold some back until a refresh ends, the wait would
    // give up after 10 s and the counts below would show it.
    case.mock.inject(FaultRule::on("refreshToken", Fault::AwaitCalls {
        operation: "getTenantBalance".into(),
        calls: 8,
        at_most: Duration::from_secs(10),
    }));
    let requests = (0..8).map(|_| client.get_tenant_balance().send());
    for outcome in join_all(requests).await {
        outcome.unwrap();
    }
    assert_eq!(case.mock.calls("refreshToken"), 1);
    assert_eq!(case.mock.calls("getTenantBalance"), 16, "all 8 refused, then all 8 replayed");
});

e2e_test!(a_refused_refresh_token_fails_fast, covers ["refreshToken", "getTenantBalance"], |case| {
    let client = case.client().await;
    case.mock.revoke_sessions();
    let error = client.get_tenant_balance().send().await.map_err(Error::from).unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
    let again = client.get_tenant_balance().send().await.map_err(Error::from).unwrap_err();
    assert_eq!(again.status(), Some(StatusCode::UNAUTHORIZED));
    assert_eq!(case.mock.calls("refreshToken"), 1, "a refused refresh token is not retried");
});
