//! Which schema components each operation uses, directly or through other components: where a
//! change to or a defect in a shared schema reaches.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{Operation, operations, refs};

/// Every operation (in [`operations`] order) with the names of the schema components it uses.
pub fn components_used(document: &Value) -> Vec<(Operation<'_>, BTreeSet<String>)> {
    let schemas = document
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    let direct: BTreeMap<&str, BTreeSet<String>> = schemas
        .into_iter()
        .flatten()
        .map(|(name, schema)| (name.as_str(), referenced_components(document, [schema])))
        .collect();
    operations(document)
        .into_iter()
        .map(|operation| {
            let mut reached = referenced_components(document, operation.operation.values());
            let mut pending: Vec<String> = reached.iter().cloned().collect();
            while let Some(name) = pending.pop() {
                for next in direct.get(name.as_str()).into_iter().flatten() {
                    if reached.insert(next.clone()) {
                        pending.push(next.clone());
                    }
                }
            }
            (operation, reached)
        })
        .collect()
}

/// The schema components `$ref`'d anywhere inside `values`, or inside the other components
/// (parameters, request bodies, responses) they refer to.
fn referenced_components<'a>(
    document: &'a Value,
    values: impl IntoIterator<Item = &'a Value>,
) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut followed = BTreeSet::new();
    let mut pending: Vec<&Value> = values.into_iter().collect();
    while let Some(current) = pending.pop() {
        match current {
            Value::Object(map) => {
                if let Some(reference) = refs::reference_of(current) {
                    match refs::component_name(reference) {
                        Some(name) => {
                            found.insert(name);
                        }
                        None if followed.insert(reference) => {
                            pending.extend(refs::resolve(document, reference).map(|(_, t)| t));
                        }
                        None => {}
                    }
                }
                pending.extend(map.values());
            }
            Value::Array(items) => pending.extend(items),
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn schemas_behind_a_shared_parameter_or_response_are_used_too() {
        let document = json!({
            "paths": {"/a": {"get": {
                "parameters": [{"$ref": "#/components/parameters/Filter"}],
                "responses": {"200": {"$ref": "#/components/responses/Page"}}
            }}},
            "components": {
                "parameters": {"Filter": {"name": "filter", "in": "query",
                    "schema": {"$ref": "#/components/schemas/Filter"}}},
                "responses": {"Page": {"description": "A page", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Page"}}}}},
                "schemas": {"Filter": {"type": "string"}, "Page": {"type": "object"}}
            }
        });
        let (_, used) = &components_used(&document)[0];
        assert_eq!(used.iter().collect::<Vec<_>>(), ["Filter", "Page"]);
    }

    #[test]
    fn an_operation_uses_what_it_refers_to_and_what_that_refers_to() {
        let document = json!({
            "paths": {
                "/pages": {"get": {"responses": {"200": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Page"}}}}}}},
                "/ping": {"get": {"responses": {"204": {"description": "OK"}}}}
            },
            "components": {"schemas": {
                "Page": {"type": "object", "properties": {"items": {"type": "array",
                    "items": {"$ref": "#/components/schemas/Item"}}}},
                "Item": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Item"}}},
                "Unused": {"type": "object"}
            }}
        });
        let used: Vec<(String, Vec<String>)> = components_used(&document)
            .into_iter()
            .map(|(operation, names)| (operation.route(), names.into_iter().collect()))
            .collect();
        assert_eq!(
            used,
            [
                (
                    "GET /pages".to_string(),
                    vec!["Item".to_string(), "Page".to_string()]
                ),
                ("GET /ping".to_string(), vec![]),
            ]
        );
    }
}
