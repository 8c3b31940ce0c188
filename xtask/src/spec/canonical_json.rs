//! The one textual form of a JSON document: keys sorted at every level, two-space indentation,
//! a trailing newline.

use serde::Serialize;

/// Pretty, sorted, newline-terminated: the form of every generated JSON file. Written straight
/// from `value`, so only for types whose serialization lists every object's keys in sorted
/// order: a `serde_json::Value` does while serde_json keeps its default sorted map (a test
/// below fails if `preserve_order` is switched on), and the other callers test that they do.
pub fn to_pretty<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("the value serializes");
    text.push('\n');
    text
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
    }

    /// serde_json's `preserve_order` feature, switched on by any crate in the build, would make
    /// every map keep insertion order: the canonical file would then follow the order of the
    /// vendor's pages and the stages' walks, not the names.
    #[test]
    fn serde_json_keeps_object_members_sorted_by_name() {
        let mut map = serde_json::Map::new();
        map.insert("b".to_owned(), json!(1));
        map.insert("a".to_owned(), json!(2));
        let names: Vec<&str> = map.keys().map(String::as_str).collect();
        assert_eq!(names, ["a", "b"], "serde_json's preserve_order is on");
    }
}
