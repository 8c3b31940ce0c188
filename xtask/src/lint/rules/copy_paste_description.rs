use std::collections::BTreeMap;

use serde_json::Value;

use super::{Rule, quote};
use crate::lint::diagnostic::{Findings, Severity};
use crate::lint::document::{Document, join};

/// Sibling properties with the same description: usually one was copied and not edited
/// (`year_end` described as "The start year"), so the generated docs say the wrong thing.
pub struct CopyPasteDescription;

impl Rule for CopyPasteDescription {
    fn id(&self) -> &'static str {
        "copy-paste-description"
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn description(&self) -> &'static str {
        "sibling properties do not share one description"
    }

    fn check(&self, document: &Document, findings: &mut Findings) {
        for site in document.schemas() {
            let Some(properties) = site.schema.get("properties").and_then(Value::as_object) else {
                continue;
            };
            let mut by_description: BTreeMap<String, (&str, Vec<&str>)> = BTreeMap::new();
            for (name, property) in properties {
                // Only descriptions written on the property itself: two properties that share a
                // `$ref` and say nothing of their own are not a copy-paste slip.
                if let Some(description) = property.get("description").and_then(Value::as_str) {
                    let key = description
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                        .to_lowercase();
                    if !key.is_empty() {
                        by_description
                            .entry(key)
                            .or_insert((description, Vec::new()))
                            .1
                            .push(name);
                    }
                }
            }
            let properties_pointer = join(&site.pointer, "properties");
            for (key, (description, names)) in by_description {
                if names.len() < 2 {
                    continue;
                }
                let original = original_of(&key, &names);
                for copy in names.iter().filter(|name| Some(**name) != original) {
                    let source = original.unwrap_or(names[0]);
                    if *copy == source {
                        continue;
                    }
                    findings.report(
                        format!("{}/description", join(&properties_pointer, copy)),
                        format!("`{copy}` has the same description as its sibling `{source}`: {}", quote(description)),
                        format!("describe what `{copy}` holds; this text was likely copied from `{source}`"),
                    );
                }
            }
        }
    }
}

/// The property the description was written for: the only one whose distinctive name words
/// (`start` in `year_start` next to `year_end`) appear in it.
fn original_of<'a>(description: &str, names: &[&'a str]) -> Option<&'a str> {
    let words_of = |name: &str| {
        name.split(|c: char| !c.is_ascii_alphanumeric())
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    let mentioned = |name: &str| {
        let others: Vec<String> = names
            .iter()
            .filter(|n| **n != name)
            .flat_map(|n| words_of(n))
            .collect();
        words_of(name)
            .iter()
            .any(|word| !others.contains(word) && words_of(description).contains(word))
    };
    let mut candidates = names.iter().copied().filter(|name| mentioned(name));
    match (candidates.next(), candidates.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::lint::rules::testing::{run, with_component};

    #[test]
    fn fires_on_the_copy_not_the_original() {
        let doc = with_component(json!({"type": "object", "properties": {
            "year_start": {"type": "integer", "description": "The start year of holiday.\n"},
            "year_end": {"type": "integer", "description": "The start year of holiday."},
            "day_start": {"type": "integer", "description": "The start day of holiday."},
            "day_end": {"type": "integer", "description": "The end day of holiday."}
        }}));
        let findings = run(&CopyPasteDescription, doc);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].pointer,
            "/components/schemas/Thing/properties/year_end/description"
        );
        assert!(
            findings[0].help.contains("`year_start`"),
            "{}",
            findings[0].help
        );
    }

    #[test]
    fn fires_on_all_but_one_when_the_original_is_unclear() {
        let doc = with_component(json!({"type": "object", "properties": {
            "a": {"description": "Some value."},
            "b": {"description": "Some value."},
            "c": {"description": "Some value."}
        }}));
        assert_eq!(run(&CopyPasteDescription, doc).len(), 2);
    }

    #[test]
    fn silent_on_distinct_or_inherited_descriptions() {
        let doc = with_component(json!({"type": "object", "properties": {
            "start": {"$ref": "#/components/schemas/Time"},
            "end": {"$ref": "#/components/schemas/Time"},
            "day_start": {"type": "integer", "description": "The start day of holiday."},
            "day_end": {"type": "integer", "description": "The end day of holiday."}
        }}));
        assert!(run(&CopyPasteDescription, doc).is_empty());
    }
}
