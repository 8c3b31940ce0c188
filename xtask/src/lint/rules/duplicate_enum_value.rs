use serde_json::Value;

use super::Rule;
use crate::lint::diagnostic::{Findings, Severity};
use crate::lint::document::Document;

/// A repeated enum value generates two variants with one name (a compile error) or hides a
/// value the vendor meant to list.
pub struct DuplicateEnumValue;

impl Rule for DuplicateEnumValue {
    fn id(&self) -> &'static str {
        "duplicate-enum-value"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn description(&self) -> &'static str {
        "no value appears twice in an `enum`"
    }

    fn check(&self, document: &Document, findings: &mut Findings) {
        for site in document.schemas() {
            let Some(values) = site.schema.get("enum").and_then(Value::as_array) else {
                continue;
            };
            for (index, value) in values.iter().enumerate() {
                if let Some(first) = values[..index].iter().position(|earlier| earlier == value) {
                    findings.report(
                        format!("{}/enum/{index}", site.pointer),
                        format!("enum value {value} repeats value {first}"),
                        "remove the repeated value, or correct it if another value was meant",
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
    use crate::lint::rules::testing::{pointers, with_component};

    #[test]
    fn fires_on_a_repeated_value() {
        let doc = with_component(json!({"type": "string", "enum": ["ALL", "TRUNK", "ALL"]}));
        assert_eq!(
            pointers(&DuplicateEnumValue, doc),
            ["/components/schemas/Thing/enum/2"]
        );
    }

    #[test]
    fn silent_on_distinct_values() {
        let doc = with_component(json!({"enum": ["1", 1, "ALL", null]}));
        assert!(pointers(&DuplicateEnumValue, doc).is_empty());
    }
}
