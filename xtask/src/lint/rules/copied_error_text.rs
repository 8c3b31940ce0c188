use serde_json::Value;

use super::Rule;
use crate::lint::diagnostic::{Findings, Severity};
use crate::lint::document::Document;

/// A 404 that names a thing the operation is not about ("User not found" on deleting a file)
/// was copied from another operation; a client that shows it misleads its user.
pub struct CopiedErrorText;

/// The words of a name or text, lowercase, plurals made singular: `listUsers` → `list`, `user`.
fn words(text: &str) -> Vec<String> {
    crate::spec::names::words::split(text)
        .into_iter()
        .map(|word| word.to_lowercase().trim_end_matches('s').to_owned())
        .collect()
}

/// `User` in "User not found."; `None` for any other wording.
fn missing_thing(description: &str) -> Option<&str> {
    let lower = description.to_lowercase();
    let at = lower.find(" not found")?;
    let thing = description[..at].trim();
    let thing = thing
        .strip_prefix("The ")
        .or_else(|| thing.strip_prefix("the "))
        .unwrap_or(thing);
    (!thing.is_empty()).then_some(thing)
}

impl Rule for CopiedErrorText {
    fn id(&self) -> &'static str {
        "copied-error-text"
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn description(&self) -> &'static str {
        "a 404's \"… not found\" names what the operation is about"
    }

    fn check(&self, document: &Document, findings: &mut Findings) {
        for operation in document.operations() {
            let about: Vec<String> = [
                operation.path,
                operation.operation_id().unwrap_or_default(),
                operation
                    .operation
                    .get("summary")
                    .and_then(Value::as_str)
                    .unwrap_or_default(),
            ]
            .iter()
            .flat_map(|text| words(text))
            .collect();
            for response in document.responses(&operation) {
                if response.status != "404" {
                    continue;
                }
                let description = response
                    .response
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let Some(thing) = missing_thing(description) else {
                    continue;
                };
                if !words(thing).iter().any(|word| about.contains(word)) {
                    findings.report(
                        format!("{}/description", response.pointer),
                        // Without the route: one copied text is one cause, at every operation.
                        format!("404 \"{}\" on an operation that is not about a {}", description.trim(), thing.to_lowercase()),
                        "name what the operation looks up (\"File not found\"); this text was likely copied from another operation",
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

    fn doc() -> serde_json::Value {
        let gone = |text: &str| json!({"responses": {"204": {"description": "OK"}, "404": {"description": text}}});
        with_paths(json!({
            "/files/{id}/destroy": {"post": gone("User not found")},
            "/users/{id}/destroy": {"post": gone("User not found")},
            "/users/{user_id}/greetings/{id}": {"delete": gone("User not found.")},
            "/holidays/{id}": {"delete": gone("The holiday was not found")},
            "/queues/{id}": {"delete": gone("Not Found")}
        }))
    }

    #[test]
    fn fires_only_where_the_missing_thing_is_not_what_the_operation_is_about() {
        assert_eq!(
            pointers(&CopiedErrorText, doc()),
            ["/paths/~1files~1{id}~1destroy/post/responses/404/description"]
        );
    }
}
