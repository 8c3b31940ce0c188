use super::Rule;
use crate::lint::diagnostic::{Findings, Severity};
use crate::lint::document::Document;

/// An operation that documents only errors gives generated clients no success type: every
/// call surfaces as an unexpected response.
pub struct NoSuccessResponse;

impl Rule for NoSuccessResponse {
    fn id(&self) -> &'static str {
        "no-success-response"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn description(&self) -> &'static str {
        "every operation documents a 2xx (or redirect, or default) response"
    }

    fn check(&self, document: &Document, findings: &mut Findings) {
        for operation in document.operations() {
            let responses = document.responses(&operation);
            if responses
                .iter()
                .any(|r| matches!(r.class(), Some('2' | '3')) || r.status == "default")
            {
                continue;
            }
            findings.report(
                format!("{}/responses", operation.pointer),
                format!("`{}` documents no success response", operation.route()),
                "add the success response the server sends (e.g. `200` with its body, or `204`)",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::lint::rules::testing::{pointers, with_paths};

    fn with_responses(responses: serde_json::Value) -> serde_json::Value {
        with_paths(json!({"/login": {"post": {"operationId": "login", "responses": responses}}}))
    }

    #[test]
    fn fires_on_errors_only() {
        let doc = with_responses(
            json!({"4XX": {"description": "Error"}, "500": {"description": "Oops"}}),
        );
        assert_eq!(
            pointers(&NoSuccessResponse, doc),
            ["/paths/~1login/post/responses"]
        );
    }

    #[test]
    fn silent_with_a_2xx_range_a_redirect_or_default() {
        for responses in [
            json!({"2XX": {"description": "OK"}}),
            json!({"204": {"description": "No Content"}, "4XX": {"description": "Error"}}),
            json!({"302": {"description": "Found"}}),
            json!({"default": {"description": "Anything"}}),
        ] {
            assert!(pointers(&NoSuccessResponse, with_responses(responses)).is_empty());
        }
    }
}
