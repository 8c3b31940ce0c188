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
            let properties_pointer = join(site.pointer, "properties");
            for (key, (description, names)) in by_description {
                if names.len() < 2 || is_generic(&key, &names) {
                    continue;
                }
                let original = original_of(&key, &names);
                for copy in names.iter().filter(|name| Some(**name) != original) {
                    let source = original.unwrap_or(names[0]);
                    if *copy == source || are_parallel(copy, source) {
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

fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// A description that names nothing any of its properties is called ("The flag whether the
/// permission is enabled." on every flag of a permission set): a shared wording for a kind of
/// value, true of each, rather than one property's text copied onto another.
fn is_generic(description: &str, names: &[&str]) -> bool {
    let said = words_of(description);
    !names
        .iter()
        .flat_map(|name| words_of(name))
        .any(|word| said.contains(&word))
}

/// The same field of parallel parts of one object: numbered instances (`refer_to_1`,
/// `refer_to_2`) or the fields of one flattened sub-object under different prefixes
/// (`intro_prompt_file_name`, `moh_prompt_file_name`). The shared sub-object's text ("The name
/// of the file.") is true of each.
fn are_parallel(a: &str, b: &str) -> bool {
    let unnumbered = |name: &str| words_of(&name.replace(|c: char| c.is_ascii_digit(), " "));
    if unnumbered(a) == unnumbered(b) {
        return true;
    }
    let (words_a, words_b) = (words_of(a), words_of(b));
    let shared_suffix = words_a
        .iter()
        .rev()
        .zip(words_b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    shared_suffix >= 2
}

/// The property the description was written for: the only one whose distinctive name words
/// (`start` in `year_start` next to `year_end`) appear in it.
fn original_of<'a>(description: &str, names: &[&'a str]) -> Option<&'a str> {
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
            "home_phone": {"description": "The phone number."},
            "work_phone": {"description": "The phone number."},
            "fax": {"description": "The phone number."}
        }}));
        assert_eq!(run(&CopyPasteDescription, doc).len(), 2);
    }

    #[test]
    fn silent_on_generic_wording_and_parallel_fields() {
        let doc = with_component(json!({"type": "object", "properties": {
            "call_report_full_access": {"description": "The flag whether the permission is enabled."},
            "call_report_view_only": {"description": "The flag whether the permission is enabled."},
            "intro_prompt_file_name": {"description": "The name of the file."},
            "moh_prompt_file_name": {"description": "The name of the file."},
            "refer_to_1": {"description": "The refer target, usually a number."},
            "refer_to_2": {"description": "The refer target, usually a number."}
        }}));
        assert!(run(&CopyPasteDescription, doc).is_empty());
    }

    #[test]
    fn a_shared_last_word_alone_is_not_parallel() {
        let doc = with_component(json!({"type": "object", "properties": {
            "private_ipv4": {"description": "Host IPV4 address."},
            "public_ipv4": {"description": "Host IPV4 address."}
        }}));
        assert_eq!(run(&CopyPasteDescription, doc).len(), 1);
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
