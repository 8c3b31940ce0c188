//! Local references (`"$ref": "#/components/schemas/Holiday"`). A reference is a URI fragment,
//! so it is percent-decoded before it is read as a JSON pointer: `#/paths/~1a%20b` names the
//! path `/a b`.

use serde_json::Value;

use super::pointer;

/// How many references in a row are followed before a chain is taken for a cycle.
const MAX_HOPS: usize = 32;

const COMPONENT_SCHEMAS: &str = "/components/schemas/";

/// The JSON pointer a local reference names; `None` for a reference into another document.
pub fn target_pointer(reference: &str) -> Option<String> {
    let fragment = reference.strip_prefix('#')?;
    Some(
        percent_encoding::percent_decode_str(fragment)
            .decode_utf8_lossy()
            .into_owned(),
    )
}

/// What a local reference names, with its pointer.
pub fn resolve<'a>(document: &'a Value, reference: &str) -> Option<(String, &'a Value)> {
    let pointer = target_pointer(reference)?;
    let target = document.pointer(&pointer)?;
    Some((pointer, target))
}

/// The `$ref` of `value`, if it is a Reference Object or a schema with one.
pub fn reference_of(value: &Value) -> Option<&str> {
    value.get("$ref").and_then(Value::as_str)
}

/// Follows `$ref`s from `value` (found at `pointer`) to the object they name, and where that is
/// written. A reference that resolves to nothing, or a cycle, stops where it is.
pub fn follow<'a>(document: &'a Value, pointer: String, value: &'a Value) -> (String, &'a Value) {
    let mut current = (pointer, value);
    for _ in 0..MAX_HOPS {
        match reference_of(current.1).and_then(|reference| resolve(document, reference)) {
            Some(target) => current = target,
            None => break,
        }
    }
    current
}

/// [`follow`] when where it leads does not matter.
pub fn follow_value<'a>(document: &'a Value, value: &'a Value) -> &'a Value {
    let mut current = value;
    for _ in 0..MAX_HOPS {
        match reference_of(current).and_then(|reference| resolve(document, reference)) {
            Some((_, target)) => current = target,
            None => break,
        }
    }
    current
}

/// The name of the schema component a reference names: `Holiday` for
/// `#/components/schemas/Holiday`; `None` for anything else.
pub fn component_name(reference: &str) -> Option<String> {
    let pointer = target_pointer(reference)?;
    let token = pointer.strip_prefix(COMPONENT_SCHEMAS)?;
    (!token.contains('/')).then(|| pointer::unescape(token).into_owned())
}

/// The reference to the schema component `name`.
pub fn to_component(name: &str) -> String {
    format!("#{COMPONENT_SCHEMAS}{}", pointer::escape(name))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn references_are_percent_decoded_before_they_are_read_as_pointers() {
        let document =
            json!({"paths": {"/a b": {"get": {}}}, "components": {"schemas": {"A": {}}}});
        assert_eq!(
            resolve(&document, "#/paths/~1a%20b/get"),
            Some(("/paths/~1a b/get".to_owned(), &json!({})))
        );
        assert_eq!(resolve(&document, "other.json#/x"), None);
        assert_eq!(resolve(&document, "#/components/schemas/B"), None);
    }

    #[test]
    fn follow_goes_through_chains_and_stops_at_cycles_and_dangling_references() {
        let document = json!({"components": {"parameters": {
            "A": {"$ref": "#/components/parameters/B"},
            "B": {"name": "b", "in": "query"},
            "Loop": {"$ref": "#/components/parameters/Loop"},
            "Dangling": {"$ref": "#/components/parameters/Nothing"}
        }}});
        let start = json!({"$ref": "#/components/parameters/A"});
        let (pointer, found) = follow(&document, "/x".to_owned(), &start);
        assert_eq!(pointer, "/components/parameters/B");
        assert_eq!(found["name"], "b");
        assert_eq!(follow_value(&document, &start)["name"], "b");
        let looping = json!({"$ref": "#/components/parameters/Loop"});
        assert!(follow_value(&document, &looping).get("$ref").is_some());
        let dangling = json!({"$ref": "#/components/parameters/Dangling"});
        let (pointer, _) = follow(&document, "/y".to_owned(), &dangling);
        assert_eq!(pointer, "/components/parameters/Dangling");
    }

    #[test]
    fn component_names_are_unescaped_and_round_trip() {
        assert_eq!(
            component_name("#/components/schemas/a~1b~0c").as_deref(),
            Some("a/b~c")
        );
        assert_eq!(
            component_name(&to_component("a/b~c")).as_deref(),
            Some("a/b~c")
        );
        assert_eq!(
            component_name("#/components/schemas/A%20B").as_deref(),
            Some("A B")
        );
        assert_eq!(component_name("#/components/responses/X"), None);
        assert_eq!(component_name("#/components/schemas/A/properties/b"), None);
    }
}
