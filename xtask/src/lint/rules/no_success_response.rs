use super::Rule;
use crate::lint::diagnostic::{Findings, Severity};
use crate::lint::document::Document;

/// An operation with no 2xx (or `default`) response gives generated clients no success type:
/// every call surfaces as an unexpected response.
pub struct NoSuccessResponse;

impl Rule for NoSuccessResponse {
    fn id(&self) -> &'static str {
        "no-success-response"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn description(&self) -> &'static str {
        "every operation documents a 2xx response"
    }

    fn check(&self, document: &Document, findings: &mut Findings) {
        for operation in document.operations() {
            let responses = operation.responses(document);
            if responses.iter().any(|r| r.class() == Some('2') || r.status == "default") {
                continue;
            }
            let redirects: Vec<&str> = responses.iter().filter(|r| r.class() == Some('3')).map(|r| r.status).collect();
            let (message, help) = if redirects.is_empty() {
                (
                    format!("`{}` documents no 2xx response", operation.route()),
                    "add the success response the server sends (e.g. `200` with its body, or `204`)".to_owned(),
                )
            } else {
                (
                    format!(
                        "`{}` documents only a redirect ({}) and no 2xx response; HTTP clients follow the \
                         redirect and receive a response the spec does not describe",
                        operation.route(),
                        redirects.join(", ")
                    ),
                    "document the 2xx response at the end of the redirect, or mark the operation as a browser flow \
                     and keep it out of generated clients"
                        .to_owned(),
                )
            };
            findings.report(format!("{}/responses", operation.pointer), message, help);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::lint::rules::testing::{pointers, run, with_paths};

    fn with_responses(responses: Value) -> Value {
        with_paths(json!({"/login/by_microsoft": {"post": {"operationId": "login", "responses": responses}}}))
    }

    #[test]
    fn fires_on_errors_only() {
        let doc = with_responses(json!({"4XX": {"description": "Error"}}));
        assert_eq!(pointers(&NoSuccessResponse, doc), ["/paths/~1login~1by_microsoft/post/responses"]);
    }

    #[test]
    fn fires_on_a_redirect_only_operation_and_says_so() {
        let doc = with_responses(json!({"302": {"description": "Found"}, "4XX": {"description": "Error"}}));
        let findings = run(&NoSuccessResponse, doc);
        assert!(findings[0].message.contains("redirect (302)"), "{}", findings[0].message);
    }

    #[test]
    fn silent_with_a_2xx_range_or_default() {
        for responses in [
            json!({"2XX": {"description": "OK"}}),
            json!({"204": {"description": "No Content"}, "4XX": {"description": "Error"}}),
            json!({"default": {"description": "Anything"}}),
        ] {
            assert!(pointers(&NoSuccessResponse, with_responses(responses)).is_empty());
        }
    }
}
