use super::Rule;
use crate::lint::diagnostic::{Findings, Severity};
use crate::lint::document::Document;

/// Success statuses that mislead a client: 203 (Non-Authoritative Information) is for proxies
/// that changed a response; a create that answers 200 "Created" where the API's other creates
/// answer 201 is most likely the documentation's slip, and clients that check for 201 miss it.
pub struct OddSuccessStatus;

fn says_created(description: &str) -> bool {
    description.split_whitespace().next().is_some_and(|word| {
        word.trim_matches(|c: char| !c.is_alphanumeric())
            .eq_ignore_ascii_case("created")
    })
}

impl Rule for OddSuccessStatus {
    fn id(&self) -> &'static str {
        "odd-success-status"
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn description(&self) -> &'static str {
        "success statuses are the usual ones: no 203, creates answer 201 like the API's others"
    }

    fn check(&self, document: &Document, findings: &mut Findings) {
        let operations = document.operations();
        let creates_answer_201 = operations.iter().any(|operation| {
            operation.method == "post"
                && document
                    .responses(operation)
                    .iter()
                    .any(|response| response.status == "201")
        });
        for operation in &operations {
            for response in document.responses(operation) {
                let description = response
                    .response
                    .get("description")
                    .and_then(serde_json::Value::as_str)
                    .unwrap_or_default();
                if response.status == "203" {
                    findings.report(
                        response.pointer.clone(),
                        "an operation answers 203 Non-Authoritative Information",
                        "use 200 (203 means a proxy changed the origin's answer)",
                    );
                } else if response.status == "200"
                    && operation.method == "post"
                    && creates_answer_201
                    && says_created(description)
                {
                    findings.report(
                        response.pointer.clone(),
                        // One message for every site: one documentation habit is one cause.
                        "a create answers 200 \"Created\", where the API's other creates answer 201",
                        "document 201 if that is what the server sends, as for the other creates",
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

    fn doc(other_create: &str) -> serde_json::Value {
        with_paths(json!({
            "/a": {"post": {"responses": {other_create: {"description": "Created"}}}},
            "/b": {"post": {"responses": {"200": {"description": "Created ring group"}}}},
            "/c": {"post": {"responses": {"200": {"description": "The updated thing"}}}},
            "/d": {"post": {"responses": {"203": {"description": "OK"}}}}
        }))
    }

    #[test]
    fn fires_on_203_and_a_200_created_where_creates_answer_201() {
        assert_eq!(
            pointers(&OddSuccessStatus, doc("201")),
            [
                "/paths/~1b/post/responses/200",
                "/paths/~1d/post/responses/203"
            ]
        );
    }

    #[test]
    fn a_200_created_is_fine_where_no_create_answers_201() {
        assert_eq!(
            pointers(&OddSuccessStatus, doc("200")),
            ["/paths/~1d/post/responses/203"]
        );
    }
}
