//! Where schemas sit in an OpenAPI document. Every transform walks the document through here, so
//! none of them depends on a schema being inline or hoisted into `components/schemas`.

use serde_json::Value;

use crate::SpecError;

/// What a top-level schema describes. The tolerant-reader profile treats responses differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    Component,
    Parameter,
    RequestBody,
    Response,
    Header,
}

/// A top-level schema: one that is not inside another schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Root {
    pub pointer: String,
    pub place: Place,
}

pub(crate) const HTTP_METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Keywords whose value is a map from names to schemas.
const SCHEMA_MAPS: [&str; 5] = [
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];
/// Keywords whose value is one schema (booleans are schemas too, but hold nothing to visit).
const SCHEMA_SINGLES: [&str; 11] = [
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "additionalItems",
];
/// Keywords whose value is a list of schemas.
const SCHEMA_LISTS: [&str; 4] = ["allOf", "oneOf", "anyOf", "prefixItems"];

/// Escapes one reference token of a JSON pointer (RFC 6901).
pub(crate) fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Every top-level schema of `document`, in document order.
pub(crate) fn roots(document: &Value) -> Vec<Root> {
    let mut found = Vec::new();
    let mut push = |pointer: String, place: Place| found.push(Root { pointer, place });

    if let Some(components) = document.get("components") {
        for (name, _) in entries(components.get("schemas")) {
            push(
                format!("/components/schemas/{}", escape(name)),
                Place::Component,
            );
        }
        for (name, parameter) in entries(components.get("parameters")) {
            let at = format!("/components/parameters/{}", escape(name));
            parameter_schemas(parameter, &at, &mut push);
        }
        for (name, body) in entries(components.get("requestBodies")) {
            let at = format!("/components/requestBodies/{}", escape(name));
            content_schemas(body, &at, Place::RequestBody, &mut push);
        }
        for (name, response) in entries(components.get("responses")) {
            let at = format!("/components/responses/{}", escape(name));
            response_schemas(response, &at, &mut push);
        }
        for (name, header) in entries(components.get("headers")) {
            let at = format!("/components/headers/{}", escape(name));
            parameter_schemas(header, &at, &mut |p, _| push(p, Place::Header));
        }
    }

    for (path, item) in entries(document.get("paths")) {
        let at = format!("/paths/{}", escape(path));
        for (index, parameter) in list(item.get("parameters")) {
            parameter_schemas(parameter, &format!("{at}/parameters/{index}"), &mut push);
        }
        for method in HTTP_METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let at = format!("{at}/{method}");
            for (index, parameter) in list(operation.get("parameters")) {
                parameter_schemas(parameter, &format!("{at}/parameters/{index}"), &mut push);
            }
            if let Some(body) = operation.get("requestBody") {
                content_schemas(
                    body,
                    &format!("{at}/requestBody"),
                    Place::RequestBody,
                    &mut push,
                );
            }
            for (status, response) in entries(operation.get("responses")) {
                response_schemas(
                    response,
                    &format!("{at}/responses/{}", escape(status)),
                    &mut push,
                );
            }
        }
    }
    found
}

fn parameter_schemas(parameter: &Value, at: &str, push: &mut impl FnMut(String, Place)) {
    if parameter.get("schema").is_some() {
        push(format!("{at}/schema"), Place::Parameter);
    }
    content_schemas(parameter, at, Place::Parameter, push);
}

fn response_schemas(response: &Value, at: &str, push: &mut impl FnMut(String, Place)) {
    content_schemas(response, at, Place::Response, push);
    for (name, header) in entries(response.get("headers")) {
        let at = format!("{at}/headers/{}", escape(name));
        parameter_schemas(header, &at, &mut |p, _| push(p, Place::Header));
    }
}

fn content_schemas(holder: &Value, at: &str, place: Place, push: &mut impl FnMut(String, Place)) {
    for (media, content) in entries(holder.get("content")) {
        if content.get("schema").is_some() {
            push(format!("{at}/content/{}/schema", escape(media)), place);
        }
    }
}

fn entries(map: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    map.and_then(Value::as_object).into_iter().flatten()
}

fn list(array: Option<&Value>) -> impl Iterator<Item = (usize, &Value)> {
    array
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
}

/// The direct subschemas of `schema`, each with the pointer suffix that reaches it.
pub(crate) fn children(schema: &Value) -> Vec<(String, &Value)> {
    let Some(object) = schema.as_object() else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (keyword, value) in object {
        let keyword = keyword.as_str();
        if SCHEMA_MAPS.contains(&keyword) {
            for (name, child) in value.as_object().into_iter().flatten() {
                found.push((format!("/{}/{}", escape(keyword), escape(name)), child));
            }
        } else if SCHEMA_LISTS.contains(&keyword) || (keyword == "items" && value.is_array()) {
            for (index, child) in value.as_array().into_iter().flatten().enumerate() {
                found.push((format!("/{keyword}/{index}"), child));
            }
        } else if SCHEMA_SINGLES.contains(&keyword) && value.is_object() {
            found.push((format!("/{keyword}"), value));
        }
    }
    found
}

/// Visits `schema` and then, recursively, the subschemas of what the visit left behind.
pub(crate) fn walk_mut(
    schema: &mut Value,
    pointer: &str,
    visit: &mut impl FnMut(&str, &mut Value) -> Result<(), SpecError>,
) -> Result<(), SpecError> {
    visit(pointer, schema)?;
    let suffixes: Vec<String> = children(schema)
        .into_iter()
        .map(|(suffix, _)| suffix)
        .collect();
    for suffix in suffixes {
        if let Some(child) = schema.pointer_mut(&suffix) {
            walk_mut(child, &format!("{pointer}{suffix}"), visit)?;
        }
    }
    Ok(())
}

/// Visits every schema of `document`, top-level ones first in document order, each followed by
/// its subschemas.
pub(crate) fn each_schema_mut(
    document: &mut Value,
    visit: &mut impl FnMut(&str, &mut Value) -> Result<(), SpecError>,
) -> Result<(), SpecError> {
    for root in roots(document) {
        if let Some(schema) = document.pointer_mut(&root.pointer) {
            walk_mut(schema, &root.pointer, visit)?;
        }
    }
    Ok(())
}

/// Calls `visit` on `schema` and every subschema below it, read-only.
pub(crate) fn walk(schema: &Value, pointer: &str, visit: &mut impl FnMut(&str, &Value)) {
    visit(pointer, schema);
    for (suffix, child) in children(schema) {
        walk(child, &format!("{pointer}{suffix}"), visit);
    }
}

/// The component name a local `$ref` points at, for `#/components/schemas/Name` references.
/// `components/schemas` of `document`, created if missing (`None` only for a document that is
/// not an object).
pub(crate) fn component_schemas_mut(
    document: &mut Value,
) -> Option<&mut serde_json::Map<String, Value>> {
    document
        .as_object_mut()
        .map(|root| {
            root.entry("components")
                .or_insert_with(|| Value::Object(Default::default()))
        })
        .and_then(Value::as_object_mut)
        .map(|components| {
            components
                .entry("schemas")
                .or_insert_with(|| Value::Object(Default::default()))
        })
        .and_then(Value::as_object_mut)
}

pub(crate) fn component_name(reference: &str) -> Option<String> {
    let name = reference.strip_prefix("#/components/schemas/")?;
    Some(name.replace("~1", "/").replace("~0", "~"))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn roots_cover_components_parameters_bodies_responses_and_headers() {
        let document = json!({
            "components": {
                "schemas": {"A/B": {}},
                "responses": {"Err": {"content": {"application/json": {"schema": {}}}}}
            },
            "paths": {"/x": {
                "parameters": [{"name": "p", "in": "query", "schema": {}}],
                "post": {
                    "parameters": [{"name": "q", "in": "query", "schema": {}}],
                    "requestBody": {"content": {"application/json": {"schema": {}}}},
                    "responses": {"200": {
                        "headers": {"X-Rate": {"schema": {}}},
                        "content": {"application/json": {"schema": {}}}
                    }}
                }
            }}
        });
        let found: Vec<(String, Place)> = roots(&document)
            .into_iter()
            .map(|r| (r.pointer, r.place))
            .collect();
        assert_eq!(
            found,
            vec![
                ("/components/schemas/A~1B".to_string(), Place::Component),
                (
                    "/components/responses/Err/content/application~1json/schema".into(),
                    Place::Response
                ),
                ("/paths/~1x/parameters/0/schema".into(), Place::Parameter),
                (
                    "/paths/~1x/post/parameters/0/schema".into(),
                    Place::Parameter
                ),
                (
                    "/paths/~1x/post/requestBody/content/application~1json/schema".into(),
                    Place::RequestBody
                ),
                (
                    "/paths/~1x/post/responses/200/content/application~1json/schema".into(),
                    Place::Response
                ),
                (
                    "/paths/~1x/post/responses/200/headers/X-Rate/schema".into(),
                    Place::Header
                ),
            ]
        );
    }

    #[test]
    fn walk_reaches_nested_subschemas_but_not_example_values() {
        let schema = json!({
            "properties": {"a": {"items": {"oneOf": [{"type": "string"}]}}},
            "additionalProperties": {"type": "integer"},
            "example": {"properties": {"not": "a schema"}}
        });
        let mut seen = Vec::new();
        walk(&schema, "", &mut |pointer, _| {
            seen.push(pointer.to_string())
        });
        seen.sort();
        assert_eq!(
            seen,
            [
                "",
                "/additionalProperties",
                "/properties/a",
                "/properties/a/items",
                "/properties/a/items/oneOf/0"
            ]
        );
    }

    #[test]
    fn component_names_are_unescaped() {
        assert_eq!(
            component_name("#/components/schemas/a~1b~0c").as_deref(),
            Some("a/b~c")
        );
        assert_eq!(component_name("#/components/responses/X"), None);
    }
}
