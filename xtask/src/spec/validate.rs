//! Stage 5: the canonical spec must stand on its own: every local `$ref` resolves, and the
//! document validates against the official OpenAPI 3.1 schema.

use serde_json::Value;

use super::error::SpecError;
use super::source_map::{Location, SourceMap};

pub fn validate(document: &Value, source_map: &SourceMap) -> Result<(), SpecError> {
    check_refs(document, document, "", source_map)?;
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

fn check_refs(
    root: &Value,
    node: &Value,
    at: &str,
    source_map: &SourceMap,
) -> Result<(), SpecError> {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                let resolves = target
                    .strip_prefix('#')
                    .and_then(|pointer| root.pointer(pointer))
                    .is_some();
                if !resolves {
                    let location = source_map.locate(at).cloned().unwrap_or_else(|| Location {
                        file: "(generated)".to_owned(),
                        line: 0,
                        context: String::new(),
                    });
                    return Err(SpecError::DanglingRef {
                        at: location,
                        pointer: format!("{at}/$ref"),
                        target: target.clone(),
                    });
                }
            }
            for (key, value) in map {
                check_refs(root, value, &super::pointer::join(at, key), source_map)?;
            }
        }
        Value::Array(items) => {
            for (index, value) in items.iter().enumerate() {
                check_refs(root, value, &format!("{at}/{index}"), source_map)?;
            }
        }
        _ => {}
    }
    Ok(())
}
