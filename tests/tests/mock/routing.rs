use reqwest::{Method, StatusCode};

use crate::support::{Harness, filled, spec_operations};

#[tokio::test]
async fn every_operation_in_the_spec_is_served_under_api() {
    let harness = Harness::start().await;
    let token = harness.sign_in().await;
    for op in spec_operations() {
        let before = harness.mock.calls(&op.id);
        let answer = harness
            .send(
                op.method.clone(),
                &filled(&op.path, "probe"),
                Some(&token),
                None,
            )
            .await;
        assert_ne!(answer.status, StatusCode::METHOD_NOT_ALLOWED, "{}", op.id);
        let routed = harness.mock.calls(&op.id) - before;
        assert_eq!(
            routed, 1,
            "{} {} was not routed to {}",
            op.method, op.path, op.id
        );
    }
    let mut served = harness.mock.operation_ids();
    let mut in_spec: Vec<String> = spec_operations().into_iter().map(|op| op.id).collect();
    served.sort();
    in_spec.sort();
    assert_eq!(served, in_spec);
    harness.assert_answers_were_on_spec();
}

#[tokio::test]
async fn unknown_paths_and_methods_get_vendor_errors() {
    let harness = Harness::start().await;
    let token = harness.sign_in().await;
    let missing = harness.get("/no/such/thing", &token).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.error_codes(), ["NOT_FOUND"]);
    let wrong_method = harness
        .send(Method::DELETE, "/holidays", Some(&token), None)
        .await;
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(wrong_method.error_codes(), ["METHOD_NOT_ALLOWED"]);
}

#[tokio::test]
async fn paths_outside_the_base_path_are_not_the_api() {
    let harness = Harness::start().await;
    let url = harness.mock.base_url().replace("/api", "/holidays");
    let response = harness.http.get(url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}
