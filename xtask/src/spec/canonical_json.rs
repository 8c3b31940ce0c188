//! The one textual form of a JSON document: keys sorted at every level, two-space indentation,
//! a trailing newline. A [`Value`] keeps every object's members sorted by name, so it is written
//! as it is.

use serde::Serialize;

use super::json::Value;

/// Pretty, sorted, newline-terminated: the form of every generated JSON file.
pub fn to_pretty(value: &Value) -> String {
    to_pretty_presorted(value)
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
    serde_json::to_string(value).expect("a Value always serializes")
}

#[cfg(test)]
mod tests {
    use crate::spec::json::json;

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
