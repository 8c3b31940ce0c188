//! OpenAPI 3.1 → 3.0, in memory, on the JSON value: `openapiv3` (and so progenitor) reads 3.0.
//!
//! Each rule rewrites one 3.1 construct into its 3.0 equivalent and keeps its meaning:
//!
//! | 3.1 | 3.0 |
//! |---|---|
//! | `type: [T, "null"]` | `type: T, nullable: true` |
//! | `type: [A, B]` | `anyOf: [{type: A}, {type: B}]` |
//! | `type: "null"` | `nullable: true, enum: [null]` |
//! | `const: v` | `enum: [v]` |
//! | `examples: [a, …]` | `example: a` |
//! | `exclusiveMinimum: n` | `minimum: n, exclusiveMinimum: true` (same for maximum) |
//! | `contentEncoding: base64` / `contentMediaType` | `format: byte` / `format: binary` |
//! | schema `{$ref, siblings…}` | `{allOf: [{$ref}], siblings…}` (3.0 ignores `$ref` siblings) |
//! | parameter/response/body `{$ref, summary…}` | `{$ref}` (3.0 allows no siblings there) |
//!
//! A 3.0 document passes through unchanged apart from the sibling rules, so running the
//! conversion twice is harmless.

use serde_json::{Map, Value, json};

use crate::SpecError;
use crate::openapi::METHODS;
use crate::walk;

/// Rewrites `document` from OpenAPI 3.1 to 3.0.3.
pub fn to_openapi_30(document: &mut Value) -> Result<(), SpecError> {
    let version = document
        .get("openapi")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !(version.starts_with("3.1") || version.starts_with("3.0")) {
        return Err(SpecError::new(
            "/openapi",
            format!("expected OpenAPI 3.0 or 3.1, found {version:?}"),
        ));
    }
    let root = document
        .as_object_mut()
        .ok_or_else(|| SpecError::new("", "not a JSON object"))?;
    root.insert("openapi".into(), json!("3.0.3"));
    // 3.1-only top-level fields that openapiv3 has no place for.
    root.remove("webhooks");
    root.remove("jsonSchemaDialect");

    walk::each_schema_mut(document, &mut convert_schema)?;
    strip_non_schema_ref_siblings(document);
    Ok(())
}

/// Applies every schema rule to one schema object (not to its subschemas; the walk does those).
pub(crate) fn convert_schema(pointer: &str, schema: &mut Value) -> Result<(), SpecError> {
    let Some(object) = schema.as_object_mut() else {
        return Ok(());
    };
    wrap_ref_with_siblings(object);
    convert_type(pointer, object)?;
    convert_const(object);
    convert_examples(object);
    convert_exclusive_bound(pointer, object, "exclusiveMinimum", "minimum", |e, m| {
        e >= m
    })?;
    convert_exclusive_bound(pointer, object, "exclusiveMaximum", "maximum", |e, m| {
        e <= m
    })?;
    convert_content_keywords(object);
    Ok(())
}

/// 3.0 ignores everything beside a `$ref`; moving the reference into a one-element `allOf`
/// keeps the use-site description, default or nullability that sits next to it.
fn wrap_ref_with_siblings(object: &mut Map<String, Value>) {
    if object.len() > 1
        && let Some(reference) = object.remove("$ref")
    {
        object.insert("allOf".into(), json!([{ "$ref": reference }]));
    }
}

fn convert_type(pointer: &str, object: &mut Map<String, Value>) -> Result<(), SpecError> {
    let types: Vec<String> = match object.get("type") {
        None => return Ok(()),
        Some(Value::String(single)) if single != "null" => return Ok(()),
        Some(Value::String(_)) => vec!["null".into()],
        Some(Value::Array(list)) => list
            .iter()
            .map(|t| t.as_str().map(str::to_owned))
            .collect::<Option<_>>()
            .ok_or_else(|| {
                SpecError::new(
                    format!("{pointer}/type"),
                    "a type list may hold only strings",
                )
            })?,
        Some(other) => {
            return Err(SpecError::new(
                format!("{pointer}/type"),
                format!("`type` must be a string or a list of strings, found {other}"),
            ));
        }
    };
    let nullable = types.iter().any(|t| t == "null");
    let concrete: Vec<&String> = types.iter().filter(|t| *t != "null").collect();
    object.remove("type");
    match concrete.as_slice() {
        [] => {
            object.insert("enum".into(), json!([null]));
        }
        [single] => {
            object.insert("type".into(), json!(single));
        }
        several => {
            if object.contains_key("anyOf") {
                return Err(SpecError::new(
                    format!("{pointer}/type"),
                    "a list of types next to `anyOf` has no OpenAPI 3.0 form",
                ));
            }
            let alternatives: Vec<Value> = several.iter().map(|t| json!({ "type": t })).collect();
            object.insert("anyOf".into(), Value::Array(alternatives));
        }
    }
    if nullable {
        object.insert("nullable".into(), json!(true));
    }
    Ok(())
}

fn convert_const(object: &mut Map<String, Value>) {
    if let Some(value) = object.remove("const") {
        object.insert("enum".into(), json!([value]));
    }
}

fn convert_examples(object: &mut Map<String, Value>) {
    if let Some(Value::Array(examples)) = object.remove("examples")
        && !object.contains_key("example")
        && let Some(first) = examples.into_iter().next()
    {
        object.insert("example".into(), first);
    }
}

/// 3.1 gives the exclusive bound as a number; 3.0 as a flag on `minimum`/`maximum`. When both an
/// inclusive and an exclusive bound are present, the stricter one wins.
fn convert_exclusive_bound(
    pointer: &str,
    object: &mut Map<String, Value>,
    exclusive: &str,
    inclusive: &str,
    stricter: fn(f64, f64) -> bool,
) -> Result<(), SpecError> {
    let Some(Value::Number(bound)) = object.get(exclusive).cloned() else {
        return Ok(());
    };
    let value = bound.as_f64().ok_or_else(|| {
        SpecError::new(
            format!("{pointer}/{exclusive}"),
            "bound is not a finite number",
        )
    })?;
    let keep_exclusive = match object.get(inclusive).and_then(Value::as_f64) {
        Some(existing) => stricter(value, existing),
        None => true,
    };
    if keep_exclusive {
        object.insert(inclusive.into(), Value::Number(bound));
        object.insert(exclusive.into(), json!(true));
    } else {
        object.remove(exclusive);
    }
    Ok(())
}

fn convert_content_keywords(object: &mut Map<String, Value>) {
    let encoding = object.remove("contentEncoding");
    let media_type = object.remove("contentMediaType");
    if object.contains_key("format") {
        return;
    }
    if encoding.as_ref().and_then(Value::as_str) == Some("base64") {
        object.insert("format".into(), json!("byte"));
    } else if media_type.is_some() {
        object.insert("format".into(), json!("binary"));
    }
}

/// 3.1 lets a reference to a parameter, request body, response or header carry a summary and
/// description; 3.0 readers reject or misread those siblings.
fn strip_non_schema_ref_siblings(document: &mut Value) {
    let strip = |holder: Option<&mut Value>| {
        if let Some(Value::Object(object)) = holder
            && object.contains_key("$ref")
        {
            object.retain(|key, _| key == "$ref");
        }
    };
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for item in paths.values_mut() {
        for parameter in item
            .get_mut("parameters")
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            strip(Some(parameter));
        }
        for method in METHODS {
            let Some(operation) = item.get_mut(method) else {
                continue;
            };
            for parameter in operation
                .get_mut("parameters")
                .and_then(Value::as_array_mut)
                .into_iter()
                .flatten()
            {
                strip(Some(parameter));
            }
            strip(operation.get_mut("requestBody"));
            for response in operation
                .get_mut("responses")
                .and_then(Value::as_object_mut)
                .into_iter()
                .flatten()
            {
                strip(Some(response.1));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn converted(mut schema: Value) -> Value {
        walk::walk_mut(&mut schema, "", &mut convert_schema).unwrap();
        schema
    }

    #[test]
    fn type_list_with_null_becomes_nullable() {
        assert_eq!(
            converted(json!({"type": ["string", "null"], "maxLength": 3})),
            json!({"type": "string", "nullable": true, "maxLength": 3})
        );
    }

    #[test]
    fn type_list_of_several_types_becomes_any_of() {
        assert_eq!(
            converted(json!({"type": ["integer", "string", "null"]})),
            json!({"anyOf": [{"type": "integer"}, {"type": "string"}], "nullable": true})
        );
    }

    #[test]
    fn null_type_alone_becomes_a_null_enum() {
        assert_eq!(
            converted(json!({"type": "null"})),
            json!({"enum": [null], "nullable": true})
        );
    }

    #[test]
    fn bad_type_names_its_place() {
        let error = walk::walk_mut(
            &mut json!({"properties": {"a": {"type": 3}}}),
            "/x",
            &mut convert_schema,
        )
        .unwrap_err();
        assert_eq!(error.pointer, "/x/properties/a/type");
    }

    #[test]
    fn const_becomes_a_one_value_enum() {
        assert_eq!(
            converted(json!({"type": "string", "const": "Bearer"})),
            json!({"type": "string", "enum": ["Bearer"]})
        );
    }

    #[test]
    fn examples_become_the_first_example() {
        assert_eq!(
            converted(json!({"examples": ["a", "b"]})),
            json!({"example": "a"})
        );
        assert_eq!(
            converted(json!({"example": "x", "examples": ["a"]})),
            json!({"example": "x"})
        );
    }

    #[test]
    fn numeric_exclusive_bounds_become_flags() {
        assert_eq!(
            converted(json!({"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 10})),
            json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true, "maximum": 10, "exclusiveMaximum": true})
        );
    }

    #[test]
    fn the_stricter_of_inclusive_and_exclusive_bounds_wins() {
        assert_eq!(
            converted(json!({"minimum": 5, "exclusiveMinimum": 1})),
            json!({"minimum": 5})
        );
        assert_eq!(
            converted(json!({"maximum": 5, "exclusiveMaximum": 1})),
            json!({"maximum": 1, "exclusiveMaximum": true})
        );
    }

    #[test]
    fn boolean_exclusive_bounds_are_already_3_0() {
        let schema = json!({"minimum": 1, "exclusiveMinimum": true});
        assert_eq!(converted(schema.clone()), schema);
    }

    #[test]
    fn ref_with_siblings_is_wrapped_in_all_of() {
        assert_eq!(
            converted(
                json!({"$ref": "#/components/schemas/A", "description": "use site", "default": "X"})
            ),
            json!({"allOf": [{"$ref": "#/components/schemas/A"}], "description": "use site", "default": "X"})
        );
    }

    #[test]
    fn plain_ref_is_left_alone() {
        let schema = json!({"properties": {"a": {"$ref": "#/components/schemas/A"}}});
        assert_eq!(converted(schema.clone()), schema);
    }

    #[test]
    fn content_keywords_become_formats() {
        assert_eq!(
            converted(json!({"type": "string", "contentEncoding": "base64"})),
            json!({"type": "string", "format": "byte"})
        );
        assert_eq!(
            converted(json!({"type": "string", "contentMediaType": "image/png"})),
            json!({"type": "string", "format": "binary"})
        );
    }

    #[test]
    fn nested_schemas_are_converted() {
        assert_eq!(
            converted(json!({"items": {"oneOf": [{"const": 1}]}})),
            json!({"items": {"oneOf": [{"enum": [1]}]}})
        );
    }

    #[test]
    fn document_version_and_non_schema_refs_are_converted() {
        let mut document = json!({
            "openapi": "3.1.0",
            "webhooks": {},
            "paths": {"/a": {"get": {
                "parameters": [{"$ref": "#/components/parameters/P", "description": "x"}],
                "responses": {"200": {"$ref": "#/components/responses/R", "summary": "y"}}
            }}}
        });
        to_openapi_30(&mut document).unwrap();
        assert_eq!(
            document,
            json!({
                "openapi": "3.0.3",
                "paths": {"/a": {"get": {
                    "parameters": [{"$ref": "#/components/parameters/P"}],
                    "responses": {"200": {"$ref": "#/components/responses/R"}}
                }}}
            })
        );
    }

    #[test]
    fn other_versions_are_refused() {
        let error = to_openapi_30(&mut json!({"swagger": "2.0"})).unwrap_err();
        assert_eq!(error.pointer, "/openapi");
    }
}
