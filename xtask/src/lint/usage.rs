//! Which operations use each schema component, directly or through other components, so a
//! defect in a schema shared by several pages is shown at every page that uses it (the source
//! map places a component only on the first page it was found on).

use std::collections::BTreeMap;

use portsip_api_build::openapi::{pointer, uses};

use super::document::Document;
use crate::spec::source_map::{Location, SourceMap};

const COMPONENT_SCHEMAS: &str = "/components/schemas/";

/// Component name → the locations of the operations that use it, in operation order.
#[derive(Default)]
pub struct Usage {
    by_component: BTreeMap<String, Vec<Location>>,
}

impl Usage {
    pub fn new(document: &Document, source_map: &SourceMap) -> Usage {
        let mut usage = Usage::default();
        for (operation, used) in uses::components_used(document.root()) {
            let Some(at) = source_map.locate(&operation.pointer) else {
                continue;
            };
            for name in used {
                let users = usage.by_component.entry(name).or_default();
                if !users.contains(at) {
                    users.push(at.clone());
                }
            }
        }
        usage
    }

    /// The operations using the component `at` is in; nothing outside components.
    pub fn users_of(&self, at: &str) -> &[Location] {
        let Some(rest) = at.strip_prefix(COMPONENT_SCHEMAS) else {
            return &[];
        };
        let token = rest.split('/').next().unwrap_or_default();
        self.by_component
            .get(pointer::unescape(token).as_ref())
            .map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn at(file: &str) -> Location {
        Location {
            file: file.into(),
            line: 1,
            context: "## x".into(),
        }
    }

    #[test]
    fn a_component_is_used_by_every_operation_that_reaches_it() {
        let document = Document::new(json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {
                "/a": {"get": {"responses": {"200": {"description": "OK", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Page"}}}}}}},
                "/b": {"post": {"requestBody": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Item"}}}}, "responses": {"204": {"description": "OK"}}}},
                "/c": {"get": {"responses": {"204": {"description": "OK"}}}}
            },
            "components": {"schemas": {
                "Page": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}}},
                "Item": {"type": "object"}
            }}
        }));
        let mut map = SourceMap::default();
        map.insert("/paths/~1a/get", at("a.md"));
        map.insert("/paths/~1b/post", at("b.md"));
        map.insert("/paths/~1c/get", at("c.md"));
        let usage = Usage::new(&document, &map);
        let files = |pointer: &str| {
            usage
                .users_of(pointer)
                .iter()
                .map(|l| l.file.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            files("/components/schemas/Item/properties/x"),
            ["a.md", "b.md"]
        );
        assert_eq!(files("/components/schemas/Page"), ["a.md"]);
        assert!(files("/paths/~1c/get").is_empty());
    }
}
