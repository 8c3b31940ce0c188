//! A [`Value`] as jsonschema reads documents, so the OpenAPI 3.1 schema check runs on the
//! pipeline's document itself: a copy in serde_json's form would be four times its size.

use std::borrow::Cow;

use jsonschema::json::{Array, Json, Node, NodeIdentity, Object};
use jsonschema::types::JsonType;

use super::{Map, Number, Value};

/// jsonschema's handle on [`Value`] documents: `jsonschema::options_for::<Sorted>()`.
pub struct Sorted;

impl Json for Sorted {
    type Node<'a> = &'a Value;
    type PreparedKey = String;
    type StringBuffer = ();

    /// As jsonschema has it for serde_json's value: a lookup here is a search too.
    const KEYS_PER_LOOKUP: usize = 2;
    /// A `Value` owns its children, so none can be its own descendant.
    const ACYCLIC: bool = true;

    fn prepare_key(key: &str) -> String {
        key.to_owned()
    }

    fn with_string_node<T>((): &mut (), string: &str, f: impl FnOnce(&Value) -> T) -> T {
        f(&Value::String(string.to_owned()))
    }
}

impl<'a> Node<'a, Sorted> for &'a Value {
    type Object = &'a Map;
    type Array = &'a [Value];
    type Number = &'a Number;

    fn as_object(&self) -> Option<&'a Map> {
        Value::as_object(self)
    }

    fn as_array(&self) -> Option<&'a [Value]> {
        Value::as_array(self).map(Vec::as_slice)
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        Value::as_str(self).map(Cow::Borrowed)
    }

    fn as_number(&self) -> Option<&'a Number> {
        match self {
            Value::Number(number) => Some(number),
            _ => None,
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        Value::as_bool(self)
    }

    fn is_null(&self) -> bool {
        Value::is_null(self)
    }

    fn json_type(&self) -> JsonType {
        match self {
            Value::Null => JsonType::Null,
            Value::Bool(_) => JsonType::Boolean,
            Value::Number(_) => JsonType::Number,
            Value::String(_) => JsonType::String,
            Value::Array(_) => JsonType::Array,
            Value::Object(_) => JsonType::Object,
        }
    }

    /// `enum` and `const` ask this of every value they check; only numbers (where `1` equals
    /// `1.0`) and containers go through jsonschema's own comparison on a copy.
    fn equals_value(&self, expected: &serde_json::Value) -> bool {
        match (self, expected) {
            (Value::Null, serde_json::Value::Null) => true,
            (Value::Bool(a), serde_json::Value::Bool(b)) => a == b,
            (Value::String(a), serde_json::Value::String(b)) => a == b,
            (Value::Null | Value::Bool(_) | Value::String(_), _) => false,
            _ => jsonschema::json::cmp::equal(&self.to_value(), expected),
        }
    }

    /// Only for error messages and the comparisons above.
    fn to_value(&self) -> Cow<'a, serde_json::Value> {
        Cow::Owned(serde_json::Value::from(*self))
    }

    fn identity(&self) -> Option<NodeIdentity> {
        Some(NodeIdentity::new(std::ptr::from_ref::<Value>(self) as usize))
    }
}

impl<'a> Object<'a, Sorted> for &'a Map {
    type Node = &'a Value;
    type MemberName = &'a str;
    type MembersIter = std::iter::Map<
        super::map::Iter<'a>,
        fn((&'a super::Key, &'a Value)) -> (&'a str, &'a Value),
    >;

    fn len(&self) -> usize {
        Map::len(self)
    }

    fn get(&self, key: &String) -> Option<&'a Value> {
        Map::get(self, key)
    }

    fn members(&self) -> Self::MembersIter {
        self.iter().map(|(name, value)| (name.as_str(), value))
    }
}

impl<'a> Array<'a, Sorted> for &'a [Value] {
    type Node = &'a Value;
    type ElementsIter = std::slice::Iter<'a, Value>;

    fn len(&self) -> usize {
        <[Value]>::len(self)
    }

    fn elements(&self) -> Self::ElementsIter {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::super::json;

    #[test]
    fn a_schema_checks_a_value_as_it_checks_the_same_serde_json_value() {
        let schema = serde_json::json!({
            "type": "object",
            "required": ["kind"],
            "properties": {
                "kind": {"enum": ["a", 1, null]},
                "items": {"type": "array", "items": {"type": "integer"}, "maxItems": 2},
                "name": {"type": "string", "minLength": 2}
            },
            "additionalProperties": false
        });
        let ours = jsonschema::options_for::<super::Sorted>()
            .build(&schema)
            .unwrap();
        let reference = jsonschema::validator_for(&schema).unwrap();
        for instance in [
            json!({"kind": "a", "items": [1, 2], "name": "xy"}),
            json!({"kind": 1.0}),
            json!({"kind": null, "items": [1, 2, 3]}),
            json!({"kind": "b"}),
            json!({"items": ["x"], "name": "x", "other": true}),
            json!([]),
        ] {
            let converted = serde_json::Value::from(&instance);
            assert_eq!(
                ours.is_valid(&instance),
                reference.is_valid(&converted),
                "{instance}"
            );
            let errors = |found: Vec<String>| found;
            assert_eq!(
                errors(
                    ours.iter_errors(&instance)
                        .map(|e| format!("{} {}", e.instance_path(), e.masked()))
                        .collect()
                ),
                errors(
                    reference
                        .iter_errors(&converted)
                        .map(|e| format!("{} {}", e.instance_path(), e.masked()))
                        .collect()
                ),
                "{instance}"
            );
        }
    }
}
