//! Removes wrappers that carry no meaning but would become types of their own in a generated
//! client: `{"allOf": [X], ...}` with a single member is X with the wrapper's own keywords.

use serde_json::Value;

use super::schema_walk::{ANNOTATIONS, child_at_mut, children, schema_roots};

/// A subtree that moved, so edits recorded against old pointers can follow it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Move {
    pub from: String,
    pub to: String,
}

pub fn flatten_single_all_of(document: &mut Value) -> Vec<Move> {
    let mut moves = Vec::new();
    for root in schema_roots(document) {
        if let Some(node) = document.pointer_mut(&root.pointer) {
            flatten(node, &root.pointer, &mut moves);
        }
    }
    moves
}

/// Children first: a member's own wrappers are gone before its parent absorbs it.
fn flatten(node: &mut Value, pointer: &str, moves: &mut Vec<Move>) {
    let Value::Object(schema) = node else {
        return;
    };
    let suffixes: Vec<String> = children(schema, None)
        .into_iter()
        .map(|child| child.pointer)
        .collect();
    for suffix in suffixes {
        if let Some(child) = child_at_mut(schema, &suffix) {
            flatten(child, &format!("{pointer}{suffix}"), moves);
        }
    }
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
    moves.push(Move {
        from: format!("{pointer}/allOf/0"),
        to: pointer.to_owned(),
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

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
