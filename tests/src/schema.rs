//! Reading a schema as one flat set of keywords, whatever mix of `$ref` and `allOf` it uses.
//!
//! Validation is left to the `jsonschema` crate; this view is for the mock's own decisions:
//! which type a query string should become, what an example looks like, where enums are.

use serde_json::{Map, Value};

use crate::spec::Spec;

/// Depth past which `$ref` chains are assumed to be cycles.
const MAX_DEPTH: usize = 32;

/// Keywords of `schema`, its `$ref` target and its `allOf` members merged; the use site wins
/// (so a `default` next to a `$ref` beats the referenced one). `properties` are merged by name
/// and `required` lists are united. Property schemas are left as written, to flatten when used.
pub fn flatten(spec: &Spec, schema: &Value) -> Map<String, Value> {
    let mut out = Map::new();
    merge_into(spec, schema, &mut out, 0);
    out
}

fn merge_into(spec: &Spec, schema: &Value, out: &mut Map<String, Value>, depth: usize) {
    let Some(keywords) = schema.as_object() else {
        return;
    };
    if depth > MAX_DEPTH {
        return;
    }
    for (key, value) in keywords {
        match key.as_str() {
            "$ref" | "allOf" => {}
            "properties" => {
                let merged = out
                    .entry("properties")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let (Some(merged), Some(value)) = (merged.as_object_mut(), value.as_object()) {
                    for (name, property) in value {
                        merged.entry(name).or_insert_with(|| property.clone());
                    }
                }
            }
            "required" => {
                let merged = out
                    .entry("required")
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let (Some(merged), Some(value)) = (merged.as_array_mut(), value.as_array()) {
                    for name in value {
                        if !merged.contains(name) {
                            merged.push(name.clone());
                        }
                    }
                }
            }
            _ => {
                out.entry(key).or_insert_with(|| value.clone());
            }
        }
    }
    if let Some(target) = keywords
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|reference| spec.follow(reference))
    {
        merge_into(spec, target, out, depth + 1);
    }
    for member in keywords
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        merge_into(spec, member, out, depth + 1);
    }
}

/// Like [`flatten`], with the first `oneOf`/`anyOf` alternative folded in: the shape the mock
/// answers with when a schema allows several.
pub fn flatten_first_alternative(spec: &Spec, schema: &Value) -> Map<String, Value> {
    let mut flat = flatten(spec, schema);
    for combinator in ["oneOf", "anyOf"] {
        if let Some(Value::Array(alternatives)) = flat.remove(combinator) {
            let chosen = alternatives
                .iter()
                .find(|alternative| !is_null_schema(spec, alternative))
                .or(alternatives.first());
            if let Some(chosen) = chosen {
                let alternative = flatten_first_alternative(spec, chosen);
                merge_into(spec, &Value::Object(alternative), &mut flat, 0);
            }
        }
    }
    flat
}

fn is_null_schema(spec: &Spec, schema: &Value) -> bool {
    types(&flatten(spec, schema)) == ["null"]
}

/// The JSON types a flattened schema allows, inferred from its keywords when `type` is absent.
pub fn types(flat: &Map<String, Value>) -> Vec<&str> {
    match flat.get("type") {
        Some(Value::String(name)) => vec![name.as_str()],
        Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).collect(),
        _ if flat.contains_key("properties") || flat.contains_key("additionalProperties") => {
            vec!["object"]
        }
        _ if flat.contains_key("items") => vec!["array"],
        _ => Vec::new(),
    }
}

/// The type to produce for a flattened schema: the first allowed one that is not `null`.
pub fn primary_type(flat: &Map<String, Value>) -> Option<&str> {
    let allowed = types(flat);
    allowed
        .iter()
        .copied()
        .find(|name| *name != "null")
        .or_else(|| allowed.first().copied())
}

/// The schemas of an object's properties, by name.
pub fn properties(flat: &Map<String, Value>) -> impl Iterator<Item = (&String, &Value)> {
    flat.get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
}
