//! Stage 5: the canonical spec must stand on its own: every local `$ref` resolves, and the
//! document validates against the official OpenAPI 3.1 schema.

use std::collections::HashSet;

use super::error::SpecError;
use super::source_map::{Location, SourceMap};
use portsip_api_build::openapi::{pointer::Trail, refs};
use serde_json::Value;

pub fn validate(document: &Value, source_map: &SourceMap) -> Result<(), SpecError> {
    // A dangling `$ref` is reported first, as the more specific problem.
    RefCheck {
        root: document,
        resolved: HashSet::new(),
        trail: Trail::default(),
    }
    .check(document, source_map)?;
    crate::openapi_schema::validate_openapi_31(document).map_err(|problems| {
        SpecError::NotOpenApi31 {
            problems: problems
                .into_iter()
                .map(|(pointer, message)| match source_map.locate(&pointer) {
                    Some(at) => format!("  {at}: {pointer}: {message}"),
                    None => format!("  {pointer}: {message}"),
                })
                .collect(),
        }
    })
}

/// Walks the document once; the pointer of a node is only spelled out for a `$ref` that does
/// not resolve, and each target is resolved once however often it is referenced.
struct RefCheck<'a> {
    root: &'a Value,
    resolved: HashSet<&'a str>,
    trail: Trail<'a>,
}

impl<'a> RefCheck<'a> {
    fn check(&mut self, node: &'a Value, source_map: &SourceMap) -> Result<(), SpecError> {
        match node {
            Value::Object(map) => {
                if let Some(Value::String(target)) = map.get("$ref") {
                    self.check_target(target, source_map)?;
                }
                for (key, value) in map.iter().filter(|(_, value)| is_container(value)) {
                    self.trail.push_key(key);
                    self.check(value, source_map)?;
                    self.trail.pop();
                }
            }
            Value::Array(items) => {
                for (index, value) in items.iter().enumerate() {
                    if is_container(value) {
                        self.trail.push_index(index);
                        self.check(value, source_map)?;
                        self.trail.pop();
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn check_target(&mut self, target: &'a str, source_map: &SourceMap) -> Result<(), SpecError> {
        if self.resolved.contains(target) {
            return Ok(());
        }
        let resolves = refs::resolve(self.root, target).is_some();
        if resolves {
            self.resolved.insert(target);
            return Ok(());
        }
        let at = self.trail.pointer();
        let location = source_map.locate(&at).cloned().unwrap_or_else(|| Location {
            file: "(generated)".to_owned(),
            line: 0,
            context: String::new(),
        });
        Err(SpecError::DanglingRef {
            at: location,
            pointer: format!("{at}/$ref"),
            target: target.to_owned(),
        })
    }
}

/// Only objects and arrays can hold a `$ref`; scalars are not worth a step into.
fn is_container(value: &Value) -> bool {
    matches!(value, Value::Object(_) | Value::Array(_))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_dangling_ref_inside_a_list_is_found_and_named_by_its_pointer() {
        let document = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {
                "Known": {"type": "object"},
                "Both": {"allOf": [
                    {"$ref": "#/components/schemas/Known"},
                    {"$ref": "#/components/schemas/Missing"}
                ]}
            }}
        });
        let error = validate(&document, &SourceMap::default()).unwrap_err();
        assert!(
            matches!(&error, SpecError::DanglingRef { pointer, target, .. }
                if pointer == "/components/schemas/Both/allOf/1/$ref"
                    && target == "#/components/schemas/Missing"),
            "{error:?}"
        );
    }
}
