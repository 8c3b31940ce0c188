//! A read-only view of an OpenAPI document shared by the rules: where the operations and the
//! schemas are, and which constraints `$ref` and `allOf` combine for one value. Nothing here
//! assumes a schema is inline or hoisted into `components`; every schema is visited once, at
//! the place it is written.

use std::collections::BTreeSet;

use portsip_api_build::openapi::{self, pointer, refs, schema_sites};
use serde_json::Value;

pub use portsip_api_build::openapi::Operation;
pub use portsip_api_build::openapi::pointer::join;

type Map = serde_json::Map<String, Value>;

pub struct Document {
    root: Value,
    /// Where the schemas are, found once: most rules read every schema, and the walk (and
    /// reading each pointer) costs more than the rules' own work.
    schema_sites: std::sync::OnceLock<Vec<CachedSite>>,
}

/// A schema's place, with its pointer already split into the keys and indices leading to it.
struct CachedSite {
    pointer: String,
    field: Option<String>,
    path: Vec<Step>,
}

enum Step {
    Key(String),
    Index(usize),
}

impl CachedSite {
    fn new(pointer: String, field: Option<String>, root: &Value) -> Option<CachedSite> {
        let mut path = Vec::new();
        let mut at = root;
        for token in pointer::tokens(&pointer) {
            let step = match at {
                Value::Array(items) => {
                    let index: usize = token.parse().ok()?;
                    at = items.get(index)?;
                    Step::Index(index)
                }
                _ => {
                    at = at.get(token.as_ref())?;
                    Step::Key(token.into_owned())
                }
            };
            path.push(step);
        }
        Some(CachedSite {
            pointer,
            field,
            path,
        })
    }

    fn resolve<'a>(&self, root: &'a Value) -> Option<&'a Value> {
        self.path.iter().try_fold(root, |at, step| match step {
            Step::Key(key) => at.get(key.as_str()),
            Step::Index(index) => at.get(*index),
        })
    }
}

/// One entry of an operation's `responses`.
pub struct Response<'a> {
    /// `200`, `4XX`, `default`...
    pub status: &'a str,
    /// Where the operation lists it.
    pub pointer: String,
    /// The Response Object, with a `$ref` followed.
    pub response: &'a Value,
}

impl Response<'_> {
    /// Whether any media type of the response has a schema.
    pub fn has_schema(&self) -> bool {
        let content = self.response.get("content").and_then(Value::as_object);
        content
            .into_iter()
            .flatten()
            .any(|(_, media)| media.get("schema").is_some())
    }

    /// The status class digit: `4` for `404` and `4XX`, `None` for `default`.
    pub fn class(&self) -> Option<char> {
        self.status.chars().next().filter(char::is_ascii_digit)
    }
}

/// A schema as written at `pointer`. `field` names the property or parameter whose every
/// value must satisfy it; it is `None` where the schema only applies to some values (an
/// alternative of `oneOf`, the inside of `not`) or to no single named field.
pub struct SchemaSite<'a> {
    pub pointer: &'a str,
    pub schema: &'a Map,
    pub field: Option<&'a str>,
}

/// The schema objects whose constraints all hold for one value: the schema itself, what its
/// `$ref` points to and its `allOf` members, transitively.
pub struct Constraints<'a> {
    pub parts: Vec<(String, &'a Map)>,
}

impl Document {
    pub fn new(root: Value) -> Self {
        Self {
            root,
            schema_sites: std::sync::OnceLock::new(),
        }
    }

    pub fn root(&self) -> &Value {
        &self.root
    }

    pub fn get(&self, pointer: &str) -> Option<&Value> {
        self.root.pointer(pointer)
    }

    /// The target of a local `$ref` (`#/components/...`) as (pointer, value).
    pub fn resolve_ref(&self, reference: &str) -> Option<(String, &Value)> {
        refs::resolve(&self.root, reference)
    }

    /// Follows Reference Objects (parameters, responses, request bodies) to the object they
    /// name, returning where it is written.
    pub fn follow<'a>(&'a self, pointer: String, value: &'a Value) -> (String, &'a Value) {
        refs::follow(&self.root, pointer, value)
    }

    pub fn operations(&self) -> Vec<Operation<'_>> {
        openapi::operations(&self.root)
    }

    /// The entries of an operation's `responses`, each with a `$ref` followed.
    pub fn responses<'a>(&'a self, operation: &Operation<'a>) -> Vec<Response<'a>> {
        let listed = operation
            .operation
            .get("responses")
            .and_then(Value::as_object);
        listed
            .into_iter()
            .flatten()
            .map(|(status, response)| {
                let pointer = join(&join(&operation.pointer, "responses"), status);
                let (_, response) = self.follow(pointer.clone(), response);
                Response {
                    status,
                    pointer,
                    response,
                }
            })
            .collect()
    }

    /// Every schema object in the document, each once, with its nested schemas: the walk the
    /// spec pipeline uses too.
    pub fn schemas(&self) -> Vec<SchemaSite<'_>> {
        let sites = self.schema_sites.get_or_init(|| {
            schema_sites(&self.root)
                .into_iter()
                .filter_map(|site| CachedSite::new(site.pointer, site.field, &self.root))
                .collect()
        });
        sites
            .iter()
            .filter_map(|site| {
                let schema = site.resolve(&self.root)?.as_object()?;
                Some(SchemaSite {
                    pointer: &site.pointer,
                    schema,
                    field: site.field.as_deref(),
                })
            })
            .collect()
    }

    /// Everything that constrains the value described by the schema at `pointer`.
    pub fn constraints<'a>(&'a self, pointer: &str, schema: &'a Map) -> Constraints<'a> {
        let mut parts = Vec::new();
        let mut seen = BTreeSet::new();
        self.collect_constraints(pointer.to_owned(), schema, &mut parts, &mut seen);
        Constraints { parts }
    }

    fn collect_constraints<'a>(
        &'a self,
        pointer: String,
        schema: &'a Map,
        parts: &mut Vec<(String, &'a Map)>,
        seen: &mut BTreeSet<String>,
    ) {
        if !seen.insert(pointer.clone()) {
            return;
        }
        parts.push((pointer.clone(), schema));
        if let Some((target_pointer, target)) = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| self.resolve_ref(r))
            && let Some(target) = target.as_object()
        {
            self.collect_constraints(target_pointer, target, parts, seen);
        }
        for (index, member) in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            if let Some(member) = member.as_object() {
                self.collect_constraints(format!("{pointer}/allOf/{index}"), member, parts, seen);
            }
        }
    }
}

impl<'a> Constraints<'a> {
    /// Every occurrence of `keyword`, with the pointer to the keyword itself.
    pub fn keyword(&self, keyword: &str) -> Vec<(String, &'a Value)> {
        self.parts
            .iter()
            .filter_map(|(pointer, schema)| {
                schema
                    .get(keyword)
                    .map(|value| (join(pointer, keyword), value))
            })
            .collect()
    }

    /// The first occurrence of `keyword`: the outermost, which wins for annotations.
    pub fn first(&self, keyword: &str) -> Option<(String, &'a Value)> {
        self.keyword(keyword).into_iter().next()
    }

    /// The JSON types a value may have, or `None` when no part says.
    pub fn types(&self) -> Option<BTreeSet<&'a str>> {
        let mut allowed: Option<BTreeSet<&str>> = None;
        for (_, declared) in self.keyword("type") {
            let these: BTreeSet<&str> = match declared {
                Value::String(one) => [one.as_str()].into(),
                Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
                _ => continue,
            };
            allowed = Some(match allowed {
                None => these,
                Some(before) => before.intersection(&these).copied().collect(),
            });
        }
        allowed
    }

    /// The tightest numeric bound of `keyword`, with where it is written: the largest for a
    /// lower bound, the smallest for an upper one.
    pub fn bound(&self, keyword: &str, lower: bool) -> Option<(String, f64)> {
        let values = self
            .keyword(keyword)
            .into_iter()
            .filter_map(|(p, v)| Some((p, v.as_f64()?)));
        if lower {
            values.max_by(|a, b| a.1.total_cmp(&b.1))
        } else {
            values.min_by(|a, b| a.1.total_cmp(&b.1))
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn doc() -> Document {
        Document::new(json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": {
                        "type": "object",
                        "properties": {
                            "url": {"$ref": "#/components/schemas/Url", "description": "Where to send."},
                            "tags": {"type": "array", "items": {"allOf": [{"type": "string", "maxLength": 9}]}},
                            "either": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
                            "note": {"type": ["string", "null"]}
                        }
                    }}}},
                    "responses": {"200": {"description": "OK"}}
                }
            }},
            "components": {"schemas": {"Url": {"type": "string", "maxLength": 5, "allOf": [{"maxLength": 3}]}}}
        }))
    }

    #[test]
    fn visits_every_schema_once_with_the_field_it_constrains() {
        let doc = doc();
        let sites = doc.schemas();
        let found: Vec<(&str, Option<&str>)> = sites.iter().map(|s| (s.pointer, s.field)).collect();
        let body = "/paths/~1a~1{id}/post/requestBody/content/application~1json/schema";
        for expected in [
            ("/components/schemas/Url", None),
            ("/components/schemas/Url/allOf/0", None),
            ("/paths/~1a~1{id}/parameters/0/schema", Some("id")),
            (&format!("{body}/properties/url"), Some("url")),
            (
                &format!("{body}/properties/tags/items/allOf/0"),
                Some("tags"),
            ),
            (&format!("{body}/properties/either/oneOf/1"), None),
        ] {
            assert!(
                found.contains(&(expected.0, expected.1)),
                "missing {expected:?} in {found:?}"
            );
        }
        let unique: BTreeSet<&str> = found.iter().map(|f| f.0).collect();
        assert_eq!(unique.len(), found.len(), "a schema was visited twice");
    }

    #[test]
    fn constraints_follow_ref_and_all_of() {
        let doc = doc();
        let pointer =
            "/paths/~1a~1{id}/post/requestBody/content/application~1json/schema/properties/url";
        let schema = doc.get(pointer).unwrap().as_object().unwrap();
        let constraints = doc.constraints(pointer, schema);
        assert_eq!(
            constraints.bound("maxLength", false),
            Some(("/components/schemas/Url/allOf/0/maxLength".to_owned(), 3.0))
        );
        assert_eq!(constraints.types(), Some(["string"].into()));
        assert_eq!(
            constraints.first("description").unwrap().1,
            "Where to send."
        );
        let note = pointer.replace("/url", "/note");
        let schema = doc.get(&note).unwrap().as_object().unwrap();
        assert_eq!(
            doc.constraints(&note, schema).types(),
            Some(["null", "string"].into())
        );
    }

    #[test]
    fn lists_operations_with_their_pointers() {
        let doc = doc();
        let operations = doc.operations();
        assert_eq!(operations.len(), 1);
        assert_eq!(operations[0].pointer, "/paths/~1a~1{id}/post");
        assert_eq!(operations[0].route(), "POST /a/{id}");
    }
}
