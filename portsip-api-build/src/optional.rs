//! Optional collections keep "absent" apart from "empty".
//!
//! typify turns an optional array (or map) property into a bare `Vec` (or map) that is skipped
//! when empty, so a request could never send `[]`: clearing a list on the PBX (say a tenant's
//! `outbound_caller_ids`) would silently send nothing and change nothing. Made `nullable`, the
//! property becomes an `Option` skipped only when `None`: `None` leaves the field out, `Some`
//! sends it, empty or not. Required properties are left alone, as they are always sent.

use serde_json::{Value, json};

use crate::SpecError;
use crate::walk;

/// Makes every optional array or map property of every object schema `nullable` (run
/// [`crate::convert`] first, so `type` is a single string).
pub fn keep_absent_apart_from_empty(document: &mut Value) -> Result<(), SpecError> {
    walk::each_schema_mut(document, &mut |_, schema| {
        let required: Vec<String> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|names| {
                names
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
            return Ok(());
        };
        for (name, property) in properties.iter_mut() {
            if !required.contains(name) && is_collection(property) {
                property["nullable"] = json!(true);
            }
        }
        Ok(())
    })
}

/// Whether typify would emit the property as a `Vec` or a map, the types it skips when empty.
fn is_collection(schema: &Value) -> bool {
    match schema.get("type").and_then(Value::as_str) {
        Some("array") => true,
        Some("object") => schema.get("properties").is_none(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_arrays_and_maps_become_nullable_and_the_rest_stays() {
        let mut document = json!({
            "openapi": "3.0.3",
            "paths": {},
            "components": {"schemas": {"Update": {
                "type": "object",
                "required": ["ids"],
                "properties": {
                    "ids": {"type": "array", "items": {"type": "string"}},
                    "caller_ids": {"type": "array", "items": {"type": "string"}},
                    "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                    "nested": {"type": "object", "properties": {
                        "tags": {"type": "array", "items": {"type": "string"}}
                    }},
                    "name": {"type": "string"}
                }
            }}}
        });
        keep_absent_apart_from_empty(&mut document).unwrap();
        let properties = &document["components"]["schemas"]["Update"]["properties"];
        let nullable = |name: &str| properties[name].get("nullable").cloned();
        assert_eq!(nullable("ids"), None);
        assert_eq!(nullable("caller_ids"), Some(json!(true)));
        assert_eq!(nullable("labels"), Some(json!(true)));
        assert_eq!(nullable("nested"), None);
        assert_eq!(nullable("name"), None);
        assert_eq!(
            properties["nested"]["properties"]["tags"]["nullable"],
            json!(true)
        );
    }
}
