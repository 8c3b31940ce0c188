//! Removes wrappers that carry no meaning but would become types of their own in a generated
//! client: `{"allOf": [X], ...}` with a single member is X with the wrapper's own keywords.

use serde_json::Value;

use super::schema_walk::{ANNOTATIONS, schema_sites};

/// A subtree that moved, so edits recorded against old pointers can follow it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Move {
    pub from: String,
    pub to: String,
}

pub fn flatten_single_all_of(document: &mut Value) -> Vec<Move> {
    let mut sites = schema_sites(document);
    // Deepest first: a member's own wrappers are gone before its parent absorbs it.
    sites.sort_by_key(|site| std::cmp::Reverse(site.depth));
    let mut moves = Vec::new();
    for site in sites {
        let Some(Value::Object(schema)) = document.pointer_mut(&site.pointer) else {
            continue;
        };
        let Some(Value::Array(members)) = schema.get("allOf") else {
            continue;
        };
        let [Value::Object(member)] = members.as_slice() else {
            continue;
        };
        let conflicts = member
            .iter()
            .filter(|(key, _)| !ANNOTATIONS.contains(&key.as_str()))
            .any(|(key, value)| schema.get(key).is_some_and(|own| own != value));
        if conflicts {
            continue;
        }
        let member = member.clone();
        schema.remove("allOf");
        for (key, value) in member {
            schema.entry(key).or_insert(value);
        }
        moves.push(Move {
            from: format!("{}/allOf/0", site.pointer),
            to: site.pointer,
        });
    }
    moves
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
