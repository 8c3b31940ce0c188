use super::Rule;
use crate::lint::diagnostic::{Findings, Severity};
use crate::lint::document::Document;

/// The document follows the OpenAPI 3.1 structure; generators reject or misread it otherwise.
pub struct OpenApiSchema;

impl Rule for OpenApiSchema {
    fn id(&self) -> &'static str {
        "openapi-schema"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn description(&self) -> &'static str {
        "the document is valid against the official OpenAPI 3.1 JSON Schema"
    }

    fn check(&self, document: &Document, findings: &mut Findings) {
        let Err(violations) = crate::openapi_schema::validate_openapi_31(document.root()) else {
            return;
        };
        for (pointer, message) in violations {
            findings.report(
                pointer,
                format!("not valid OpenAPI 3.1: {message}"),
                "make this object follow the OpenAPI 3.1 specification (https://spec.openapis.org/oas/v3.1.0)",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::lint::rules::testing::{pointers, with_paths};

    #[test]
    fn fires_on_a_response_without_description() {
        let doc = with_paths(json!({"/a": {"get": {"responses": {"200": {}}}}}));
        assert!(pointers(&OpenApiSchema, doc).contains(&"/paths/~1a/get/responses/200".to_owned()));
    }

    #[test]
    fn silent_on_a_valid_document() {
        let doc = with_paths(json!({"/a": {"get": {"responses": {"200": {"description": "OK"}}}}}));
        assert!(pointers(&OpenApiSchema, doc).is_empty());
    }
}
