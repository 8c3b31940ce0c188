use portsip_api::types::SignInResult;
use portsip_api::{Credentials, Error, SignIn};
use portsip_api_tests::{
    DEFAULT_PASSWORD, DEFAULT_USERNAME, MockConfig, MockUser, REDIRECT_TARGET,
};
use reqwest::StatusCode;

fn guarded() -> MockConfig {
    MockConfig::default().with_user(MockUser::new("guarded", "pw-guarded").with_two_factor())
}

e2e_test!(signing_in_gives_a_working_client, covers ["signInWithCredentials", "getUserAuthInfo"], |case| {
    let client = case.client().await;
    let user = client.get_user_auth_info().send().await.unwrap().into_inner();
    assert_eq!(user.role.as_deref(), Some("Admin"));
});

e2e_test!(
    a_wrong_password_is_a_typed_refusal,
    covers["signInWithCredentials"],
    |case| {
        let refused = case
            .builder()
            .sign_in(Credentials::new(DEFAULT_USERNAME, "wrong"))
            .await
            .unwrap_err();
        let api = refused.api().expect("an API error");
        assert_eq!(api.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(api.code(), Some("INVALID_CREDENTIALS"));
    }
);

e2e_test!(two_factor_sign_in_completes_with_the_mailed_code,
    covers ["signInWithCredentials", "sendOTP", "verifyOTP"], config = guarded(), |case| {
    let pending = match case
        .builder()
        .sign_in(Credentials::new("guarded", "pw-guarded"))
        .await
        .unwrap()
    {
        SignIn::TwoFactorRequired(pending) => pending,
        SignIn::Complete(_) => panic!("the account has a second factor"),
    };
    assert_eq!(case.mock.one_time_code("guarded"), None);
    pending.send_code().await.unwrap();
    let code = case.mock.one_time_code("guarded").expect("a code was mailed");
    let client = pending.verify(code).await.unwrap();
    let user = client.get_user_auth_info().send().await.unwrap().into_inner();
    assert_eq!(user.role.as_deref(), Some("Admin"));
});

e2e_test!(a_wrong_one_time_code_is_refused, covers ["sendOTP", "verifyOTP"], config = guarded(), |case| {
    let SignIn::TwoFactorRequired(pending) = case
        .builder()
        .sign_in(Credentials::new("guarded", "pw-guarded"))
        .await
        .unwrap()
    else {
        panic!("the account has a second factor");
    };
    pending.send_code().await.unwrap();
    let error = pending.verify("not-the-code").await.unwrap_err();
    assert_eq!(error.api().and_then(|api| api.code()), Some("INVALID_OTP"));
});

e2e_test!(the_sign_in_answer_decodes_into_its_typed_alternatives,
    covers ["signInWithCredentials", "refreshToken"], config = guarded(), |case| {
    let anonymous = case.anonymous();
    let tokens = anonymous
        .sign_in_with_credentials()
        .body_map(|body| body.username(DEFAULT_USERNAME).password(DEFAULT_PASSWORD))
        .send()
        .await
        .unwrap()
        .into_inner();
    let SignInResult::TokenPair(pair) = tokens else {
        panic!("a plain account gets tokens, not {tokens:?}");
    };
    assert_eq!(pair.expires_in, Some(3600));
    let challenge = anonymous
        .sign_in_with_credentials()
        .body_map(|body| body.username("guarded").password("pw-guarded"))
        .send()
        .await
        .unwrap()
        .into_inner();
    assert!(matches!(challenge, SignInResult::TwoFactorChallenge(ref c) if c.token.is_some()));

    let refresh = pair.refresh_token.clone().unwrap();
    let renewed = anonymous
        .refresh_token()
        .body_map(|body| body.refresh_token(refresh.clone()))
        .send()
        .await
        .unwrap()
        .into_inner();
    assert!(renewed.access_token.is_some());
    assert_ne!(renewed.refresh_token, pair.refresh_token);
    let reused = anonymous
        .refresh_token()
        .body_map(|body| body.refresh_token(refresh))
        .send()
        .await
        .map_err(Error::from)
        .unwrap_err();
    assert_eq!(reused.status(), Some(StatusCode::UNAUTHORIZED));
});

e2e_test!(ending_the_session_signs_out_on_the_pbx, covers ["signOut", "getTenantBalance"], |case| {
    let client = case.client().await;
    let copy = client.clone();
    client.end_session().await.unwrap();
    let error = copy.get_tenant_balance().send().await.map_err(Error::from).unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
    assert_eq!(case.mock.calls("signOut"), 1);
});

e2e_test!(a_forgotten_password_is_reset_with_the_mailed_token,
    covers ["forgetPassword", "resetPassword"], |case| {
    let anonymous = case.anonymous();
    anonymous
        .forget_password()
        .body_map(|body| {
            body.domain("pbx.example.com")
                .username(DEFAULT_USERNAME)
                .callback_url("https://example.com/reset")
        })
        .send()
        .await
        .unwrap();
    let token = case.mock.password_reset_token(DEFAULT_USERNAME).expect("a mailed token");
    anonymous
        .reset_password()
        .body_map(|body| body.token(token).new_password("n3w-Passw0rd"))
        .send()
        .await
        .unwrap();
    let signed_in = case
        .builder()
        .sign_in(Credentials::new(DEFAULT_USERNAME, "n3w-Passw0rd"))
        .await
        .unwrap();
    assert!(matches!(signed_in, SignIn::Complete(_)));
});

e2e_test!(metadata_is_public, covers["retrieveMetadata"], |case| {
    let metadata = case
        .anonymous()
        .retrieve_metadata()
        .domain("pbx.example.com")
        .send()
        .await
        .unwrap()
        .into_inner();
    assert!(metadata.web_domain.is_some_and(|domain| !domain.is_empty()));
});

e2e_test!(
    social_sign_in_answers_the_identity_provider_url,
    covers["signInWithSocialAccount"],
    |case| {
        let redirect = case
            .anonymous()
            .sign_in_with_social_account()
            .provider("microsoft")
            .body_map(|body| {
                body.domain("pbx.example.com")
                    .callback_url("https://example.com/callback")
            })
            .send()
            .await
            .unwrap()
            .into_inner();
        assert!(redirect.url.is_some_and(|url| url.starts_with("https://")));
    }
);

e2e_test!(
    microsoft_login_hands_back_the_redirect,
    covers["loginWithMicrosoft"],
    |case| {
        let answer = case
            .anonymous()
            .login_with_microsoft()
            .body_map(|body| body.domain("pbx.example.com"))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::FOUND);
        assert_eq!(answer.headers()[reqwest::header::LOCATION], REDIRECT_TARGET);
    }
);

e2e_test!(a_browser_style_session_logs_in_and_out, covers ["login", "getLoginStatus", "logout"], |case| {
    let anonymous = case.anonymous();
    anonymous
        .login()
        .body_map(|body| body.username(DEFAULT_USERNAME).password(DEFAULT_PASSWORD))
        .send()
        .await
        .unwrap();
    // Without a cookie jar the session is not kept: the status asks for a token.
    let status = anonymous.get_login_status().send().await.map_err(Error::from).unwrap_err();
    assert_eq!(status.status(), Some(StatusCode::UNAUTHORIZED));

    let client = case.client().await;
    let status = client.get_login_status().send().await.unwrap().into_inner();
    assert_eq!(status.role.as_deref(), Some("Admin"));
    assert!(status.expires_in.is_some_and(|seconds| seconds > 0));
    assert!(status.expires_at.is_some());
    let logged_out = client.logout().send().await.unwrap();
    assert_eq!(logged_out.status(), StatusCode::NO_CONTENT);
});
