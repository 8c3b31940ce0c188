use serde_json::Value;

use super::Rule;
use crate::lint::diagnostic::{Findings, Severity};
use crate::lint::document::Document;

/// Operations without a description leave the generated method undocumented beyond its
/// one-line summary.
pub struct MissingDescription;

impl Rule for MissingDescription {
    fn id(&self) -> &'static str {
        "missing-description"
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn description(&self) -> &'static str {
        "every operation has a description"
    }

    fn check(&self, document: &Document, findings: &mut Findings) {
        for operation in document.operations() {
            let description = operation
                .operation
                .get("description")
                .and_then(Value::as_str);
            if description.is_none_or(|d| d.trim().is_empty()) {
                findings.report(
                    operation.pointer.clone(),
                    format!("`{}` has no description", operation.route()),
                    "add a description: what the operation does, who may call it, what it returns",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::lint::rules::testing::{pointers, with_paths};

    fn with_description(description: Option<&str>) -> serde_json::Value {
        let mut doc = with_paths(
            json!({"/holidays/{id}": {"get": {"operationId": "showHoliday",
            "summary": "Retrieve a holiday", "responses": {"200": {"description": "OK"}}}}}),
        );
        if let Some(description) = description {
            doc["paths"]["/holidays/{id}"]["get"]["description"] = json!(description);
        }
        doc
    }

    #[test]
    fn fires_on_a_missing_or_blank_description() {
        assert_eq!(
            pointers(&MissingDescription, with_description(None)),
            ["/paths/~1holidays~1{id}/get"]
        );
        assert_eq!(
            pointers(&MissingDescription, with_description(Some(" \n"))).len(),
            1
        );
    }

    #[test]
    fn silent_with_a_description() {
        assert!(
            pointers(
                &MissingDescription,
                with_description(Some("Retrieve one holiday by its ID.\n"))
            )
            .is_empty()
        );
    }
}
