use std::collections::BTreeMap;

use serde_json::Value;

use super::Rule;
use crate::lint::diagnostic::{Findings, Severity};
use crate::lint::document::{Document, join};

/// Generated clients name each method after its operationId: a missing one leaves the method
/// unnamed and a repeated one generates two methods with one name.
pub struct OperationIdUnique;

impl Rule for OperationIdUnique {
    fn id(&self) -> &'static str {
        "operation-id-unique"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn description(&self) -> &'static str {
        "every operation has an operationId, and no two share one"
    }

    fn check(&self, document: &Document, findings: &mut Findings) {
        let mut first_use: BTreeMap<&str, String> = BTreeMap::new();
        for operation in document.operations() {
            let route = operation.route();
            match operation
                .operation
                .get("operationId")
                .and_then(Value::as_str)
            {
                None => findings.report(
                    operation.pointer.clone(),
                    format!("`{route}` has no operationId"),
                    "add a lowerCamelCase operationId naming the action, e.g. `showHoliday`",
                ),
                Some(id) => match first_use.get(id) {
                    Some(first) => findings.report(
                        join(&operation.pointer, "operationId"),
                        format!("operationId `{id}` of `{route}` is already used by `{first}`"),
                        "give each operation its own operationId",
                    ),
                    None => {
                        first_use.insert(id, route);
                    }
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::lint::rules::testing::{pointers, with_paths};

    #[test]
    fn fires_on_a_repeated_or_missing_id() {
        let doc = with_paths(json!({
            "/a": {"get": {"operationId": "list", "responses": {"200": {"description": "OK"}}},
                   "post": {"responses": {"200": {"description": "OK"}}}},
            "/b": {"get": {"operationId": "list", "responses": {"200": {"description": "OK"}}}}
        }));
        let mut found = pointers(&OperationIdUnique, doc);
        found.sort();
        assert_eq!(found, ["/paths/~1a/post", "/paths/~1b/get/operationId"]);
    }

    #[test]
    fn silent_on_distinct_ids() {
        let doc = with_paths(json!({
            "/a": {"get": {"operationId": "listA", "responses": {"200": {"description": "OK"}}}},
            "/b": {"get": {"operationId": "listB", "responses": {"200": {"description": "OK"}}}}
        }));
        assert!(pointers(&OperationIdUnique, doc).is_empty());
    }
}
