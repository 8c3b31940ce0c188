//! The docs a shared schema may carry: what every site that uses it says. Where the sites of
//! a group disagree on an annotation below the group's root, the component leaves it out
//! rather than show one site's text at another; the root's own annotations stay at each site,
//! beside its `$ref`.

use portsip_api_build::openapi::{ANNOTATIONS, Slot, for_each_subschema};
use serde_json::Value;

/// An annotation the sites disagree on: the pointer of its schema, relative to the group's
/// root, and the keyword.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disputed {
    pub pointer: String,
    pub keyword: &'static str,
}

/// Keywords at the root that the component never carries from one site: each site keeps its
/// own beside the `$ref` (a shared root description is decided apart, by the hoist).
const ROOT_KEPT_AT_SITES: &[&str] = &["description", "default"];

/// Where `bodies`, occurrences of one shape, disagree on an annotation.
pub fn disputed(bodies: &[&Value]) -> Vec<Disputed> {
    let mut found = Vec::new();
    let mut pointer = String::new();
    compare(bodies, &mut pointer, &mut found);
    found
}

fn compare(nodes: &[&Value], pointer: &mut String, found: &mut Vec<Disputed>) {
    let Some(first) = nodes.first() else {
        return;
    };
    for keyword in ANNOTATIONS {
        if pointer.is_empty() && ROOT_KEPT_AT_SITES.contains(keyword) {
            continue;
        }
        let value = first.get(*keyword);
        if nodes.iter().any(|node| node.get(*keyword) != value) {
            found.push(Disputed {
                pointer: pointer.clone(),
                keyword,
            });
        }
    }
    let children: Vec<Vec<(Slot, &Value)>> = nodes
        .iter()
        .map(|node| {
            let mut children = Vec::new();
            for_each_subschema(*node, |slot, child| children.push((slot, child)));
            children
        })
        .collect();
    for &(slot, _) in &children[0] {
        // Equal shapes have equal slots; a node without the slot has nothing to compare.
        let column: Option<Vec<&Value>> = children
            .iter()
            .map(|of_node| of_node.iter().find(|(s, _)| *s == slot).map(|(_, c)| *c))
            .collect();
        if let Some(column) = column {
            let length = pointer.len();
            slot.push_pointer(pointer);
            compare(&column, pointer, found);
            pointer.truncate(length);
        }
    }
}

/// Removes the disputed annotations from `body`, the component made of the group.
pub fn strip(body: &mut Value, disputed: &[Disputed]) {
    for Disputed { pointer, keyword } in disputed {
        if let Some(Value::Object(schema)) = body.pointer_mut(pointer) {
            schema.remove(*keyword);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_text_the_sites_disagree_on_is_disputed() {
        let tenant = json!({"description": "A tenant.", "properties": {
            "id": {"type": "string", "description": "The unique ID of this tenant."},
            "name": {"type": "string", "description": "The name."}}});
        let number = json!({"description": "A number.", "properties": {
            "id": {"type": "string", "description": "The unique ID of this blacklisted number."},
            "name": {"type": "string", "description": "The name."}}});
        let found = disputed(&[&tenant, &number]);
        assert_eq!(
            found,
            [Disputed {
                pointer: "/properties/id".to_owned(),
                keyword: "description"
            }]
        );
        let mut component = tenant.clone();
        strip(&mut component, &found);
        assert_eq!(component["properties"]["id"], json!({"type": "string"}));
        assert_eq!(component["properties"]["name"]["description"], "The name.");
        assert_eq!(
            component["description"], "A tenant.",
            "the root is decided apart"
        );
    }

    #[test]
    fn text_one_site_has_and_another_lacks_is_disputed_at_any_depth() {
        let with = json!({"properties": {"rule": {"properties": {
            "action": {"enum": ["HANGUP"], "description": "What to do."}}}}});
        let without = json!({"properties": {"rule": {"properties": {
            "action": {"enum": ["HANGUP"]}}}}});
        let found = disputed(&[&with, &without]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pointer, "/properties/rule/properties/action");
        assert_eq!(disputed(&[&with, &with.clone()]), []);
    }

    #[test]
    fn a_title_at_the_root_is_shared_only_when_every_site_gives_it() {
        let a = json!({"title": "A", "type": "object"});
        let b = json!({"title": "B", "type": "object"});
        assert_eq!(disputed(&[&a, &b])[0].keyword, "title");
        assert_eq!(disputed(&[&a, &a.clone()]), []);
    }
}
