use serde_json::Value;

use super::Rule;
use crate::lint::diagnostic::{Findings, Severity};
use crate::lint::document::Document;

/// A description that lists the values (`- `DO_NOT_DISTURB`: ...`) names one the `enum` lacks:
/// the documented value is rejected by validators and cannot be written with the generated
/// enum.
pub struct EnumDescriptionMismatch;

/// The values a description lists as Markdown items that start with a code span.
fn listed_values(description: &str) -> Vec<&str> {
    description
        .lines()
        .filter_map(|line| {
            let item = line.trim_start().strip_prefix(['-', '*'])?.trim_start();
            let code = item.strip_prefix('`')?;
            let end = code.find('`')?;
            Some(&code[..end])
        })
        .collect()
}

fn as_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

impl Rule for EnumDescriptionMismatch {
    fn id(&self) -> &'static str {
        "enum-description-mismatch"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn description(&self) -> &'static str {
        "every value a description lists is in the schema's `enum`"
    }

    fn check(&self, document: &Document, findings: &mut Findings) {
        for site in document.schemas() {
            let Some(values) = site.schema.get("enum").and_then(Value::as_array) else {
                continue;
            };
            let Some(description) = site.schema.get("description").and_then(Value::as_str) else {
                continue;
            };
            let allowed: Vec<String> = values.iter().map(as_text).collect();
            let listed = listed_values(description);
            // A list none of whose items is a value lists something else (fields, examples).
            if !listed.iter().any(|item| allowed.iter().any(|v| v == item)) {
                continue;
            }
            let missing: Vec<String> = listed
                .iter()
                .filter(|item| !allowed.iter().any(|v| v == *item))
                .map(|item| format!("`{item}`"))
                .collect();
            if !missing.is_empty() {
                let missing = missing.join(", ");
                findings.report(
                    format!("{}/enum", site.pointer),
                    format!("the description lists {missing}, which the enum does not allow"),
                    format!("add {missing} to the enum, or drop them from the description if the API does not take them"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::lint::rules::testing::{run, with_component};

    #[test]
    fn fires_on_a_listed_value_missing_from_the_enum() {
        let doc = with_component(json!({"type": "string", "enum": ["READY", "BREAK"],
            "description": "The status:\n- `READY`: takes calls\n- `BREAK`: paused\n- `LUNCH`: out\n* `AWAY`: gone"}));
        let findings = run(&EnumDescriptionMismatch, doc);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].pointer, "/components/schemas/Thing/enum");
        assert!(
            findings[0].message.contains("`LUNCH`"),
            "{}",
            findings[0].message
        );
    }

    #[test]
    fn silent_when_the_list_is_not_of_values_or_all_are_allowed() {
        let doc = with_component(json!({"type": "object", "properties": {
            "mode": {"type": "string", "enum": ["A", "B"], "description": "- `A`: one\n- `B`: two"},
            "level": {"type": "string", "enum": ["LOW"], "description": "Depends on:\n- `threshold`: the limit\n- `window`: the span"},
            "count": {"type": "integer", "enum": [1, 2], "description": "- `1`: one\n- `2`: two"}
        }}));
        assert!(run(&EnumDescriptionMismatch, doc).is_empty());
    }
}
