//! The one textual form of a JSON document: keys sorted at every level, two-space indentation,
//! a trailing newline.

use serde::Serialize;

/// Pretty, sorted, newline-terminated: the form of every generated JSON file. Written straight
/// from `value`, so only for types whose serialization lists every object's keys in sorted
/// order: a [`super::json::Value`] always does, and the other callers test that they do.
pub fn to_pretty<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("the value serializes");
    text.push('\n');
    text
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
    }
}
