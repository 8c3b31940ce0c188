//! Structural validation of a document against the official OpenAPI 3.1 JSON Schema, shared by
//! the spec pipeline (which refuses to write an invalid file) and the lint (which reports where).

use std::sync::OnceLock;

use jsonschema::Validator;

use serde_json::Value;

/// The OpenAPI Initiative's schema; provenance in `xtask/schemas/README.md`.
const OPENAPI_31_SCHEMA: &str = include_str!("../schemas/openapi-3.1.json");

fn validator() -> &'static Validator {
    static VALIDATOR: OnceLock<Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let schema: serde_json::Value =
            serde_json::from_str(OPENAPI_31_SCHEMA).expect("vendored OpenAPI 3.1 schema is JSON");
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .build(&schema)
            .expect("vendored OpenAPI 3.1 schema compiles")
    })
}

/// Checks `doc` against the OpenAPI 3.1 schema. On failure, returns every violation as
/// (JSON pointer into `doc`, message), in the validator's order. Messages leave out the
/// offending value, which can be a whole operation.
pub fn validate_openapi_31(doc: &Value) -> Result<(), Vec<(String, String)>> {
    let validator = validator();
    // A yes/no check skips the bookkeeping every error needs (locations, messages); the
    // violations are only collected for a document that fails it.
    if validator.is_valid(doc) {
        return Ok(());
    }
    let violations: Vec<(String, String)> = validator
        .iter_errors(doc)
        .map(|error| {
            (
                error.instance_path().to_string(),
                error.masked().to_string(),
            )
        })
        .collect();
    if violations.is_empty() {
        Ok(())
    } else {
        Err(violations)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn accepts_a_minimal_document() {
        let doc = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}});
        assert_eq!(validate_openapi_31(&doc), Ok(()));
    }

    #[test]
    fn names_the_pointer_of_a_violation() {
        let doc = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"responses": {"200": {"content": {}}}}}}
        });
        let violations = validate_openapi_31(&doc).unwrap_err();
        assert!(
            violations.iter().any(
                |(pointer, message)| pointer == "/paths/~1a/get/responses/200"
                    && message.contains("description")
            ),
            "{violations:?}"
        );
    }
}
