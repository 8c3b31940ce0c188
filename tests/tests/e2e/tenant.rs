use portsip_api::types::{CustomHeader, CustomHeaderScope};

e2e_test!(tenant_settings_read_back_what_was_written,
    covers ["showCurrentConfigurations", "updateSettings"], |case| {
    let client = case.client().await;
    let before = client.show_current_configurations().send().await.unwrap().into_inner();
    client
        .update_settings()
        .body_map(|body| body.name("Acme Ltd".to_owned()).timezone("Europe/Paris".to_owned()))
        .send()
        .await
        .unwrap();
    let after = client.show_current_configurations().send().await.unwrap().into_inner();
    assert_eq!(after.name.as_deref(), Some("Acme Ltd"));
    assert_eq!(after.timezone.as_deref(), Some("Europe/Paris"));
    assert_eq!(after.domain, before.domain);
});

e2e_test!(recharges_add_up_on_the_balance, covers ["getTenantBalance", "rechargeTenant"], |case| {
    let client = case.client().await;
    let balance = || async { client.get_tenant_balance().send().await.unwrap().into_inner().balance.unwrap() };
    let start = balance().await;
    for amount in [10.25, 4.75] {
        client.recharge_tenant().body_map(|body| body.balance(amount)).send().await.unwrap();
    }
    assert!((balance().await - start - 15.0).abs() < 1e-9);
});

e2e_test!(custom_headers_read_back_with_their_scopes,
    covers ["retrieveTenantCustomHeaders", "updateTenantCustomHeaders"], |case| {
    let client = case.client().await;
    let header = CustomHeader {
        name: Some("X-Tenant".into()),
        value: Some("acme".into()),
        scope: Some(CustomHeaderScope::User),
    };
    client
        .update_tenant_custom_headers()
        .body_map(|body| body.add(vec![header.clone()]).relay(vec![]))
        .send()
        .await
        .unwrap();
    let headers = client.retrieve_tenant_custom_headers().send().await.unwrap().into_inner();
    assert_eq!(headers.add, Some(vec![header]));
    assert_eq!(headers.relay, Some(vec![]));
});

e2e_test!(the_password_policy_reads_back,
    covers ["retrieveTenantPasswordPolicy", "updateTenantPasswordPolicy"], |case| {
    let client = case.client().await;
    client
        .update_tenant_password_policy()
        .body_map(|body| body.min_length(12).contains_numbers(false))
        .send()
        .await
        .unwrap();
    let policy = client.retrieve_tenant_password_policy().send().await.unwrap().into_inner();
    assert_eq!(policy.min_length, Some(12));
    assert_eq!(policy.contains_numbers, Some(false));
});

e2e_test!(the_voicemail_server_reads_back, covers ["showVoicemailServer", "updateVoicemailServer"], |case| {
    let client = case.client().await;
    client
        .update_voicemail_server()
        .body_map(|body| body.extension_number("999".to_owned()).retain_days(7))
        .send()
        .await
        .unwrap();
    let voicemail = client.show_voicemail_server().send().await.unwrap().into_inner();
    assert_eq!(voicemail.extension_number.as_deref(), Some("999"));
    assert_eq!(voicemail.retain_days, Some(7));
});

e2e_test!(
    the_tenant_status_decodes,
    covers["retrieveCurrentTenantStatus"],
    |case| {
        let client = case.client().await;
        let status = client
            .retrieve_current_tenant_status()
            .send()
            .await
            .unwrap()
            .into_inner();
        assert!(status.version.is_some());
        let hourly = status.calls_in_24_hours.expect("hourly call counts");
        assert!(hourly.iter().all(|hour| hour.time.is_some()));
    }
);
