use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::Rule;
use crate::lint::diagnostic::{Findings, Severity};
use crate::lint::document::{Constraints, Document};

/// `oneOf` object alternatives that no required property tells apart: a value matching one
/// matches the other too, so strict validators reject it and generated untagged enums always
/// decode the first alternative.
pub struct OneOfAmbiguous;

/// What an object alternative demands, as far as telling alternatives apart goes.
struct Shape {
    required: BTreeSet<String>,
    properties: BTreeSet<String>,
    closed: bool,
    /// Properties limited to fixed values by `const` or `enum`.
    fixed: BTreeMap<String, Vec<Value>>,
}

impl Shape {
    fn of(constraints: &Constraints<'_>) -> Option<Shape> {
        if constraints
            .types()
            .is_some_and(|types| !types.contains("object"))
        {
            return None;
        }
        let mut shape = Shape {
            required: BTreeSet::new(),
            properties: BTreeSet::new(),
            closed: false,
            fixed: BTreeMap::new(),
        };
        for (_, schema) in &constraints.parts {
            let required = schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten();
            shape
                .required
                .extend(required.filter_map(Value::as_str).map(str::to_owned));
            for (name, property) in schema
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                shape.properties.insert(name.to_string());
                let values = match (
                    property.get("const"),
                    property.get("enum").and_then(Value::as_array),
                ) {
                    (Some(constant), _) => vec![constant.clone()],
                    (None, Some(values)) => values.clone(),
                    (None, None) => continue,
                };
                shape.fixed.insert(name.to_string(), values);
            }
            let closes = |keyword: &str| schema.get(keyword) == Some(&Value::Bool(false));
            shape.closed |= closes("additionalProperties") || closes("unevaluatedProperties");
        }
        Some(shape)
    }

    /// Whether an object carrying exactly `other`'s required properties can also match `self`.
    fn admits_minimal_instance_of(&self, other: &Shape) -> bool {
        let has_what_self_requires = self.required.is_subset(&other.required);
        let nothing_forbidden = !self.closed || other.required.is_subset(&self.properties);
        let no_fixed_value_conflict =
            other
                .required
                .iter()
                .all(|name| match (self.fixed.get(name), other.fixed.get(name)) {
                    (Some(mine), Some(theirs)) => theirs.iter().any(|v| mine.contains(v)),
                    _ => true,
                });
        has_what_self_requires && nothing_forbidden && no_fixed_value_conflict
    }
}

fn listed(names: &BTreeSet<String>) -> String {
    if names.is_empty() {
        "none".to_owned()
    } else {
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Rule for OneOfAmbiguous {
    fn id(&self) -> &'static str {
        "one-of-ambiguous"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn description(&self) -> &'static str {
        "`oneOf` object alternatives can be told apart by their required properties"
    }

    fn check(&self, document: &Document, findings: &mut Findings) {
        for site in document.schemas() {
            if site.schema.contains_key("discriminator") {
                continue;
            }
            let Some(alternatives) = site.schema.get("oneOf").and_then(Value::as_array) else {
                continue;
            };
            let shapes: Vec<(usize, Shape)> = alternatives
                .iter()
                .enumerate()
                .filter_map(|(index, alternative)| {
                    let pointer = format!("{}/oneOf/{index}", site.pointer);
                    let constraints = document.constraints(&pointer, alternative.as_object()?);
                    Some((index, Shape::of(&constraints)?))
                })
                .collect();
            let overlaps = overlapping_pairs(&shapes);
            let Some(first) = overlaps.first() else {
                continue;
            };
            let pointer = format!("{}/oneOf", site.pointer);
            if overlaps.len() == 1 {
                findings.report(pointer, first.message(), first.help());
                continue;
            }
            let involved: BTreeSet<usize> = overlaps
                .iter()
                .flat_map(|pair| [pair.wider, pair.narrower])
                .collect();
            let involved: Vec<String> = involved.iter().map(usize::to_string).collect();
            findings.report(
                pointer,
                format!(
                    "oneOf alternatives {} cannot be told apart: {} pairs overlap, e.g. {}",
                    involved.join(", "),
                    overlaps.len(),
                    first.message()
                ),
                "require in each alternative a property only it has, or add a discriminator",
            );
        }
    }
}

/// Two alternatives of which the wider one accepts the narrower one's minimal instance.
struct Overlap<'a> {
    wider: usize,
    narrower: usize,
    wide: &'a Shape,
    narrow: &'a Shape,
}

impl Overlap<'_> {
    fn message(&self) -> String {
        format!(
            "an object with just alternative {}'s required properties ({}) also matches alternative {}",
            self.narrower,
            listed(&self.narrow.required),
            self.wider
        )
    }

    fn help(&self) -> String {
        let only = |a: &Shape, b: &Shape| -> BTreeSet<String> {
            a.properties.difference(&b.properties).cloned().collect()
        };
        format!(
            "require in each alternative a property only it has (alternative {}: {}; \
             alternative {}: {}), or add a discriminator",
            self.wider,
            listed(&only(self.wide, self.narrow)),
            self.narrower,
            listed(&only(self.narrow, self.wide))
        )
    }
}

fn overlapping_pairs(shapes: &[(usize, Shape)]) -> Vec<Overlap<'_>> {
    let mut overlaps = Vec::new();
    for (position, (a, shape_a)) in shapes.iter().enumerate() {
        for (b, shape_b) in &shapes[position + 1..] {
            let overlap = if shape_a.admits_minimal_instance_of(shape_b) {
                (*a, *b, shape_a, shape_b)
            } else if shape_b.admits_minimal_instance_of(shape_a) {
                (*b, *a, shape_b, shape_a)
            } else {
                continue;
            };
            overlaps.push(Overlap {
                wider: overlap.0,
                narrower: overlap.1,
                wide: overlap.2,
                narrow: overlap.3,
            });
        }
    }
    overlaps
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::lint::rules::testing::{pointers, with_component};

    fn sign_in_result(first_required: Value, second_required: Value) -> Value {
        with_component(json!({"oneOf": [
            {"type": "object", "required": first_required, "properties": {
                "two_factor_enabled": {"type": "boolean"}, "token": {"type": "string"}}},
            {"type": "object", "required": second_required, "properties": {
                "token_type": {"type": "string"}, "access_token": {"type": "string"}}}
        ]}))
    }

    #[test]
    fn fires_when_no_alternative_requires_anything() {
        let doc = sign_in_result(json!([]), json!([]));
        assert_eq!(
            pointers(&OneOfAmbiguous, doc),
            ["/components/schemas/Thing/oneOf"]
        );
    }

    #[test]
    fn fires_once_per_schema_naming_every_overlapping_alternative() {
        let loose = json!({"type": "object", "properties": {"a": {"type": "string"}}});
        let distinct = json!({"type": "string"});
        let doc = with_component(json!({"oneOf": [loose, loose, distinct, loose]}));
        let findings = crate::lint::rules::testing::run(&OneOfAmbiguous, doc);
        assert_eq!(findings.len(), 1);
        assert!(
            findings[0]
                .message
                .starts_with("oneOf alternatives 0, 1, 3 cannot be told apart: 3 pairs overlap"),
            "{}",
            findings[0].message
        );
    }

    #[test]
    fn fires_when_one_alternative_requires_nothing() {
        let doc = sign_in_result(json!(["token"]), json!([]));
        let findings = crate::lint::rules::testing::run(&OneOfAmbiguous, doc);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message,
            "an object with just alternative 0's required properties (`token`) also matches alternative 1"
        );
        assert_eq!(
            findings[0].help,
            "require in each alternative a property only it has (alternative 1: `access_token`, \
             `token_type`; alternative 0: `token`, `two_factor_enabled`), or add a discriminator"
        );
    }

    #[test]
    fn silent_when_required_properties_tell_them_apart() {
        let doc = sign_in_result(
            json!(["two_factor_enabled", "token"]),
            json!(["access_token"]),
        );
        assert!(pointers(&OneOfAmbiguous, doc).is_empty());
    }

    #[test]
    fn silent_when_a_closed_alternative_forbids_what_another_requires() {
        for closing in ["additionalProperties", "unevaluatedProperties"] {
            let mut narrow = json!({"type": "object", "required": ["a"], "properties": {"a": {}}});
            narrow[closing] = json!(false);
            let wide =
                json!({"type": "object", "required": ["a", "b"], "properties": {"a": {}, "b": {}}});
            let doc = with_component(json!({"oneOf": [narrow, wide]}));
            assert!(pointers(&OneOfAmbiguous, doc).is_empty(), "{closing}");
        }
    }

    #[test]
    fn silent_when_a_fixed_value_tells_them_apart_or_types_differ() {
        let doc = with_component(json!({"type": "object", "properties": {
            "event": {"oneOf": [
                {"type": "object", "required": ["kind"], "properties": {"kind": {"const": "call"}}},
                {"type": "object", "required": ["kind"], "properties": {"kind": {"const": "sms"}}}
            ]},
            "either": {"oneOf": [{"type": "string"}, {"type": "object"}]}
        }}));
        assert!(pointers(&OneOfAmbiguous, doc).is_empty());
    }
}
