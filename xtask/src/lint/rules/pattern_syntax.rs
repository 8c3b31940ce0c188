use serde_json::Value;

use super::Rule;
use crate::lint::diagnostic::{Findings, Severity};
use crate::lint::document::Document;

/// `pattern` must be an ECMA-262 regular expression: generated clients compile it with an
/// ECMAScript engine (regress) and fail to build, or reject every value, when it is not.
pub struct PatternSyntax;

impl Rule for PatternSyntax {
    fn id(&self) -> &'static str {
        "pattern-syntax"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn description(&self) -> &'static str {
        "every `pattern` is a valid ECMA-262 regular expression"
    }

    fn check(&self, document: &Document, findings: &mut Findings) {
        for site in document.schemas() {
            let Some(pattern) = site.schema.get("pattern") else {
                continue;
            };
            let Some(pattern) = pattern.as_str() else {
                continue;
            };
            if let Err(error) = regress::Regex::new(pattern) {
                findings.report(
                    format!("{}/pattern", site.pointer),
                    format!("`{pattern}` is not a valid ECMA-262 regular expression: {error}"),
                    "write the pattern in ECMAScript syntax (no inline flags such as `(?i)`, no \
                     possessive quantifiers)",
                );
            }
        }
    }
}

/// Whether `text` contains a match of `pattern`, with JSON Schema semantics (unanchored
/// search). `None` when the pattern does not compile.
pub fn accepts(pattern: &str, text: &str) -> Option<bool> {
    regress::Regex::new(pattern)
        .ok()
        .map(|regex| regex.find(text).is_some())
}

/// The string patterns that constrain a value: pointer of each `pattern` keyword and its text.
pub fn patterns<'a>(
    constraints: &crate::lint::document::Constraints<'a>,
) -> Vec<(String, &'a str)> {
    constraints
        .keyword("pattern")
        .into_iter()
        .filter_map(|(pointer, value)| Some((pointer, Value::as_str(value)?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::lint::rules::testing::{pointers, with_component};

    #[test]
    fn fires_on_an_unclosed_group() {
        let doc = with_component(json!({"type": "string", "pattern": "([a-z]+"}));
        assert_eq!(
            pointers(&PatternSyntax, doc),
            ["/components/schemas/Thing/pattern"]
        );
    }

    #[test]
    fn fires_on_syntax_ecmascript_lacks() {
        let doc = with_component(json!({"type": "string", "pattern": "(?i)abc"}));
        assert_eq!(pointers(&PatternSyntax, doc).len(), 1);
    }

    #[test]
    fn silent_on_valid_patterns() {
        let doc = with_component(json!({"type": "object", "properties": {
            "code": {"type": "string", "pattern": "^[A-Z]{3}$"},
            "digits": {"type": "string", "pattern": "\\d{3,64}"}
        }}));
        assert!(pointers(&PatternSyntax, doc).is_empty());
    }

    #[test]
    fn accepts_searches_unanchored() {
        assert_eq!(accepts("[a-z]{3}", "12abc34"), Some(true));
        assert_eq!(accepts("^[a-z]{3}$", "12abc34"), Some(false));
        assert_eq!(accepts("(", "x"), None);
    }
}
