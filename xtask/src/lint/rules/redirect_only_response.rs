use super::Rule;
use crate::lint::diagnostic::{Findings, Severity};
use crate::lint::document::Document;

/// An operation whose only success is a redirect is a browser flow: HTTP clients follow the
/// redirect and receive a response the spec does not describe.
pub struct RedirectOnlyResponse;

impl Rule for RedirectOnlyResponse {
    fn id(&self) -> &'static str {
        "redirect-only-response"
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn description(&self) -> &'static str {
        "an operation whose only non-error response is a 3xx redirect (a browser flow, not an API call)"
    }

    fn check(&self, document: &Document, findings: &mut Findings) {
        for operation in document.operations() {
            let responses = document.responses(&operation);
            if responses
                .iter()
                .any(|r| r.class() == Some('2') || r.status == "default")
            {
                continue;
            }
            let redirects: Vec<&str> = responses
                .iter()
                .filter(|r| r.class() == Some('3'))
                .map(|r| r.status)
                .collect();
            if redirects.is_empty() {
                continue;
            }
            findings.report(
                format!("{}/responses", operation.pointer),
                format!(
                    "`{}` answers only with a redirect ({}); HTTP clients follow it and receive a response \
                     the spec does not describe",
                    operation.route(),
                    redirects.join(", ")
                ),
                "if API clients call it, document the 2xx response at the end of the redirect; if only \
                 browsers do, keep it out of the generated client",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::lint::rules::testing::{pointers, run, with_paths};

    fn with_responses(responses: serde_json::Value) -> serde_json::Value {
        with_paths(
            json!({"/login/by_microsoft": {"post": {"operationId": "login", "responses": responses}}}),
        )
    }

    #[test]
    fn fires_on_a_redirect_only_operation() {
        let doc = with_responses(
            json!({"302": {"description": "Found"}, "4XX": {"description": "Error"}}),
        );
        let findings = run(&RedirectOnlyResponse, doc);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].pointer,
            "/paths/~1login~1by_microsoft/post/responses"
        );
        assert!(
            findings[0].message.contains("redirect (302)"),
            "{}",
            findings[0].message
        );
    }

    #[test]
    fn silent_with_a_2xx_or_without_redirects() {
        for responses in [
            json!({"302": {"description": "Found"}, "200": {"description": "OK"}}),
            json!({"4XX": {"description": "Error"}}),
        ] {
            assert!(pointers(&RedirectOnlyResponse, with_responses(responses)).is_empty());
        }
    }
}
