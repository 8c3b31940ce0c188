//! Two schemas compared by structure, each followed through its own document's `$ref`s, so a
//! schema the namer renamed is the same schema when its shape is. A change inside a named schema
//! is placed at that schema, so a schema many operations share is reported once.
//!
//! Whether a change breaks users depends on the direction the schema travels: the client
//! decodes responses tolerantly (unknown fields and enum values, nulls and missing fields all
//! decode), while what a request needs is what users must write.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use portsip_api_build::openapi::refs;
use serde_json::Value;

use super::change::Kind;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Direction {
    Request,
    Response,
}

/// A change found inside a schema, before it is given its resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// The site it was reached from (`GET /queues/{} request body`) or the named schema it is in
    /// (`schema Queue`).
    pub at: String,
    /// The resource of the site's operation; `None` inside a named schema, which many may share.
    pub resource: Option<String>,
    pub kind: Kind,
    pub what: String,
    pub breaking: bool,
    pub rule: &'static str,
}

/// Compares schemas of two documents, remembering pairs already compared.
pub struct Comparison<'d> {
    old: &'d Value,
    new: &'d Value,
    compared: HashSet<(String, String, Direction)>,
    pub found: Vec<Found>,
}

/// Where in a schema the comparison is: the site or named schema, and the path inside it.
#[derive(Clone, Debug)]
struct Place {
    at: String,
    resource: Option<String>,
    path: String,
}

impl Place {
    fn field(&self, name: &str) -> Place {
        Place {
            path: format!("{}.{name}", self.path),
            ..self.clone()
        }
    }

    fn inner(&self, suffix: &str) -> Place {
        Place {
            path: format!("{}{suffix}", self.path),
            ..self.clone()
        }
    }

    /// `field `x.y``, or `the schema` at its root.
    fn subject(&self) -> String {
        match self.path.strip_prefix('.') {
            Some(path) => format!("field `{path}`"),
            None if self.path.is_empty() => "the schema".into(),
            None => format!("`{}`", self.path),
        }
    }
}

impl<'d> Comparison<'d> {
    pub fn new(old: &'d Value, new: &'d Value) -> Self {
        Self {
            old,
            new,
            compared: HashSet::new(),
            found: Vec::new(),
        }
    }

    pub fn old_document(&self) -> &'d Value {
        self.old
    }

    pub fn new_document(&self) -> &'d Value {
        self.new
    }

    /// Compares the schema `old` (of the old document) with `new`, reached from `site`, a place
    /// of an operation of `resource`.
    pub fn compare(
        &mut self,
        site: &str,
        resource: &str,
        old: &'d Value,
        new: &'d Value,
        direction: Direction,
    ) {
        let place = Place {
            at: site.to_owned(),
            resource: Some(resource.to_owned()),
            path: String::new(),
        };
        self.schemas(place, old, new, direction);
    }

    fn schemas(&mut self, place: Place, old: &'d Value, new: &'d Value, direction: Direction) {
        let (old_pointer, old) = refs::follow(self.old, String::new(), old);
        let (new_pointer, new) = refs::follow(self.new, String::new(), new);
        let place = match (component(&old_pointer), component(&new_pointer)) {
            (Some(before), Some(after)) => {
                let key = (old_pointer.clone(), new_pointer.clone(), direction);
                if !self.compared.insert(key) {
                    return;
                }
                Place {
                    at: if before == after {
                        format!("schema `{after}`")
                    } else {
                        format!("schema `{after}` (was `{before}`)")
                    },
                    resource: None,
                    path: String::new(),
                }
            }
            _ => place,
        };

        let (old_types, new_types) = (types(old), types(new));
        if !old_types.is_empty() && !new_types.is_empty() && old_types != new_types {
            self.found(
                &place,
                Kind::Changed,
                format!(
                    "{} changed type from {} to {}",
                    place.subject(),
                    list(&old_types),
                    list(&new_types)
                ),
                true,
                "type-changed",
            );
            return;
        }
        self.enums(&place, old, new, direction);
        self.properties(&place, old, new, direction);
        for (keyword, suffix) in [("items", "[]"), ("additionalProperties", "{}")] {
            if let (Some(old_inner @ Value::Object(_)), Some(new_inner @ Value::Object(_))) =
                (old.get(keyword), new.get(keyword))
            {
                self.schemas(place.inner(suffix), old_inner, new_inner, direction);
            }
        }
        for keyword in ["oneOf", "anyOf", "allOf"] {
            self.alternatives(&place, keyword, old, new, direction);
        }
    }

    fn enums(&mut self, place: &Place, old: &Value, new: &Value, direction: Direction) {
        let (Some(old_values), Some(new_values)) = (enum_values(old), enum_values(new)) else {
            return;
        };
        for removed in old_values.difference(&new_values) {
            self.found(
                place,
                Kind::Removed,
                format!("{} lost the enum value {removed}", place.subject()),
                true,
                "enum-value-removed",
            );
        }
        let rule = match direction {
            Direction::Request => "enum-value-added",
            Direction::Response => "open-enum",
        };
        for added in new_values.difference(&old_values) {
            self.found(
                place,
                Kind::Added,
                format!("{} gained the enum value {added}", place.subject()),
                false,
                rule,
            );
        }
    }

    fn properties(&mut self, place: &Place, old: &'d Value, new: &'d Value, direction: Direction) {
        let (old_properties, new_properties) = (properties(old), properties(new));
        if old_properties.is_empty() && new_properties.is_empty() {
            return;
        }
        let (old_required, new_required) = (required(old), required(new));
        for (name, old_schema) in &old_properties {
            let field = place.field(name);
            let Some(new_schema) = new_properties.get(name) else {
                self.found(
                    place,
                    Kind::Removed,
                    format!("{} removed", field.subject()),
                    true,
                    "field-removed",
                );
                continue;
            };
            let (was, is) = (old_required.contains(name), new_required.contains(name));
            if was != is {
                let (what, breaking, rule) = match (direction, is) {
                    (Direction::Request, true) => ("became required", true, "field-now-required"),
                    (Direction::Request, false) => ("became optional", true, "field-now-option"),
                    (Direction::Response, now) => (
                        if now {
                            "became required"
                        } else {
                            "became optional"
                        },
                        false,
                        "tolerant-decoding",
                    ),
                };
                self.found(
                    place,
                    Kind::Changed,
                    format!("{} {what}", field.subject()),
                    breaking,
                    rule,
                );
            }
            self.schemas(field, old_schema, new_schema, direction);
        }
        for name in new_properties.keys() {
            if old_properties.contains_key(name) {
                continue;
            }
            let required = new_required.contains(name);
            let (what, breaking, rule) = match direction {
                Direction::Request if required => {
                    ("added, required", true, "required-request-field-added")
                }
                Direction::Request => ("added, optional", false, "optional-field-added"),
                Direction::Response => ("added", false, "tolerant-decoding"),
            };
            self.found(
                place,
                Kind::Added,
                format!("{} {what}", place.field(name).subject()),
                breaking,
                rule,
            );
        }
    }

    fn alternatives(
        &mut self,
        place: &Place,
        keyword: &str,
        old: &'d Value,
        new: &'d Value,
        direction: Direction,
    ) {
        let list = |schema: &'d Value| -> &'d [Value] {
            schema
                .get(keyword)
                .and_then(Value::as_array)
                .map_or(&[], Vec::as_slice)
        };
        let (old_list, new_list) = (list(old), list(new));
        for (index, (old_alternative, new_alternative)) in old_list.iter().zip(new_list).enumerate()
        {
            let inner = place.inner(&format!("|{keyword}[{index}]"));
            self.schemas(inner, old_alternative, new_alternative, direction);
        }
        if old_list.len() > new_list.len() {
            self.found(
                place,
                Kind::Removed,
                format!(
                    "{} lost {} `{keyword}` alternative(s)",
                    place.subject(),
                    old_list.len() - new_list.len()
                ),
                true,
                "alternative-removed",
            );
        } else if new_list.len() > old_list.len() {
            self.found(
                place,
                Kind::Added,
                format!(
                    "{} gained {} `{keyword}` alternative(s)",
                    place.subject(),
                    new_list.len() - old_list.len()
                ),
                false,
                "alternative-added",
            );
        }
    }

    fn found(
        &mut self,
        place: &Place,
        kind: Kind,
        what: String,
        breaking: bool,
        rule: &'static str,
    ) {
        self.found.push(Found {
            at: place.at.clone(),
            resource: place.resource.clone(),
            kind,
            what,
            breaking,
            rule,
        });
    }
}

/// `Queue` for `/components/schemas/Queue`.
fn component(pointer: &str) -> Option<String> {
    pointer
        .strip_prefix("/components/schemas/")
        .filter(|name| !name.contains('/'))
        .map(|name| portsip_api_build::openapi::pointer::unescape(name).into_owned())
}

/// The types a schema allows, `null` aside (nullability is the tolerant reader's business).
fn types(schema: &Value) -> BTreeSet<String> {
    let listed: Vec<&Value> = match schema.get("type") {
        Some(Value::Array(types)) => types.iter().collect(),
        Some(single) => vec![single],
        None => Vec::new(),
    };
    listed
        .into_iter()
        .filter_map(Value::as_str)
        .filter(|name| *name != "null")
        .map(str::to_owned)
        .collect()
}

fn enum_values(schema: &Value) -> Option<BTreeSet<String>> {
    let values = schema.get("enum")?.as_array()?;
    Some(
        values
            .iter()
            .filter(|value| !value.is_null())
            .map(Value::to_string)
            .collect(),
    )
}

fn properties(schema: &Value) -> BTreeMap<&str, &Value> {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|map| map.iter().map(|(k, v)| (k.as_str(), v)).collect())
        .unwrap_or_default()
}

fn required(schema: &Value) -> BTreeSet<&str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn list(types: &BTreeSet<String>) -> String {
    types.iter().cloned().collect::<Vec<_>>().join("|")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn found(old: Value, new: Value, direction: Direction) -> Vec<(String, bool, &'static str)> {
        let (old_document, new_document) = (json!({}), json!({}));
        let mut comparison = Comparison::new(&old_document, &new_document);
        comparison.compare("site", "r", &old, &new, direction);
        comparison
            .found
            .into_iter()
            .map(|f| (format!("{}: {}", f.at, f.what), f.breaking, f.rule))
            .collect()
    }

    #[test]
    fn a_new_required_request_field_breaks_and_a_new_response_field_does_not() {
        let old = json!({"type": "object", "properties": {"a": {"type": "string"}}});
        let new = json!({"type": "object", "required": ["b"],
            "properties": {"a": {"type": "string"}, "b": {"type": "string"}}});
        assert_eq!(
            found(old.clone(), new.clone(), Direction::Request),
            [(
                "site: field `b` added, required".into(),
                true,
                "required-request-field-added"
            )]
        );
        assert_eq!(
            found(old, new, Direction::Response),
            [("site: field `b` added".into(), false, "tolerant-decoding")]
        );
    }

    #[test]
    fn a_retyped_nested_field_and_a_removed_enum_value_break() {
        let old = json!({"type": "object", "properties": {"list": {"type": "array", "items":
            {"type": "object", "properties": {"n": {"type": "integer"},
                "s": {"type": "string", "enum": ["A", "B"]}}}}}});
        let new = json!({"type": "object", "properties": {"list": {"type": "array", "items":
            {"type": "object", "properties": {"n": {"type": ["string", "null"]},
                "s": {"type": "string", "enum": ["A", "C"]}}}}}});
        assert_eq!(
            found(old, new, Direction::Response),
            [
                (
                    "site: field `list[].n` changed type from integer to string".into(),
                    true,
                    "type-changed"
                ),
                (
                    "site: field `list[].s` lost the enum value \"B\"".into(),
                    true,
                    "enum-value-removed"
                ),
                (
                    "site: field `list[].s` gained the enum value \"C\"".into(),
                    false,
                    "open-enum"
                ),
            ]
        );
    }

    #[test]
    fn a_renamed_component_of_the_same_shape_is_the_same_schema_placed_at_its_name() {
        let old_document = json!({"components": {"schemas": {
            "Old": {"type": "object", "properties": {"a": {"type": "string"}}}}}});
        let new_document = json!({"components": {"schemas": {
            "New": {"type": "object", "properties": {"a": {"type": "string"}, "z": {}}}}}});
        let (old, new) = (
            json!({"$ref": "#/components/schemas/Old"}),
            json!({"$ref": "#/components/schemas/New"}),
        );
        let mut comparison = Comparison::new(&old_document, &new_document);
        comparison.compare("GET /a", "a", &old, &new, Direction::Response);
        comparison.compare("GET /b", "b", &old, &new, Direction::Response);
        let found: Vec<String> = comparison
            .found
            .iter()
            .map(|f| format!("{}: {}", f.at, f.what))
            .collect();
        assert_eq!(found, ["schema `New` (was `Old`): field `z` added"]);
    }

    #[test]
    fn a_request_field_that_becomes_optional_changes_its_rust_type() {
        let old =
            json!({"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}});
        let new = json!({"type": "object", "properties": {"a": {"type": "string"}}});
        assert_eq!(
            found(old, new, Direction::Request),
            [(
                "site: field `a` became optional".into(),
                true,
                "field-now-option"
            )]
        );
    }

    #[test]
    fn self_referencing_schemas_end() {
        let document = json!({"components": {"schemas": {"Node": {"type": "object",
            "properties": {"next": {"$ref": "#/components/schemas/Node"}}}}}});
        let node = json!({"$ref": "#/components/schemas/Node"});
        let mut comparison = Comparison::new(&document, &document);
        comparison.compare("site", "r", &node, &node, Direction::Response);
        assert!(comparison.found.is_empty());
    }
}
