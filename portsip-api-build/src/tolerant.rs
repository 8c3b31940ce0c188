//! The tolerant-reader profile: a real PBX sends what its documentation says it won't, and one
//! odd field must not make a whole response undecodable.
//!
//! What the generated types accept when decoding, and why:
//!
//! - **`null` for any property of anything a response can contain** — the vendor states that
//!   blank fields come back as `null`. Every property of a schema reachable from a response
//!   becomes `nullable`, so it decodes into `Option<T>`. `required` stays: typify then requires
//!   the key to be present (`null` is fine), which is what tells `oneOf` alternatives apart —
//!   the sign-in answer is a two-factor challenge only if it has `two_factor_enabled`.
//! - **Values outside documented lengths, bounds or patterns, and empty strings** — typify turns
//!   `minLength`, `maxLength`, `pattern`, `minimum`, `maximum`, `multipleOf` and the like into
//!   newtypes that reject such values on decode. They are removed from every schema and moved
//!   into the doc text. Formats go too (an empty `date-time` string would fail to parse; an
//!   `int32` may come back larger): strings stay `String`, integers `i64`, numbers `f64`.
//! - **`default`** — typify decodes a property with a default through a default function that
//!   rejects `null`. Defaults move into the doc text; an omitted field is the server's default.
//! - **Enum values this spec does not list** — string enums become open enums (see
//!   [`crate::enums`]); other enums (integers, booleans) become their plain type.
//! - **Unknown fields** — `additionalProperties: false` is dropped, so none is refused.
//!
//! Requests: the same types serialize exactly the fields the caller sets, as the spec names
//! them. Constraints are **not checked client-side**: the PBX validates every request and
//! answers `VALIDATE_FAILED` naming the field, which the client surfaces as a typed API error.
//! Checking here too would need a second, stricter copy of every shared type, and would reject
//! values that a newer PBX accepts. Schemas reachable only from requests keep their `required`
//! fields non-nullable, so a request cannot leave one out by accident.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::SpecError;
use crate::walk::{self, Place};

/// Validation keywords that typify enforces at decode time.
const CONSTRAINTS: [&str; 14] = [
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "default",
];

/// Formats progenitor itself relies on: raw request and response bodies.
const KEPT_FORMATS: [&str; 1] = ["binary"];

/// Applies the profile to an OpenAPI 3.0 document (run [`crate::convert`] first).
pub fn apply(document: &mut Value) -> Result<(), SpecError> {
    walk::each_schema_mut(document, &mut |_, schema| {
        relax(schema);
        Ok(())
    })?;
    let response_components = reachable_components(document, Place::Response);
    for root in walk::roots(document) {
        let in_region = match root.place {
            Place::Response => true,
            Place::Component => {
                walk::component_of(&root).is_some_and(|name| response_components.contains(&name))
            }
            _ => false,
        };
        if in_region && let Some(schema) = document.pointer_mut(&root.pointer) {
            walk::walk_mut(schema, &root.pointer, &mut |_, schema| {
                nullable_properties(schema);
                Ok(())
            })?;
        }
    }
    Ok(())
}

/// Drops the keywords that make decoding strict and records them in the description.
fn relax(schema: &mut Value) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    let mut noted: Vec<String> = Vec::new();
    for keyword in CONSTRAINTS {
        if let Some(value) = object.remove(keyword) {
            // A 3.0 exclusive flag only qualifies its bound, which is noted with it.
            if !value.is_boolean() || !keyword.starts_with("exclusive") {
                noted.push(format!("`{keyword}: {value}`"));
            } else if value == json!(true) {
                noted.push(format!("`{keyword}`"));
            }
        }
    }
    if let Some(format) = object
        .get("format")
        .and_then(Value::as_str)
        .map(str::to_owned)
        && !KEPT_FORMATS.contains(&format.as_str())
    {
        object.remove("format");
        noted.push(format!("`format: {format}`"));
    }
    let closed_non_string_enum = object
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|values| values.iter().any(|v| !v.is_string() && !v.is_null()));
    if closed_non_string_enum && let Some(values) = object.remove("enum") {
        noted.push(format!("`enum: {values}`"));
    }
    if object.get("additionalProperties") == Some(&json!(false)) {
        object.remove("additionalProperties");
    }
    // Trailing newlines in vendor text would turn every doc comment into a block comment.
    if let Some(Value::String(description)) = object.get_mut("description") {
        description.truncate(description.trim_end().len());
    }
    if !noted.is_empty() {
        let note = format!(
            "Spec: {} (checked by the server, not by this client).",
            noted.join(", ")
        );
        let description = match object.get("description").and_then(Value::as_str) {
            Some(existing) => format!("{}\n\n{note}", existing.trim_end()),
            None => note,
        };
        object.insert("description".into(), Value::String(description));
    }
}

/// Makes every property of an object schema accept `null`.
fn nullable_properties(schema: &mut Value) {
    let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
        return;
    };
    for property in properties.values_mut() {
        make_nullable(property);
    }
}

fn make_nullable(schema: &mut Value) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    if object.len() == 1
        && let Some(reference) = object.remove("$ref")
    {
        // 3.0 ignores siblings of `$ref`, so the reference moves into a one-element `allOf`.
        object.insert("allOf".into(), json!([{ "$ref": reference }]));
    }
    let constrains_type = ["type", "allOf", "oneOf", "anyOf", "enum"]
        .iter()
        .any(|k| object.contains_key(*k));
    if constrains_type {
        object.insert("nullable".into(), json!(true));
    }
}

/// Names of the components reachable, through `$ref`s, from the schemas at `place`.
pub(crate) fn reachable_components(document: &Value, place: Place) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut pending: Vec<String> = Vec::new();
    let collect_refs = |schema: &Value, pending: &mut Vec<String>| {
        walk::walk(schema, "", &mut |_, node| {
            if let Some(name) = node
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(crate::openapi::refs::component_name)
            {
                pending.push(name);
            }
        });
    };
    for root in walk::roots(document)
        .into_iter()
        .filter(|r| r.place == place)
    {
        if let Some(schema) = document.pointer(&root.pointer) {
            collect_refs(schema, &mut pending);
        }
    }
    while let Some(name) = pending.pop() {
        if !found.insert(name.clone()) {
            continue;
        }
        if let Some(schema) = walk::component(document, &name) {
            collect_refs(schema, &mut pending);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, json};

    use super::*;

    fn component<'a>(document: &'a Value, name: &str) -> &'a Map<String, Value> {
        document
            .pointer(&format!("/components/schemas/{name}"))
            .and_then(Value::as_object)
            .unwrap()
    }

    fn document() -> Value {
        json!({
            "openapi": "3.0.3",
            "paths": {"/x": {"post": {
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Input"}}}},
                "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Answer"}}}}}
            }}},
            "components": {"schemas": {
                "Input": {"type": "object", "required": ["name"], "properties": {
                    "name": {"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[a-z]+$"}
                }},
                "Answer": {"oneOf": [{"$ref": "#/components/schemas/Challenge"}, {"$ref": "#/components/schemas/Tokens"}]},
                "Challenge": {"type": "object", "required": ["token"], "properties": {
                    "token": {"type": "string"},
                    "retry": {"type": "boolean", "default": false, "description": "Retry."},
                    "mode": {"$ref": "#/components/schemas/Mode"}
                }},
                "Tokens": {"type": "object", "additionalProperties": false, "properties": {
                    "expires_in": {"type": "integer", "format": "int32", "minimum": 0, "maximum": 100, "exclusiveMaximum": true},
                    "level": {"type": "integer", "enum": [1, 2]}
                }},
                "Mode": {"type": "string", "enum": ["A"]}
            }}
        })
    }

    #[test]
    fn response_properties_become_nullable_and_keep_required() {
        let mut doc = document();
        apply(&mut doc).unwrap();
        let challenge = component(&doc, "Challenge");
        assert_eq!(challenge["required"], json!(["token"]));
        assert_eq!(
            challenge["properties"]["token"],
            json!({"type": "string", "nullable": true})
        );
        assert_eq!(
            challenge["properties"]["mode"],
            json!({"allOf": [{"$ref": "#/components/schemas/Mode"}], "nullable": true})
        );
    }

    #[test]
    fn request_only_schemas_keep_required_fields_non_nullable() {
        let mut doc = document();
        apply(&mut doc).unwrap();
        let name = &component(&doc, "Input")["properties"]["name"];
        assert_eq!(name.get("nullable"), None);
        assert_eq!(name["type"], json!("string"));
    }

    #[test]
    fn constraints_formats_and_defaults_move_into_the_description() {
        let mut doc = document();
        apply(&mut doc).unwrap();
        let name = &component(&doc, "Input")["properties"]["name"];
        assert_eq!(
            name["description"],
            json!(
                "Spec: `minLength: 1`, `maxLength: 64`, `pattern: \"^[a-z]+$\"` (checked by the server, not by this client)."
            )
        );
        let retry = &component(&doc, "Challenge")["properties"]["retry"];
        assert_eq!(retry.get("default"), None);
        assert_eq!(
            retry["description"],
            json!("Retry.\n\nSpec: `default: false` (checked by the server, not by this client).")
        );
        let expires = &component(&doc, "Tokens")["properties"]["expires_in"];
        assert_eq!(expires.get("format"), None);
        assert!(
            expires["description"]
                .as_str()
                .unwrap()
                .contains("`maximum: 100`, `exclusiveMaximum`, `format: int32`")
        );
    }

    #[test]
    fn non_string_enums_open_up_and_unknown_fields_are_allowed() {
        let mut doc = document();
        apply(&mut doc).unwrap();
        let tokens = component(&doc, "Tokens");
        assert_eq!(tokens.get("additionalProperties"), None);
        assert_eq!(tokens["properties"]["level"].get("enum"), None);
        assert_eq!(component(&doc, "Mode")["enum"], json!(["A"]));
    }

    #[test]
    fn reachability_follows_refs_through_one_of() {
        let doc = document();
        let names: Vec<String> = reachable_components(&doc, Place::Response)
            .into_iter()
            .collect();
        assert_eq!(names, ["Answer", "Challenge", "Mode", "Tokens"]);
    }
}
