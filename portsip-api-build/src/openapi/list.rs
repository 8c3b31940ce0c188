//! The one rule for what a list operation is, used by the generator (which gives it a pagination
//! `Stream`) and by the mock server (which keeps a collection behind it): an operation that
//! takes the query parameters `skip` and `top` and answers a page, a JSON object with an integer
//! `count` and an `items` array.

use serde_json::Value;

use super::{Operation, refs};

/// Whether `operation` pages through a collection.
pub fn is_list_operation(document: &Value, operation: &Operation<'_>) -> bool {
    takes_paging(document, operation) && page_schema(document, operation).is_some()
}

/// The query parameters `skip` and `top`, on the operation or its Path Item.
fn takes_paging(document: &Value, operation: &Operation<'_>) -> bool {
    let parameters = operation.parameters(document);
    let in_query = |name: &str| {
        parameters.iter().any(|(_, parameter)| {
            parameter.get("in").and_then(Value::as_str) == Some("query")
                && parameter.get("name").and_then(Value::as_str) == Some(name)
        })
    };
    in_query("skip") && in_query("top")
}

/// The schema of the page `operation` answers with, if it answers one: the JSON body of its
/// lowest 2XX response, an object with an integer `count` and an `items` array.
pub fn page_schema<'a>(document: &'a Value, operation: &Operation<'a>) -> Option<&'a Value> {
    let responses = operation.operation.get("responses")?.as_object()?;
    let schema = responses
        .iter()
        .filter(|(status, _)| status.len() == 3 && status.starts_with('2'))
        .find_map(|(_, response)| json_schema(refs::follow_value(document, response)))?;
    let schema = peel(document, schema);
    let property = |name: &str| {
        let property = schema.get("properties")?.get(name)?;
        Some(peel(document, property))
    };
    (has_type(property("count")?, "integer") && has_type(property("items")?, "array"))
        .then_some(schema)
}

/// The schema of the first JSON media type of a response or request body.
fn json_schema(body: &Value) -> Option<&Value> {
    let content = body.get("content")?.as_object()?;
    content
        .iter()
        .find(|(media_type, media)| is_json(media_type) && media.get("schema").is_some())
        .and_then(|(_, media)| media.get("schema"))
}

/// `application/json` and the `+json` media types, parameters aside.
pub fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim();
    essence == "application/json" || essence.ends_with("+json")
}

/// Follows `$ref`s and one-member `allOf` wrappers (which OpenAPI 3.0 needs around a `$ref` with
/// siblings) to the schema they stand for.
fn peel<'a>(document: &'a Value, schema: &'a Value) -> &'a Value {
    let mut current = refs::follow_value(document, schema);
    for _ in 0..32 {
        match current
            .get("allOf")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
        {
            Some([only]) => current = refs::follow_value(document, only),
            _ => break,
        }
    }
    current
}

/// Whether a schema's `type` is `expected`, alone or beside `null` (3.1's nullable).
fn has_type(schema: &Value, expected: &str) -> bool {
    match schema.get("type") {
        Some(Value::String(one)) => one == expected,
        Some(Value::Array(many)) => {
            many.iter().any(|t| t == expected) && many.iter().all(|t| t == expected || t == "null")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::openapi::operations;

    fn page(count: Value) -> Value {
        json!({"type": "object", "properties": {"count": count, "items": {"type": "array", "items": {}}}})
    }

    fn list_flags(document: &Value) -> Vec<(String, bool)> {
        operations(document)
            .iter()
            .map(|op| (op.route(), is_list_operation(document, op)))
            .collect()
    }

    #[test]
    fn a_list_takes_skip_and_top_and_answers_count_and_items_through_references() {
        let document = json!({
            "paths": {
                "/a": {
                    "parameters": [{"$ref": "#/components/parameters/Skip"}],
                    "get": {
                        "parameters": [{"name": "top", "in": "query"}],
                        "responses": {"200": {"$ref": "#/components/responses/Page"}}
                    }
                },
                "/nullable": {"get": {
                    "parameters": [{"name": "skip", "in": "query"}, {"name": "top", "in": "query"}],
                    "responses": {
                        "200": {"content": {"application/json": {"schema": {"allOf": [{"$ref": "#/components/schemas/Page"}]}}}},
                        "400": {"description": "bad"}
                    }
                }},
                "/no-paging": {"get": {
                    "responses": {"200": {"$ref": "#/components/responses/Page"}}
                }},
                "/header-top": {"get": {
                    "parameters": [{"name": "skip", "in": "query"}, {"name": "top", "in": "header"}],
                    "responses": {"200": {"$ref": "#/components/responses/Page"}}
                }},
                "/error-page": {"get": {
                    "parameters": [{"name": "skip", "in": "query"}, {"name": "top", "in": "query"}],
                    "responses": {"204": {}, "400": {"$ref": "#/components/responses/Page"}}
                }},
                "/csv-page": {"get": {
                    "parameters": [{"name": "skip", "in": "query"}, {"name": "top", "in": "query"}],
                    "responses": {"200": {"content": {"text/csv": {"schema": {"$ref": "#/components/schemas/Page"}}}}}
                }},
                "/count-or-text": {"get": {
                    "parameters": [{"name": "skip", "in": "query"}, {"name": "top", "in": "query"}],
                    "responses": {"200": {"content": {"application/json": {"schema": page(json!({"type": ["integer", "string"]}))}}}}
                }},
                "/count-in-a-list": {"get": {
                    "parameters": [{"name": "skip", "in": "query"}, {"name": "top", "in": "query"}],
                    "responses": {"200": {"content": {"application/json": {"schema": page(json!({"type": ["integer"]}))}}}}
                }},
                "/other-query": {"get": {
                    "parameters": [{"name": "filter", "in": "query"}, {"name": "search", "in": "query"}],
                    "responses": {"200": {"$ref": "#/components/responses/Page"}}
                }},
                "/count-is-a-string": {"get": {
                    "parameters": [{"name": "skip", "in": "query"}, {"name": "top", "in": "query"}],
                    "responses": {"200": {"content": {"application/json": {"schema": page(json!({"type": "string"}))}}}}
                }}
            },
            "components": {
                "parameters": {"Skip": {"name": "skip", "in": "query"}},
                "responses": {"Page": {"description": "a page", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Page"}}}}},
                "schemas": {"Page": page(json!({"type": ["integer", "null"]}))}
            }
        });
        assert_eq!(
            list_flags(&document),
            [
                ("GET /a".to_owned(), true),
                ("GET /count-in-a-list".to_owned(), true),
                ("GET /count-is-a-string".to_owned(), false),
                ("GET /count-or-text".to_owned(), false),
                ("GET /csv-page".to_owned(), false),
                ("GET /error-page".to_owned(), false),
                ("GET /header-top".to_owned(), false),
                ("GET /no-paging".to_owned(), false),
                ("GET /nullable".to_owned(), true),
                ("GET /other-query".to_owned(), false),
            ]
        );
    }

    #[test]
    fn json_media_types_are_recognised_with_parameters_and_suffixes() {
        assert!(is_json("application/json"));
        assert!(is_json("application/json; charset=utf-8"));
        assert!(is_json("application/problem+json"));
        assert!(!is_json("text/plain"));
        assert!(!is_json("application/jsonl"));
    }
}
