//! The generator's view of where schemas sit, on top of the shared [`crate::openapi`] walker:
//! every transform walks the document through here, so none of them depends on a schema being
//! inline or hoisted into `components/schemas`.

use serde_json::Value;

use crate::SpecError;
pub(crate) use crate::openapi::Place;
use crate::openapi::{for_each_root, for_each_subschema, pointer, refs};

/// A top-level schema: one that is not inside another schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Root {
    pub pointer: String,
    pub place: Place,
}

/// Every top-level schema of `document`, in the shared walker's order.
pub(crate) fn roots(document: &Value) -> Vec<Root> {
    let mut found = Vec::new();
    for_each_root(document, |root, _| {
        found.push(Root {
            pointer: root.pointer.to_owned(),
            place: root.place,
        });
    });
    found
}

/// The direct subschemas of `schema`, each with the pointer suffix that reaches it.
pub(crate) fn children(schema: &Value) -> Vec<(String, &Value)> {
    let mut found = Vec::new();
    for_each_subschema(schema, |slot, child| {
        let mut suffix = String::new();
        slot.push_pointer(&mut suffix);
        found.push((suffix, child));
    });
    found
}

/// Visits `schema` and then, recursively, the subschemas of what the visit left behind.
pub(crate) fn walk_mut(
    schema: &mut Value,
    pointer: &str,
    visit: &mut impl FnMut(&str, &mut Value) -> Result<(), SpecError>,
) -> Result<(), SpecError> {
    visit(pointer, schema)?;
    let mut outcome = Ok(());
    for_each_subschema(schema, |slot, child| {
        if outcome.is_ok() {
            let mut child_pointer = pointer.to_owned();
            slot.push_pointer(&mut child_pointer);
            outcome = walk_mut(child, &child_pointer, visit);
        }
    });
    outcome
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

/// The component a top-level schema is, if it is one.
pub(crate) fn component_of(root: &Root) -> Option<String> {
    refs::component_name(&format!("#{}", root.pointer))
}

/// The schema component `name` of `document`.
pub(crate) fn component<'a>(document: &'a Value, name: &str) -> Option<&'a Value> {
    document.pointer(&pointer::join("/components/schemas", name))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

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
        assert_eq!(
            seen,
            [
                "",
                "/properties/a",
                "/properties/a/items",
                "/properties/a/items/oneOf/0",
                "/additionalProperties",
            ]
        );
    }

    #[test]
    fn walk_mut_stops_at_the_first_error_and_visits_what_the_visit_left() {
        let mut schema = json!({"properties": {"a": {}, "b": {}}});
        let mut seen = Vec::new();
        let outcome = walk_mut(&mut schema, "", &mut |pointer, node| {
            seen.push(pointer.to_owned());
            if pointer.is_empty() {
                node["items"] = json!({});
            }
            match pointer {
                "/properties/a" => Err(SpecError::new(pointer, "stop")),
                _ => Ok(()),
            }
        });
        assert_eq!(outcome, Err(SpecError::new("/properties/a", "stop")));
        assert_eq!(seen, ["", "/properties/a"]);
    }
}
