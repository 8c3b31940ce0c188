use std::collections::BTreeSet;

use serde_json::Value;

use crate::support::Covered;

fn spec_operation_ids() -> BTreeSet<String> {
    let text = std::fs::read_to_string(portsip_api_tests::default_spec_path()).unwrap();
    let spec: Value = serde_json::from_str(&text).unwrap();
    spec["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|item| item.as_object().unwrap().values())
        .filter_map(|operation| operation.get("operationId")?.as_str())
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_operation_in_the_spec_has_an_end_to_end_test() {
    let in_spec = spec_operation_ids();
    assert!(!in_spec.is_empty());
    let covered: BTreeSet<String> = inventory::iter::<Covered>
        .into_iter()
        .flat_map(|entry| entry.operations.iter().map(|op| (*op).to_owned()))
        .collect();
    let missing: Vec<&String> = in_spec.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "operations without an end-to-end test: {missing:?}"
    );
}

#[test]
fn tests_only_claim_operations_the_spec_has() {
    let in_spec = spec_operation_ids();
    for entry in inventory::iter::<Covered> {
        for operation in entry.operations {
            assert!(
                in_spec.contains(*operation),
                "{} claims {operation}, which the spec does not have",
                entry.test
            );
        }
    }
}
