//! Each fault the mock can inject, and the typed outcome the client gives for it.

use std::time::Duration;

use portsip_api::types::{CustomHeaderScope, TenantStatus};
use portsip_api::{ClientBuilder, Error, RetryPolicy};
use portsip_api_tests::{Fault, FaultRule, UNKNOWN_ENUM_VALUE, refused_base_url};
use reqwest::StatusCode;

use crate::support::fast_retries;

e2e_test!(
    a_read_is_retried_through_gateway_errors,
    covers["getTenantBalance"],
    |case| {
        let client = case.client().await;
        case.mock
            .inject(FaultRule::on("getTenantBalance", Fault::Status(503)).times(2));
        let balance = client
            .get_tenant_balance()
            .send()
            .await
            .unwrap()
            .into_inner();
        assert!(balance.balance.is_some());
        assert_eq!(case.mock.calls("getTenantBalance"), 3);
    }
);

e2e_test!(
    a_read_that_keeps_failing_gives_the_gateway_status,
    covers["getTenantBalance"],
    |case| {
        let client = case.client().await;
        case.mock
            .inject(FaultRule::on("getTenantBalance", Fault::Status(504)).always());
        let error = client
            .get_tenant_balance()
            .send()
            .await
            .map_err(Error::from)
            .unwrap_err();
        let api = error.api().expect("an API error");
        assert_eq!(api.status(), StatusCode::GATEWAY_TIMEOUT);
        assert!(api.raw_body().is_some_and(|page| page.contains("504")));
        assert_eq!(
            case.mock.calls("getTenantBalance"),
            3,
            "the default policy makes 3 attempts"
        );
    }
);

e2e_test!(
    a_write_is_never_sent_twice,
    covers["rechargeTenant"],
    |case| {
        let client = case.client().await;
        case.mock
            .inject(FaultRule::on("rechargeTenant", Fault::Status(502)));
        let error = client
            .recharge_tenant()
            .body_map(|body| body.balance(5.0))
            .send()
            .await
            .map_err(Error::from)
            .unwrap_err();
        assert_eq!(error.status(), Some(StatusCode::BAD_GATEWAY));
        assert_eq!(case.mock.calls("rechargeTenant"), 1);
    }
);

e2e_test!(
    a_slow_answer_is_a_timeout,
    covers["retrieveCurrentTenantStatus"],
    |case| {
        let client = case
            .sign_in(case.builder().timeout(Duration::from_millis(300)))
            .await;
        case.mock.inject(FaultRule::on(
            "retrieveCurrentTenantStatus",
            Fault::Delay(Duration::from_secs(2)),
        ));
        let error = client
            .retrieve_current_tenant_status()
            .send()
            .await
            .map_err(Error::from)
            .unwrap_err();
        assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    }
);

e2e_test!(
    malformed_json_is_a_decode_error,
    covers["showCurrentConfigurations"],
    |case| {
        let client = case.client().await;
        for fault in [Fault::MalformedJson, Fault::CutJson] {
            case.mock
                .inject(FaultRule::on("showCurrentConfigurations", fault.clone()));
            let error = client
                .show_current_configurations()
                .send()
                .await
                .map_err(Error::from)
                .unwrap_err();
            assert!(
                matches!(error, Error::Decode { .. }),
                "{fault:?}: {error:?}"
            );
        }
    }
);

e2e_test!(
    a_truncated_body_is_a_transport_error,
    covers["showCurrentConfigurations"],
    |case| {
        let client = case.client().await;
        case.mock.inject(FaultRule::on(
            "showCurrentConfigurations",
            Fault::TruncatedBody,
        ));
        let error = client
            .show_current_configurations()
            .send()
            .await
            .map_err(Error::from)
            .unwrap_err();
        assert!(matches!(error, Error::Transport(_)), "{error:?}");
    }
);

e2e_test!(null_everywhere_still_decodes, covers ["retrieveCurrentTenantStatus", "showCurrentConfigurations"], |case| {
    let client = case.client().await;
    case.mock.inject(FaultRule::everywhere(Fault::AllNull).times(2));
    let status = client.retrieve_current_tenant_status().send().await.unwrap().into_inner();
    assert_eq!(status, TenantStatus::default());
    let tenant = client.show_current_configurations().send().await.unwrap().into_inner();
    assert_eq!(tenant.name, None);
    assert_eq!(tenant.office_hours, None);
});

e2e_test!(
    unknown_enum_values_are_kept,
    covers["retrieveTenantCustomHeaders"],
    |case| {
        let client = case.client().await;
        case.mock.inject(FaultRule::on(
            "retrieveTenantCustomHeaders",
            Fault::UnknownEnumValues,
        ));
        let headers = client
            .retrieve_tenant_custom_headers()
            .send()
            .await
            .unwrap()
            .into_inner();
        let scope = headers.add.unwrap()[0].scope.clone();
        assert_eq!(
            scope,
            Some(CustomHeaderScope::Unknown(UNKNOWN_ENUM_VALUE.into()))
        );
    }
);

#[tokio::test]
async fn a_closed_port_is_a_connect_error() {
    let client = ClientBuilder::with_base_url(refused_base_url())
        .retry(fast_retries())
        .build()
        .unwrap();
    let error = client
        .retrieve_metadata()
        .send()
        .await
        .map_err(Error::from)
        .unwrap_err();
    assert!(matches!(error, Error::Connect(_)), "{error:?}");
}

#[tokio::test]
async fn a_stopped_pbx_is_a_connect_error() {
    let case = crate::support::Case::start(portsip_api_tests::MockConfig::default()).await;
    let client = case
        .sign_in(case.builder().retry(RetryPolicy::disabled()))
        .await;
    case.mock.stop().await;
    let error = client
        .get_tenant_balance()
        .send()
        .await
        .map_err(Error::from)
        .unwrap_err();
    assert!(matches!(error, Error::Connect(_)), "{error:?}");
}
