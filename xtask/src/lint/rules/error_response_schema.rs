use serde_json::Value;

use super::Rule;
use crate::lint::diagnostic::{Findings, Severity};
use crate::lint::document::Document;

/// When the API documents an error body, every 4xx/5xx response needs its schema: without
/// it generated clients hand callers raw bytes instead of the error code and message.
pub struct ErrorResponseSchema {
    /// The config says the vendor documents an error body even where the document shows none.
    pub documented_by_config: bool,
}

fn is_error(class: Option<char>) -> bool {
    matches!(class, Some('4' | '5'))
}

/// The schema some error response already uses, as a `$ref` to suggest; `None` when no error
/// response has a schema.
fn documented_error_schema(document: &Document) -> Option<Option<String>> {
    document
        .operations()
        .iter()
        .flat_map(|op| document.responses(op))
        .find_map(|response| {
            if !is_error(response.class()) || !response.has_schema() {
                return None;
            }
            let content = response
                .response
                .get("content")
                .and_then(Value::as_object)?;
            let reference = content.values().find_map(|media| {
                media
                    .get("schema")?
                    .get("$ref")?
                    .as_str()
                    .map(str::to_owned)
            });
            Some(reference)
        })
}

impl Rule for ErrorResponseSchema {
    fn id(&self) -> &'static str {
        "error-response-schema"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn description(&self) -> &'static str {
        "4xx/5xx responses have a schema when the API documents an error body (`[api] documents-error-body`)"
    }

    fn check(&self, document: &Document, findings: &mut Findings) {
        let in_document = documented_error_schema(document);
        if in_document.is_none() && !self.documented_by_config {
            return;
        }
        let help = match in_document.flatten() {
            Some(reference) => {
                format!("add `content: application/json: schema: $ref: {reference}`")
            }
            None => {
                "add `content` with the API's error body schema (an `ErrorResponse` in components)"
                    .to_owned()
            }
        };
        for operation in document.operations() {
            for response in document.responses(&operation) {
                if is_error(response.class()) && !response.has_schema() {
                    findings.report(
                        response.pointer.clone(),
                        // One message for every site: one missing convention is one cause.
                        "error response has no schema, but the API documents an error body",
                        help.clone(),
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
    use crate::lint::rules::testing::{pointers, run, with_paths};

    fn doc() -> serde_json::Value {
        with_paths(json!({
            "/a": {"get": {"operationId": "a", "responses": {
                "200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                "4XX": {"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}}
            }}},
            "/b": {"get": {"operationId": "b", "responses": {"200": {"description": "OK"}, "401": {"description": "Unauthorized"}}}}
        }))
    }

    #[test]
    fn fires_when_another_error_response_shows_the_body() {
        let findings = run(
            &ErrorResponseSchema {
                documented_by_config: false,
            },
            doc(),
        );
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].pointer, "/paths/~1b/get/responses/401");
        assert!(
            findings[0]
                .help
                .contains("#/components/schemas/ErrorResponse"),
            "{}",
            findings[0].help
        );
    }

    #[test]
    fn every_site_has_the_same_cause() {
        let doc = with_paths(json!({
            "/a": {"get": {"operationId": "a", "responses": {"401": {"description": "No"}}}},
            "/b": {"get": {"operationId": "b", "responses": {"404": {"description": "No"}}}}
        }));
        let findings = run(
            &ErrorResponseSchema {
                documented_by_config: true,
            },
            doc,
        );
        assert_eq!(findings.len(), 2);
        assert_eq!(
            (&findings[0].message, &findings[0].help),
            (&findings[1].message, &findings[1].help)
        );
    }

    #[test]
    fn fires_when_the_config_says_the_api_documents_one() {
        let doc = with_paths(json!({"/b": {"get": {"operationId": "b", "responses": {
            "200": {"description": "OK"}, "4XX": {"description": "Error"}, "500": {"description": "Oops"}
        }}}}));
        assert_eq!(
            pointers(
                &ErrorResponseSchema {
                    documented_by_config: true
                },
                doc
            )
            .len(),
            2
        );
    }

    #[test]
    fn silent_when_no_error_body_is_documented_or_all_have_schemas() {
        let undocumented = with_paths(json!({"/b": {"get": {"operationId": "b", "responses": {
            "200": {"description": "OK"}, "4XX": {"description": "Error"}
        }}}}));
        assert!(
            pointers(
                &ErrorResponseSchema {
                    documented_by_config: false
                },
                undocumented
            )
            .is_empty()
        );
        let mut all_have = doc();
        all_have["paths"]["/b"]["get"]["responses"]["401"]["content"] =
            json!({"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}});
        assert!(
            pointers(
                &ErrorResponseSchema {
                    documented_by_config: true
                },
                all_have
            )
            .is_empty()
        );
    }
}
