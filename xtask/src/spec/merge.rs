//! Stage 2: fragments → one OpenAPI document. Parts every fragment repeats must agree; paths,
//! tags and components combine; conflicts are errors naming both places.

use std::collections::BTreeMap;

use super::error::SpecError;
use super::extract::Fragment;
use super::source_map::{Location, SourceMap};
use portsip_api_build::openapi::{METHODS, pointer};
use serde_json::{Map, Value};

/// Top-level parts that every fragment repeats and that must therefore be identical.
const SHARED_PARTS: &[&str] = &[
    "openapi",
    "info",
    "servers",
    "security",
    "jsonSchemaDialect",
];

#[derive(Debug)]
pub struct Merged {
    pub document: Value,
    pub source_map: SourceMap,
    pub warnings: Vec<String>,
}

/// Takes fragments one at a time, so each is merged while it is still in the CPU's caches.
#[derive(Default)]
pub struct Merger {
    document: Map<String, Value>,
    shared: BTreeMap<String, (Option<Value>, Location)>,
    tags: Vec<(Value, Location)>,
    operations: BTreeMap<(String, String), (Value, Location)>,
    path_items: BTreeMap<(String, String), (Value, Location)>,
    components: BTreeMap<(String, String), (Value, Location)>,
    operation_ids: BTreeMap<String, Location>,
    source_map: SourceMap,
    warnings: Vec<String>,
}

impl Merger {
    /// Takes the fragment by value: its operations move into the merged document rather than
    /// being copied, which halves the memory a large corpus needs.
    pub fn add(&mut self, fragment: Fragment) -> Result<(), SpecError> {
        let at = &fragment.at;
        let Value::Object(mut root) = fragment.document else {
            return Err(no_operation(at, "the fragment is not a JSON object"));
        };
        self.add_operations(root.remove("paths"), at)?;
        let root = &root;
        for part in SHARED_PARTS {
            self.agree(part, root.get(*part), at)?;
        }
        let schemes = root
            .get("components")
            .and_then(|c| c.get("securitySchemes"));
        self.agree("components.securitySchemes", schemes, at)?;
        if let Some(Value::Object(components)) = root.get("components") {
            for (kind, entries) in components
                .iter()
                .filter(|(kind, _)| *kind != "securitySchemes")
            {
                for (name, value) in entries.as_object().into_iter().flatten() {
                    self.add_component(kind, name, value, at)?;
                }
            }
        }
        for tag in root
            .get("tags")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            self.add_tag(tag, at);
        }
        for (key, value) in root {
            let merged_elsewhere = SHARED_PARTS.contains(&key.as_str())
                || matches!(key.as_str(), "tags" | "components");
            if !merged_elsewhere {
                self.agree(key, Some(value), at)?;
            }
        }
        Ok(())
    }

    fn agree(&mut self, part: &str, value: Option<&Value>, at: &Location) -> Result<(), SpecError> {
        match self.shared.get(part) {
            None => {
                self.shared
                    .insert(part.to_owned(), (value.cloned(), at.clone()));
                Ok(())
            }
            Some((first, _)) if first.as_ref() == value => Ok(()),
            Some((_, first_at)) => Err(SpecError::Disagree {
                part: part.to_owned(),
                first: Box::new(first_at.clone()),
                second: Box::new(at.clone()),
            }),
        }
    }

    fn add_operations(&mut self, paths: Option<Value>, at: &Location) -> Result<(), SpecError> {
        let Some(Value::Object(paths)) = paths else {
            return Err(no_operation(at, "there is no `paths` object"));
        };
        let mut has_operation = false;
        for (path, item) in paths {
            let Value::Object(item) = item else {
                return Err(no_operation(at, &format!("path `{path}` is not an object")));
            };
            for (key, value) in item {
                if METHODS.contains(&key.as_str()) {
                    self.add_operation(&path, &key, value, at)?;
                    has_operation = true;
                } else {
                    self.add_path_item_field(&path, &key, &value, at)?;
                }
            }
        }
        if !has_operation {
            return Err(no_operation(at, "`paths` has no HTTP method"));
        }
        Ok(())
    }

    fn add_operation(
        &mut self,
        path: &str,
        method: &str,
        operation: Value,
        at: &Location,
    ) -> Result<(), SpecError> {
        let key = (path.to_owned(), method.to_owned());
        if let Some((existing, first)) = self.operations.get(&key) {
            if *existing == operation {
                return Ok(());
            }
            return Err(SpecError::ConflictingOperation {
                method: method.to_uppercase(),
                path: path.to_owned(),
                first: Box::new(first.clone()),
                second: Box::new(at.clone()),
            });
        }
        if let Some(id) = operation.get("operationId").and_then(Value::as_str) {
            if let Some(first) = self.operation_ids.get(id) {
                return Err(SpecError::DuplicateOperationId {
                    id: id.to_owned(),
                    first: Box::new(first.clone()),
                    second: Box::new(at.clone()),
                });
            }
            self.operation_ids.insert(id.to_owned(), at.clone());
        }
        let target = pointer::join(&pointer::join("/paths", path), method);
        self.source_map.insert(target, at.clone());
        self.operations.insert(key, (operation, at.clone()));
        Ok(())
    }

    fn add_path_item_field(
        &mut self,
        path: &str,
        field: &str,
        value: &Value,
        at: &Location,
    ) -> Result<(), SpecError> {
        let key = (path.to_owned(), field.to_owned());
        match self.path_items.get(&key) {
            Some((existing, _)) if existing == value => Ok(()),
            Some((_, first)) => Err(SpecError::Disagree {
                part: format!("paths.{path}.{field}"),
                first: Box::new(first.clone()),
                second: Box::new(at.clone()),
            }),
            None => {
                self.path_items.insert(key, (value.clone(), at.clone()));
                Ok(())
            }
        }
    }

    fn add_component(
        &mut self,
        kind: &str,
        name: &str,
        value: &Value,
        at: &Location,
    ) -> Result<(), SpecError> {
        let key = (kind.to_owned(), name.to_owned());
        match self.components.get(&key) {
            Some((existing, _)) if existing == value => Ok(()),
            Some((_, first)) => Err(SpecError::Disagree {
                part: format!("components.{kind}.{name}"),
                first: Box::new(first.clone()),
                second: Box::new(at.clone()),
            }),
            None => {
                let target = pointer::join(&pointer::join("/components", kind), name);
                self.source_map.insert(target, at.clone());
                self.components.insert(key, (value.clone(), at.clone()));
                Ok(())
            }
        }
    }

    /// The same tag on several pages is normal; a different description for it is a vendor
    /// slip worth a warning, not a reason to stop.
    fn add_tag(&mut self, tag: &Value, at: &Location) {
        let name = tag.get("name");
        match self
            .tags
            .iter()
            .find(|(known, _)| known.get("name") == name)
        {
            Some((known, _)) if known == tag => {}
            Some((_, first)) => self.warnings.push(format!(
                "tag {} is described differently at {first} and {at}; keeping the first",
                name.unwrap_or(&Value::Null)
            )),
            None => self.tags.push((tag.clone(), at.clone())),
        }
    }

    pub fn finish(mut self) -> Merged {
        for (part, (value, at)) in std::mem::take(&mut self.shared) {
            if let Some(value) = value {
                let target = if part == "components.securitySchemes" {
                    let components = self
                        .document
                        .entry("components")
                        .or_insert_with(|| Value::Object(Map::new()));
                    components["securitySchemes"] = value;
                    "/components/securitySchemes".to_owned()
                } else {
                    self.document.insert(part.clone(), value);
                    pointer::join("", &part)
                };
                self.source_map.insert(target, at);
            }
        }
        let mut paths = Map::new();
        for ((path, field), (value, at)) in self.path_items.into_iter().chain(self.operations) {
            let item = paths
                .entry(path.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            item[&field] = value;
            if !METHODS.contains(&field.as_str()) {
                self.source_map
                    .insert(pointer::join(&pointer::join("/paths", &path), &field), at);
            }
        }
        self.document
            .insert("paths".to_owned(), Value::Object(paths));
        for ((kind, name), (value, _)) in self.components {
            let components = self
                .document
                .entry("components")
                .or_insert_with(|| Value::Object(Map::new()));
            let entries = components.as_object_mut().expect("components is an object");
            let kind = entries
                .entry(kind)
                .or_insert_with(|| Value::Object(Map::new()));
            kind[&name] = value;
        }
        if !self.tags.is_empty() {
            for (index, (_, at)) in self.tags.iter().enumerate() {
                self.source_map.insert(format!("/tags/{index}"), at.clone());
            }
            let tags = self.tags.into_iter().map(|(tag, _)| tag).collect();
            self.document.insert("tags".to_owned(), Value::Array(tags));
        }
        Merged {
            document: Value::Object(self.document),
            source_map: self.source_map,
            warnings: self.warnings,
        }
    }
}

fn no_operation(at: &Location, reason: &str) -> SpecError {
    SpecError::NoOperation {
        at: at.clone(),
        reason: reason.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn fragment(line: usize, paths: Value, components: Value) -> Fragment {
        Fragment {
            at: Location {
                context: format!("## Op {line}"),
                file: "page.md".into(),
                line,
            },
            document: json!({
                "openapi": "3.1.0",
                "info": {"title": "t", "version": "1"},
                "paths": paths,
                "components": components
            }),
        }
    }

    fn merged(fragments: Vec<Fragment>) -> Result<Value, SpecError> {
        Ok(merge(fragments)?.document)
    }

    fn merge(fragments: Vec<Fragment>) -> Result<Merged, SpecError> {
        let mut merger = Merger::default();
        for fragment in fragments {
            merger.add(fragment)?;
        }
        Ok(merger.finish())
    }

    #[test]
    fn path_item_fields_are_located_at_the_fragment_that_brought_them_first() {
        let item = |summary: &str, method: &str| {
            json!({"/q/{id}": {"summary": summary,
                "parameters": [{"name": "id", "in": "path"}],
                method: {"operationId": method}}})
        };
        let merged = merge(vec![
            fragment(10, item("Q", "get"), json!({})),
            fragment(20, item("Q", "put"), json!({})),
        ])
        .unwrap();
        let line = |pointer: &str| merged.source_map.locate(pointer).map(|at| at.line);
        assert_eq!(line("/paths/~1q~1{id}/summary"), Some(10));
        assert_eq!(line("/paths/~1q~1{id}/parameters/0/name"), Some(10));
        assert_eq!(line("/paths/~1q~1{id}/put/operationId"), Some(20));
    }

    #[test]
    fn every_kind_of_component_and_path_item_field_is_kept() {
        let document = merged(vec![
            fragment(
                10,
                json!({"/queues/{id}": {
                    "summary": "A queue",
                    "parameters": [{"name": "id", "in": "path", "required": true}],
                    "get": {"operationId": "showQueue"}
                }}),
                json!({
                    "parameters": {"Top": {"name": "top", "in": "query"}},
                    "responses": {"NotFound": {"description": "Not found"}}
                }),
            ),
            fragment(
                20,
                json!({"/queues/{id}": {
                    "summary": "A queue",
                    "delete": {"operationId": "deleteQueue"}
                }}),
                // The same component on two pages is one component.
                json!({
                    "schemas": {"Queue": {"type": "object"}},
                    "parameters": {"Top": {"name": "top", "in": "query"}}
                }),
            ),
        ])
        .unwrap();
        let item = &document["paths"]["/queues/{id}"];
        assert_eq!(item["summary"], "A queue");
        assert_eq!(item["parameters"][0]["name"], "id");
        assert_eq!(item["get"]["operationId"], "showQueue");
        assert_eq!(item["delete"]["operationId"], "deleteQueue");
        let components = &document["components"];
        assert_eq!(components["parameters"]["Top"]["name"], "top");
        assert_eq!(
            components["responses"]["NotFound"]["description"],
            "Not found"
        );
        assert_eq!(components["schemas"]["Queue"]["type"], "object");
    }

    #[test]
    fn fragments_that_disagree_on_a_path_item_field_or_a_component_name_both_places() {
        for (first, second, part) in [
            (
                (
                    json!({"/q": {"summary": "A", "get": {"operationId": "a"}}}),
                    json!({}),
                ),
                (
                    json!({"/q": {"summary": "B", "put": {"operationId": "b"}}}),
                    json!({}),
                ),
                "paths./q.summary",
            ),
            (
                (
                    json!({"/a": {"get": {"operationId": "a"}}}),
                    json!({"schemas": {"Q": {"type": "object"}}}),
                ),
                (
                    json!({"/b": {"get": {"operationId": "b"}}}),
                    json!({"schemas": {"Q": {"type": "string"}}}),
                ),
                "components.schemas.Q",
            ),
        ] {
            let error = merged(vec![
                fragment(10, first.0, first.1),
                fragment(20, second.0, second.1),
            ])
            .unwrap_err()
            .to_string();
            assert!(
                error.contains(part)
                    && error.contains("page.md:10 (## Op 10)")
                    && error.contains("page.md:20 (## Op 20)"),
                "{error}"
            );
        }
    }
}
