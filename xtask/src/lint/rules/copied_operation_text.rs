use serde_json::Value;

use super::Rule;
use crate::lint::diagnostic::{Findings, Severity};
use crate::lint::document::{Document, join};

/// A summary whose verb is the opposite of the operationId's (`unfavoriteContact` summarised
/// "Favorite a contact") was copied from the sibling operation and not edited; the generated
/// method's documentation then says it does the opposite.
pub struct CopiedOperationText;

/// Verbs that undo each other without a prefix to show it.
const OPPOSITES: &[(&str, &str)] = &[
    ("add", "remove"),
    ("create", "delete"),
    ("create", "destroy"),
    ("start", "stop"),
    ("open", "close"),
    ("show", "hide"),
    ("pause", "resume"),
    ("grant", "revoke"),
    ("login", "logout"),
];
/// Prefixes that make a verb's opposite (`favorite`/`unfavorite`, `enable`/`disable`).
const UNDOING: &[&str] = &["un", "dis", "de"];

fn opposite(a: &str, b: &str) -> bool {
    let prefixed = |x: &str, y: &str| {
        UNDOING
            .iter()
            .any(|prefix| x.strip_prefix(prefix) == Some(y))
    };
    let enable_pair = |x: &str, y: &str| x == "enable" && y == "disable";
    prefixed(a, b)
        || prefixed(b, a)
        || enable_pair(a, b)
        || enable_pair(b, a)
        || OPPOSITES
            .iter()
            .any(|&(x, y)| (x, y) == (a, b) || (y, x) == (a, b))
}

/// `unfavoriteContact` → `unfavorite`.
fn id_verb(id: &str) -> String {
    id.chars().take_while(char::is_ascii_lowercase).collect()
}

fn summary_verb(summary: &str) -> String {
    summary
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

impl Rule for CopiedOperationText {
    fn id(&self) -> &'static str {
        "copied-operation-text"
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn description(&self) -> &'static str {
        "an operation's summary and description do not say the opposite of its operationId"
    }

    fn check(&self, document: &Document, findings: &mut Findings) {
        for operation in document.operations() {
            let Some(id) = operation.operation_id() else {
                continue;
            };
            let does = id_verb(id);
            for field in ["summary", "description"] {
                let Some(text) = operation.operation.get(field).and_then(Value::as_str) else {
                    continue;
                };
                let says = summary_verb(text);
                if !does.is_empty() && !says.is_empty() && opposite(&does, &says) {
                    findings.report(
                        join(&operation.pointer, field),
                        format!("{field} {} says `{says}`, but `{id}` does `{does}`", super::quote(text)),
                        format!("say what `{id}` does; the text was likely copied from the `{says}` operation"),
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

    fn with(id: &str, summary: &str) -> serde_json::Value {
        with_paths(
            json!({"/a": {"post": {"operationId": id, "summary": summary,
            "responses": {"204": {"description": "OK"}}}}}),
        )
    }

    #[test]
    fn fires_when_the_summary_does_the_opposite() {
        for (id, summary) in [
            ("unfavoriteContact", "Favorite a contact"),
            ("disableGreeting", "Enable a greeting"),
            ("stopRecording", "Start recording"),
            ("favoriteContact", "Unfavorite a contact"),
        ] {
            assert_eq!(
                pointers(&CopiedOperationText, with(id, summary)),
                ["/paths/~1a/post/summary"],
                "{id}"
            );
        }
    }

    #[test]
    fn fires_on_a_copied_description_too() {
        let doc = with_paths(json!({"/a": {"post": {"operationId": "unfavoriteContact",
            "summary": "Unfavorite a contact", "description": "Favorite a contact.\n",
            "responses": {"204": {"description": "OK"}}}}}));
        assert_eq!(
            pointers(&CopiedOperationText, doc),
            ["/paths/~1a/post/description"]
        );
    }

    #[test]
    fn silent_when_the_summary_agrees() {
        for (id, summary) in [
            ("unfavoriteContact", "Unfavorite a contact"),
            ("deleteTenant", "Delete a tenant"),
            ("listUsers", "Retrieve users"),
            ("deleteUser", "Remove a user"),
        ] {
            assert!(
                pointers(&CopiedOperationText, with(id, summary)).is_empty(),
                "{id}"
            );
        }
    }
}
