//! Removes wrappers that carry no meaning but would become types of their own in a generated
//! client: `{"allOf": [X], ...}` with a single member is X with the wrapper's own keywords.

use portsip_api_build::openapi::{ANNOTATIONS, for_each_subschema};
use serde_json::Value;

/// A subtree that moved, so edits recorded against old pointers can follow it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Move {
    pub from: String,
    pub to: String,
}

/// Flattens the tree of schemas whose root `schema` is at `pointer`, appending the moves.
pub fn flatten_tree(schema: &mut Value, pointer: &str, moves: &mut Vec<Move>) {
    Flattener {
        pointer: pointer.to_owned(),
        moves,
    }
    .flatten(schema);
}

struct Flattener<'m> {
    /// Pointer of the schema being flattened, extended and cut back as the walk descends and
    /// returns, so that only the schemas that move pay for a pointer of their own.
    pointer: String,
    moves: &'m mut Vec<Move>,
}

impl Flattener<'_> {
    /// Children first: a member's own wrappers are gone before its parent absorbs it.
    fn flatten(&mut self, node: &mut Value) {
        for_each_subschema(&mut *node, |slot, child| {
            let parent = self.pointer.len();
            slot.push_pointer(&mut self.pointer);
            self.flatten(child);
            self.pointer.truncate(parent);
        });
        let Value::Object(schema) = node else {
            return;
        };
        let Some(Value::Array(members)) = schema.get("allOf") else {
            return;
        };
        let [Value::Object(member)] = members.as_slice() else {
            return;
        };
        let conflicts = member
            .iter()
            .filter(|(key, _)| !ANNOTATIONS.contains(&key.as_str()))
            .any(|(key, value)| schema.get(key).is_some_and(|own| own != value));
        if conflicts {
            return;
        }
        let Some(Value::Array(mut members)) = schema.remove("allOf") else {
            unreachable!("checked above");
        };
        let Some(Value::Object(member)) = members.pop() else {
            unreachable!("checked above");
        };
        for (key, value) in member {
            schema.entry(key).or_insert(value);
        }
        self.moves.push(Move {
            from: format!("{}/allOf/0", self.pointer),
            to: self.pointer.clone(),
        });
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn flatten_single_all_of(document: &mut Value) -> Vec<Move> {
        let mut moves = Vec::new();
        portsip_api_build::openapi::for_each_root(document, |root, schema| {
            flatten_tree(schema, root.pointer, &mut moves);
        });
        moves
    }

    fn document(schema: Value) -> Value {
        json!({"components": {"schemas": {"S": schema}}})
    }

    #[test]
    fn nested_single_member_all_of_collapses_keeping_the_outer_keywords() {
        let mut doc = document(json!({"type": "object", "properties": {"id": {
            "readOnly": true,
            "description": "outer",
            "allOf": [{"allOf": [{"type": "string", "description": "inner"}]}]
        }}}));
        let moves = flatten_single_all_of(&mut doc);
        assert_eq!(
            doc["components"]["schemas"]["S"]["properties"]["id"],
            json!({"readOnly": true, "description": "outer", "type": "string"})
        );
        assert_eq!(moves.len(), 2);
    }

    #[test]
    fn conflicting_or_multi_member_all_of_is_left_alone() {
        let multi = json!({"allOf": [{"type": "string"}, {"minLength": 1}]});
        let conflict = json!({"type": "integer", "allOf": [{"type": "string"}]});
        for schema in [multi, conflict] {
            let mut doc = document(schema.clone());
            assert!(flatten_single_all_of(&mut doc).is_empty());
            assert_eq!(doc["components"]["schemas"]["S"], schema);
        }
    }
}
