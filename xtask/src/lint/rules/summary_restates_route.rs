use serde_json::Value;

use super::Rule;
use crate::lint::diagnostic::{Findings, Severity};
use crate::lint::document::{Document, join};

/// A summary like `GET /holidays/{id}` says nothing the route doesn't; it becomes the
/// generated method's doc comment, so readers learn nothing from it.
pub struct SummaryRestatesRoute;

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether `summary` is made only of the method and the path's words, and reads like a route
/// (names the method in capitals or contains a `/`): "GET /holidays/{id}", "/holidays".
fn restates(summary: &str, method: &str, path: &str) -> bool {
    let route_words = words(&format!("{method} {path}"));
    let summary_words = words(summary);
    let looks_like_route = summary.contains('/')
        || summary
            .split_whitespace()
            .any(|w| w == method.to_uppercase());
    looks_like_route
        && !summary_words.is_empty()
        && summary_words.iter().all(|w| route_words.contains(w))
}

impl Rule for SummaryRestatesRoute {
    fn id(&self) -> &'static str {
        "summary-restates-route"
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn description(&self) -> &'static str {
        "an operation's summary says what it does, not its method and path"
    }

    fn check(&self, document: &Document, findings: &mut Findings) {
        for operation in document.operations() {
            let Some(summary) = operation.operation.get("summary").and_then(Value::as_str) else {
                continue;
            };
            if restates(summary, operation.method, operation.path) {
                findings.report(
                    join(&operation.pointer, "summary"),
                    format!("summary \"{summary}\" only restates the route `{}`", operation.route()),
                    "say what the operation does (\"Retrieve a holiday\", not \"GET /holidays/{id}\")",
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

    fn with_summary(summary: &str) -> serde_json::Value {
        with_paths(
            json!({"/holidays/{id}": {"get": {"operationId": "showHoliday", "summary": summary,
            "responses": {"200": {"description": "OK"}}}}}),
        )
    }

    #[test]
    fn fires_on_method_and_path() {
        assert_eq!(
            pointers(&SummaryRestatesRoute, with_summary("GET /holidays/{id}")),
            ["/paths/~1holidays~1{id}/get/summary"]
        );
        assert_eq!(
            pointers(&SummaryRestatesRoute, with_summary("/holidays/{id}")).len(),
            1
        );
        assert_eq!(
            pointers(&SummaryRestatesRoute, with_summary("GET holidays")).len(),
            1
        );
    }

    #[test]
    fn silent_on_a_real_summary() {
        for summary in [
            "Retrieve a holiday",
            "Holidays",
            "Get a holiday by id",
            "GET the holiday's /details/ page",
        ] {
            assert!(
                pointers(&SummaryRestatesRoute, with_summary(summary)).is_empty(),
                "{summary}"
            );
        }
    }
}
