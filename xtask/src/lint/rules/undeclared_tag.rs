use std::collections::BTreeSet;

use serde_json::Value;

use super::Rule;
use crate::lint::diagnostic::{Findings, Severity};
use crate::lint::document::{Document, join};

/// A tag an operation uses but the document does not declare under `tags` has no description,
/// and tools that group by declared tags (documentation, the client's per-resource features)
/// drop or misplace the operation.
pub struct UndeclaredTag;

impl Rule for UndeclaredTag {
    fn id(&self) -> &'static str {
        "undeclared-tag"
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn description(&self) -> &'static str {
        "every tag an operation uses is declared in the document's `tags`"
    }

    fn check(&self, document: &Document, findings: &mut Findings) {
        let declared: BTreeSet<&str> = document
            .get("/tags")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|tag| tag.get("name").and_then(Value::as_str))
            .collect();
        for operation in document.operations() {
            for (index, tag) in operation.tags().iter().enumerate() {
                let Some(name) = tag.as_str() else { continue };
                if !declared.contains(name) {
                    findings.report(
                        format!("{}/{index}", join(&operation.pointer, "tags")),
                        format!("tag `{name}` is used but not declared"),
                        format!("declare it: `tags: [{{name: {name}, description: ...}}]` at the top level"),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::lint::rules::testing::{pointers, with_paths};

    fn doc(declared: serde_json::Value) -> serde_json::Value {
        let mut doc = with_paths(json!({
            "/a": {"get": {"tags": ["Holidays"], "responses": {"200": {"description": "OK"}}}},
            "/b": {"get": {"tags": ["Users"], "responses": {"200": {"description": "OK"}}}}
        }));
        doc["tags"] = declared;
        doc
    }

    #[test]
    fn fires_on_a_tag_not_declared() {
        assert_eq!(
            pointers(&UndeclaredTag, doc(json!([{"name": "Holidays"}]))),
            ["/paths/~1b/get/tags/0"]
        );
    }

    #[test]
    fn silent_when_every_tag_is_declared() {
        let declared = json!([{"name": "Holidays"}, {"name": "Users"}]);
        assert!(pointers(&UndeclaredTag, doc(declared)).is_empty());
    }
}
