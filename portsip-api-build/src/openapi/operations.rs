//! The operations of a document: every HTTP method of every Path Item under `paths` and
//! `webhooks`.

use serde_json::{Map, Value};

use super::{pointer, refs};

/// The keys of a Path Item that hold operations, in the order walks visit them.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One operation, e.g. `GET /holidays/{id}`.
#[derive(Clone, Debug)]
pub struct Operation<'a> {
    /// `paths` or `webhooks`.
    pub section: &'static str,
    /// The path template, or the webhook's name.
    pub path: &'a str,
    pub method: &'static str,
    /// Where the operation is written (inside the Path Item a `$ref` led to, if any).
    pub pointer: String,
    pub operation: &'a Map<String, Value>,
    pub path_item: &'a Map<String, Value>,
    pub path_item_pointer: String,
}

/// Every operation of `document`: `paths` then `webhooks`, Path Items in the document's order,
/// methods in [`METHODS`] order. A Path Item given by `$ref` is followed.
pub fn operations(document: &Value) -> Vec<Operation<'_>> {
    let mut found = Vec::new();
    for section in ["paths", "webhooks"] {
        let items = document.get(section).and_then(Value::as_object);
        for (path, item) in items.into_iter().flatten() {
            let written_at = pointer::join(&pointer::join("", section), path);
            let (path_item_pointer, item) = refs::follow(document, written_at, item);
            let Some(path_item) = item.as_object() else {
                continue;
            };
            for method in METHODS {
                if let Some(operation) = path_item.get(method).and_then(Value::as_object) {
                    found.push(Operation {
                        section,
                        path,
                        method,
                        pointer: pointer::join(&path_item_pointer, method),
                        operation,
                        path_item,
                        path_item_pointer: path_item_pointer.clone(),
                    });
                }
            }
        }
    }
    found
}

/// Calls `visit` with every operation written under `paths` (methods in [`METHODS`] order), for
/// the stages that rewrite operations in place. Path Item `$ref`s are not followed: a shared
/// target would be rewritten once per reference.
pub fn for_each_path_operation_mut(
    document: &mut Value,
    mut visit: impl FnMut(&mut Map<String, Value>),
) {
    let items = document.get_mut("paths").and_then(Value::as_object_mut);
    for item in items.into_iter().flat_map(|items| items.values_mut()) {
        for method in METHODS {
            if let Some(operation) = item.get_mut(method).and_then(Value::as_object_mut) {
                visit(operation);
            }
        }
    }
}

impl<'a> Operation<'a> {
    /// `GET /holidays/{id}`, the way people name an operation in prose.
    pub fn route(&self) -> String {
        format!("{} {}", self.method.to_uppercase(), self.path)
    }

    pub fn operation_id(&self) -> Option<&'a str> {
        self.operation.get("operationId").and_then(Value::as_str)
    }

    /// The operation's `tags`, as written (empty when it has none).
    pub fn tags(&self) -> &'a [Value] {
        self.operation
            .get("tags")
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }

    /// The parameters that apply: the operation's own, then those of the Path Item that the
    /// operation does not override (same `name` and `in`). Each is followed through `$ref` and
    /// comes with the pointer where it is written.
    pub fn parameters(&self, document: &'a Value) -> Vec<(String, &'a Value)> {
        let listed = |owner: &'a Map<String, Value>, owner_pointer: &str| {
            let list = owner.get("parameters").and_then(Value::as_array);
            let owner_pointer = pointer::join(owner_pointer, "parameters");
            list.into_iter()
                .flatten()
                .enumerate()
                .map(|(index, parameter)| {
                    refs::follow(document, format!("{owner_pointer}/{index}"), parameter)
                })
                .collect::<Vec<_>>()
        };
        let mut parameters = listed(self.operation, &self.pointer);
        let key =
            |parameter: &Value| (parameter.get("name").cloned(), parameter.get("in").cloned());
        for shared in listed(self.path_item, &self.path_item_pointer) {
            if !parameters.iter().any(|(_, own)| key(own) == key(shared.1)) {
                parameters.push(shared);
            }
        }
        parameters
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn operations_are_found_in_paths_and_webhooks_through_path_item_references() {
        let document = json!({
            "paths": {
                "/a/{id}": {"post": {"operationId": "b"}, "get": {"operationId": "a"}, "summary": "x"},
                "/alias": {"$ref": "#/paths/~1a~1{id}"}
            },
            "webhooks": {"ping": {"post": {"operationId": "ping"}}}
        });
        let found: Vec<(String, String, Option<&str>)> = operations(&document)
            .iter()
            .map(|op| (op.route(), op.pointer.clone(), op.operation_id()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "GET /a/{id}".into(),
                    "/paths/~1a~1{id}/get".into(),
                    Some("a")
                ),
                (
                    "POST /a/{id}".into(),
                    "/paths/~1a~1{id}/post".into(),
                    Some("b")
                ),
                (
                    "GET /alias".into(),
                    "/paths/~1a~1{id}/get".into(),
                    Some("a")
                ),
                (
                    "POST /alias".into(),
                    "/paths/~1a~1{id}/post".into(),
                    Some("b")
                ),
                (
                    "POST ping".into(),
                    "/webhooks/ping/post".into(),
                    Some("ping")
                ),
            ]
        );
    }

    #[test]
    fn an_operation_parameter_overrides_the_path_items_of_the_same_name_and_place() {
        let document = json!({
            "paths": {"/a": {
                "parameters": [
                    {"name": "id", "in": "query", "description": "shared"},
                    {"name": "id", "in": "header"}
                ],
                "get": {"parameters": [{"$ref": "#/components/parameters/Id"}]}
            }},
            "components": {"parameters": {"Id": {"name": "id", "in": "query", "description": "own"}}}
        });
        let operations = operations(&document);
        let parameters = operations[0].parameters(&document);
        let found: Vec<(&str, &Value)> = parameters
            .iter()
            .map(|(pointer, parameter)| (pointer.as_str(), &parameter["in"]))
            .collect();
        assert_eq!(
            found,
            [
                ("/components/parameters/Id", &json!("query")),
                ("/paths/~1a/parameters/1", &json!("header")),
            ]
        );
    }
}
