//! Error responses are left to the client's error layer.
//!
//! Given an error schema, progenitor decodes error bodies itself, and on a body that is not the
//! documented JSON (a proxy's HTML page, an empty 401) it reports a decode failure that has lost
//! the HTTP status. Without one, every error status reaches the caller as the untouched
//! response, status and body intact, for the client's error layer to decode into a typed API
//! error or keep raw. It also gives every operation the same error type, whatever its spec
//! says about errors.

use serde_json::Value;

use crate::walk::HTTP_METHODS;

/// Removes the 4xx/5xx responses (and `default`, when a success response is declared) from
/// every operation.
pub fn leave_errors_to_client(document: &mut Value) {
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for item in paths.values_mut() {
        for method in HTTP_METHODS {
            let Some(responses) = item
                .get_mut(method)
                .and_then(|o| o.get_mut("responses"))
                .and_then(Value::as_object_mut)
            else {
                continue;
            };
            responses.retain(|status, _| !is_error_status(status));
            if responses.keys().any(|status| status.starts_with('2')) {
                responses.remove("default");
            }
        }
    }
}

fn is_error_status(status: &str) -> bool {
    status.starts_with('4') || status.starts_with('5')
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn error_statuses_and_redundant_defaults_are_removed() {
        let mut document = json!({"paths": {"/a": {
            "get": {"responses": {"200": {}, "401": {}, "4XX": {}, "5XX": {}, "default": {}}},
            "post": {"responses": {"default": {}}}
        }}});
        leave_errors_to_client(&mut document);
        assert_eq!(
            document,
            json!({"paths": {"/a": {
                "get": {"responses": {"200": {}}},
                "post": {"responses": {"default": {}}}
            }}})
        );
    }
}
