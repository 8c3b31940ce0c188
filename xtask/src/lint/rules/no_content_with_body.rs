use serde_json::Value;

use super::Rule;
use crate::lint::diagnostic::{Findings, Severity};
use crate::lint::document::Document;

/// 204, 205 and 304 responses have no body by definition (RFC 9110); documenting one makes
/// generated clients wait for or decode a body that never comes.
pub struct NoContentWithBody;

const BODYLESS: [&str; 3] = ["204", "205", "304"];

impl Rule for NoContentWithBody {
    fn id(&self) -> &'static str {
        "no-content-with-body"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn description(&self) -> &'static str {
        "204, 205 and 304 responses document no content"
    }

    fn check(&self, document: &Document, findings: &mut Findings) {
        for operation in document.operations() {
            for response in document.responses(&operation) {
                let has_content = response
                    .response
                    .get("content")
                    .and_then(Value::as_object)
                    .is_some_and(|c| !c.is_empty());
                if BODYLESS.contains(&response.status) && has_content {
                    findings.report(
                        format!("{}/content", response.pointer),
                        format!(
                            "`{}` response {} documents a body, which that status never has",
                            operation.route(),
                            response.status
                        ),
                        "remove `content`, or use 200 if the server really sends a body",
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

    #[test]
    fn fires_on_204_with_content() {
        let doc = with_paths(
            json!({"/logout": {"post": {"operationId": "logout", "responses": {"204": {
                "description": "No Content",
                "content": {"application/json": {"schema": {"type": "object"}}}
            }}}}}),
        );
        assert_eq!(
            pointers(&NoContentWithBody, doc),
            ["/paths/~1logout/post/responses/204/content"]
        );
    }

    #[test]
    fn silent_on_204_without_content_and_200_with_it() {
        let doc = with_paths(
            json!({"/logout": {"post": {"operationId": "logout", "responses": {
                "204": {"description": "No Content"},
                "200": {"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}}
            }}}}),
        );
        assert!(pointers(&NoContentWithBody, doc).is_empty());
    }
}
