//! The one textual form of a JSON document: keys sorted at every level, two-space indentation,
//! a trailing newline. Sorting here (rather than trusting serde_json's map type) keeps the
//! output byte-identical even if some dependency turns on serde_json's `preserve_order`.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;

struct Sorted<'a>(&'a Value);

impl Serialize for Sorted<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Object(map) => {
                let mut out = serializer.serialize_map(Some(map.len()))?;
                // serde_json's default map already iterates in key order; only a map that does
                // not (with `preserve_order`) pays for collecting and sorting its entries.
                let mut in_order;
                let mut resorted;
                let entries: &mut dyn Iterator<Item = (&String, &Value)> = if map.keys().is_sorted()
                {
                    in_order = map.iter();
                    &mut in_order
                } else {
                    let mut entries: Vec<_> = map.iter().collect();
                    entries.sort_unstable_by_key(|(key, _)| *key);
                    resorted = entries.into_iter();
                    &mut resorted
                };
                for (key, value) in entries {
                    out.serialize_entry(key, &Sorted(value))?;
                }
                out.end()
            }
            Value::Array(items) => {
                let mut out = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    out.serialize_element(&Sorted(item))?;
                }
                out.end()
            }
            scalar => scalar.serialize(serializer),
        }
    }
}

/// Pretty, sorted, newline-terminated: the form of every generated JSON file.
pub fn to_pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(&Sorted(value)).expect("a Value always serializes");
    text.push('\n');
    text
}

/// The same form for a value whose own serialization already lists every object's keys in
/// sorted order, written straight from it rather than through a `Value` copy. Only for types
/// that keep that promise (and test it against [`to_pretty`]).
pub fn to_pretty_presorted<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("the value serializes");
    text.push('\n');
    text
}

/// Compact and sorted: a key for comparing values structurally.
pub fn to_string(value: &Value) -> String {
    serde_json::to_string(&Sorted(value)).expect("a Value always serializes")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn keys_are_sorted_at_every_level_and_the_text_ends_with_a_newline() {
        let value = json!({"b": 1, "a": {"d": [{"z": 1, "y": 2}], "c": null}});
        assert_eq!(
            to_pretty(&value),
            "{\n  \"a\": {\n    \"c\": null,\n    \"d\": [\n      {\n        \"y\": 2,\n        \"z\": 1\n      }\n    ]\n  },\n  \"b\": 1\n}\n"
        );
        assert_eq!(
            to_string(&value),
            r#"{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}"#
        );
    }
}
