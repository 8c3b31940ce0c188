use serde_json::Value;

use super::Rule;
use crate::lint::diagnostic::{Findings, Severity};
use crate::lint::document::{Document, join};

/// Operations a client cannot call safely: a GET that creates something (answers 201 or 202)
/// is repeated freely by clients, caches and crawlers; a secret in the query string ends up in
/// server logs, proxies and browser history.
pub struct UnsafeOperation;

/// Name words that mark a parameter as a credential.
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "token",
    "secret",
    "key",
    "apikey",
    "credential",
    "credentials",
];
/// Name words that mark it as something about a credential rather than the credential itself.
const ABOUT_WORDS: &[&str] = &["id", "name", "type", "expires", "expiry", "count", "length"];

/// `access_token` → `access`, `token`; `apiKey` → `api`, `key`.
fn name_words(name: &str) -> Vec<String> {
    crate::spec::names::words::split(name)
        .into_iter()
        .map(|word| word.to_lowercase())
        .collect()
}

fn is_secret(name: &str) -> bool {
    let words = name_words(name);
    words.iter().any(|w| SECRET_WORDS.contains(&w.as_str()))
        && !words.iter().any(|w| ABOUT_WORDS.contains(&w.as_str()))
}

impl Rule for UnsafeOperation {
    fn id(&self) -> &'static str {
        "unsafe-operation"
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn description(&self) -> &'static str {
        "GETs do not create (no 201/202) and no secret travels in a query string"
    }

    fn check(&self, document: &Document, findings: &mut Findings) {
        for operation in document.operations() {
            if operation.method == "get" {
                for response in document.responses(&operation) {
                    if matches!(response.status, "201" | "202") {
                        findings.report(
                            response.pointer.clone(),
                            format!("a GET answers {}: it creates or starts something", response.status),
                            "make it a POST (clients, caches and crawlers repeat GETs), or answer 200 if nothing is created",
                        );
                    }
                }
            }
            for (pointer, parameter) in operation.parameters(document.root()) {
                let in_query = parameter.get("in").and_then(Value::as_str) == Some("query");
                let Some(name) = parameter.get("name").and_then(Value::as_str) else {
                    continue;
                };
                if in_query && is_secret(name) {
                    findings.report(
                        join(&pointer, "name"),
                        format!("`{}` takes the secret `{name}` in the query string", operation.route()),
                        "take it in a header or the request body: URLs are kept in server logs, proxies and browser history",
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
    fn fires_on_a_creating_get_and_a_secret_in_the_query() {
        let doc = with_paths(json!({
            "/sessions": {"get": {"parameters": [
                {"name": "username", "in": "query", "schema": {"type": "string"}},
                {"name": "password", "in": "query", "schema": {"type": "string"}},
                {"name": "apiKey", "in": "query", "schema": {"type": "string"}}
            ], "responses": {"201": {"description": "Created"}}}}
        }));
        assert_eq!(
            pointers(&UnsafeOperation, doc),
            [
                "/paths/~1sessions/get/responses/201",
                "/paths/~1sessions/get/parameters/1/name",
                "/paths/~1sessions/get/parameters/2/name"
            ]
        );
    }

    #[test]
    fn silent_on_safe_gets_headers_and_names_about_secrets() {
        let doc = with_paths(json!({
            "/tokens": {"get": {"parameters": [
                {"name": "token_id", "in": "query", "schema": {"type": "string"}},
                {"name": "keyword", "in": "query", "schema": {"type": "string"}},
                {"name": "X-Token", "in": "header", "schema": {"type": "string"}}
            ], "responses": {"200": {"description": "OK"}}},
            "post": {"parameters": [], "responses": {"201": {"description": "Created"}}}}
        }));
        assert!(pointers(&UnsafeOperation, doc).is_empty());
    }
}
