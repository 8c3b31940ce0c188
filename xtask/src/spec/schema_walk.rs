//! Finds every JSON Schema in an OpenAPI 3.1 document, with its JSON pointer and a readable
//! "site" that a maintainer can type into the naming file:
//! `showHoliday.response.200.items[]`, `updateSettings.request.office_hours.monday`,
//! `listHolidays.param.top`, `SignInResult|oneOf[1]`.

use serde_json::{Map, Value};

use super::merge::HTTP_METHODS;
use super::pointer;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaSite {
    pub pointer: String,
    pub site: String,
    /// How many schema levels below its root (request body, response, parameter, component).
    pub depth: usize,
    /// The property, parameter or header every value of which this schema constrains; `None`
    /// where it constrains only some values (a `oneOf` alternative, the inside of `not`) or no
    /// named field.
    pub field: Option<String>,
}

/// Where a tree of schemas starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Root {
    pub pointer: String,
    pub site: String,
    pub field: Option<String>,
}

/// One subschema of a schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Child<'a> {
    /// Appended to the parent's pointer: `/properties/name`, `/items`, `/oneOf/1`.
    pub pointer: String,
    /// Appended to the parent's site: `.name`, `[]`, `|oneOf[1]`.
    pub site: String,
    pub field: Option<&'a str>,
}

/// Keywords that describe a schema without changing what it accepts: two schemas that differ
/// only in these are the same type.
pub const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "default",
    "example",
    "examples",
    "$comment",
];

/// Every schema in `document`, parents before children, in document order.
pub fn schema_sites(document: &Value) -> Vec<SchemaSite> {
    let mut sites = Vec::new();
    for root in schema_roots(document) {
        collect(
            document.pointer(&root.pointer),
            &root.pointer,
            &root.site,
            root.field,
            0,
            &mut sites,
        );
    }
    sites
}

/// The top-level schemas: those of parameters, headers, request bodies and responses of every
/// operation (paths and webhooks), and of every component.
pub fn schema_roots(document: &Value) -> Vec<Root> {
    let mut roots = Vec::new();
    for section in ["paths", "webhooks"] {
        for (path, item) in entries(document.get(section)) {
            let item_ptr = pointer::join(&format!("/{section}"), path);
            parameter_roots(
                item.get("parameters"),
                &format!("{item_ptr}/parameters"),
                path,
                &mut roots,
            );
            for (method, operation) in entries(Some(item)).filter(|(m, _)| HTTP_METHODS.contains(m))
            {
                let op_ptr = pointer::join(&item_ptr, method);
                let label = operation
                    .get("operationId")
                    .and_then(Value::as_str)
                    .map_or_else(
                        || format!("{} {path}", method.to_uppercase()),
                        str::to_owned,
                    );
                parameter_roots(
                    operation.get("parameters"),
                    &format!("{op_ptr}/parameters"),
                    &label,
                    &mut roots,
                );
                if let Some(body) = operation.get("requestBody") {
                    body_roots(
                        body,
                        &format!("{op_ptr}/requestBody"),
                        &format!("{label}.request"),
                        &mut roots,
                    );
                }
                for (status, response) in entries(operation.get("responses")) {
                    let response_ptr = pointer::join(&format!("{op_ptr}/responses"), status);
                    body_roots(
                        response,
                        &response_ptr,
                        &format!("{label}.response.{status}"),
                        &mut roots,
                    );
                }
            }
        }
    }
    let components = document.get("components");
    let component = |kind: &'static str| entries(components.and_then(|c| c.get(kind)));
    for (name, _) in component("schemas") {
        roots.push(Root {
            pointer: pointer::join("/components/schemas", name),
            site: name.to_owned(),
            field: None,
        });
    }
    for (name, parameter) in component("parameters") {
        let ptr = pointer::join("/components/parameters", name);
        let field = parameter.get("name").and_then(Value::as_str);
        holder_roots(
            parameter,
            &ptr,
            &format!("components.parameters.{name}"),
            field,
            &mut roots,
        );
    }
    for kind in ["requestBodies", "responses"] {
        for (name, body) in component(kind) {
            let ptr = pointer::join(&format!("/components/{kind}"), name);
            body_roots(body, &ptr, &format!("components.{kind}.{name}"), &mut roots);
        }
    }
    for (name, header) in component("headers") {
        let ptr = pointer::join("/components/headers", name);
        holder_roots(
            header,
            &ptr,
            &format!("components.headers.{name}"),
            Some(name),
            &mut roots,
        );
    }
    roots
}

fn parameter_roots(parameters: Option<&Value>, base: &str, label: &str, roots: &mut Vec<Root>) {
    let list = parameters
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    for (index, parameter) in list.iter().enumerate() {
        let name = parameter.get("name").and_then(Value::as_str);
        let site = format!("{label}.param.{}", name.unwrap_or("?"));
        holder_roots(parameter, &format!("{base}/{index}"), &site, name, roots);
    }
}

/// Parameters and headers: a `schema`, or `content` with a schema per media type.
fn holder_roots(
    holder: &Value,
    base: &str,
    site: &str,
    field: Option<&str>,
    roots: &mut Vec<Root>,
) {
    if holder.get("schema").is_some() {
        roots.push(Root {
            pointer: format!("{base}/schema"),
            site: site.to_owned(),
            field: field.map(str::to_owned),
        });
    }
    media_roots(holder, base, site, field, roots);
}

/// Request bodies and responses: `content` schemas, then the responses' `headers`.
fn body_roots(body: &Value, base: &str, site: &str, roots: &mut Vec<Root>) {
    media_roots(body, base, site, None, roots);
    for (header, value) in entries(body.get("headers")) {
        let ptr = pointer::join(&format!("{base}/headers"), header);
        holder_roots(
            value,
            &ptr,
            &format!("{site}.header.{header}"),
            Some(header),
            roots,
        );
    }
}

fn media_roots(holder: &Value, base: &str, site: &str, field: Option<&str>, roots: &mut Vec<Root>) {
    for (media_type, media) in entries(holder.get("content")) {
        if media.get("schema").is_some() {
            let ptr = format!(
                "{}/schema",
                pointer::join(&format!("{base}/content"), media_type)
            );
            let site = if media_type == "application/json" {
                site.to_owned()
            } else {
                format!("{site}.{media_type}")
            };
            roots.push(Root {
                pointer: ptr,
                site,
                field: field.map(str::to_owned),
            });
        }
    }
}

/// Subschemas of one schema, given the field the schema constrains. A property names its own
/// field; `items`, `allOf` and `prefixItems` constrain the parent's field; alternatives and
/// the other applicators constrain no single field.
pub fn children<'a>(schema: &'a Map<String, Value>, field: Option<&'a str>) -> Vec<Child<'a>> {
    let mut found = Vec::new();
    for keyword in [
        "properties",
        "patternProperties",
        "dependentSchemas",
        "$defs",
    ] {
        for (name, _) in entries(schema.get(keyword)) {
            let (site, field) = if keyword == "properties" {
                (format!(".{name}"), Some(name))
            } else {
                (format!(".{keyword}.{name}"), None)
            };
            found.push(Child {
                pointer: pointer::join(&format!("/{keyword}"), name),
                site,
                field,
            });
        }
    }
    let singles = [
        ("items", "[]", true),
        ("additionalProperties", "{}", false),
        ("unevaluatedProperties", "{unevaluated}", false),
        ("unevaluatedItems", "[unevaluated]", false),
        ("propertyNames", "{names}", false),
        ("contains", "[contains]", false),
        ("not", "|not", false),
        ("if", "|if", false),
        ("then", "|then", false),
        ("else", "|else", false),
    ];
    for (keyword, site, carries) in singles {
        if schema.get(keyword).is_some_and(Value::is_object) {
            let field = field.filter(|_| carries);
            found.push(Child {
                pointer: format!("/{keyword}"),
                site: site.to_owned(),
                field,
            });
        }
    }
    for (keyword, carries) in [
        ("allOf", true),
        ("anyOf", false),
        ("oneOf", false),
        ("prefixItems", true),
    ] {
        let list = schema
            .get(keyword)
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        for index in 0..list.len() {
            found.push(Child {
                pointer: format!("/{keyword}/{index}"),
                site: format!("|{keyword}[{index}]"),
                field: field.filter(|_| carries),
            });
        }
    }
    found
}

fn collect(
    schema: Option<&Value>,
    ptr: &str,
    site: &str,
    field: Option<String>,
    depth: usize,
    out: &mut Vec<SchemaSite>,
) {
    let Some(Value::Object(map)) = schema else {
        return;
    };
    out.push(SchemaSite {
        pointer: ptr.to_owned(),
        site: site.to_owned(),
        depth,
        field: field.clone(),
    });
    for child in children(map, field.as_deref()) {
        collect(
            child_at(map, &child.pointer),
            &format!("{ptr}{}", child.pointer),
            &format!("{site}{}", child.site),
            child.field.map(str::to_owned),
            depth + 1,
            out,
        );
    }
}

/// The subschema at a suffix returned by [`children`], without re-parsing a whole pointer.
pub fn child_at<'a>(schema: &'a Map<String, Value>, suffix: &str) -> Option<&'a Value> {
    let mut tokens = suffix[1..].splitn(2, '/');
    let keyword = schema.get(tokens.next()?)?;
    match tokens.next() {
        None => Some(keyword),
        Some(rest) if rest.contains('~') => keyword.pointer(&format!("/{rest}")),
        Some(rest) => match keyword {
            Value::Object(map) => map.get(rest),
            Value::Array(items) => items.get(rest.parse::<usize>().ok()?),
            _ => None,
        },
    }
}

/// Mutable twin of [`child_at`].
pub fn child_at_mut<'a>(schema: &'a mut Map<String, Value>, suffix: &str) -> Option<&'a mut Value> {
    let mut tokens = suffix[1..].splitn(2, '/');
    let keyword = schema.get_mut(tokens.next()?)?;
    match tokens.next() {
        None => Some(keyword),
        Some(rest) if rest.contains('~') => keyword.pointer_mut(&format!("/{rest}")),
        Some(rest) => match keyword {
            Value::Object(map) => map.get_mut(rest),
            Value::Array(items) => items.get_mut(rest.parse::<usize>().ok()?),
            _ => None,
        },
    }
}

fn entries(value: Option<&Value>) -> impl Iterator<Item = (&str, &Value)> {
    value
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.as_str(), v))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn sites_read_like_the_operation_and_property_path() {
        let document = json!({"paths": {"/h": {"get": {
            "operationId": "listThings",
            "parameters": [{"name": "top", "in": "query", "schema": {"type": "integer"}}],
            "responses": {"200": {"content": {"application/json": {"schema": {
                "type": "object",
                "properties": {"items": {"type": "array", "items": {"oneOf": [{"type": "string"}]}}}
            }}}}}
        }}}});
        let sites: Vec<_> = schema_sites(&document)
            .into_iter()
            .map(|s| s.site)
            .collect();
        assert_eq!(
            sites,
            [
                "listThings.param.top",
                "listThings.response.200",
                "listThings.response.200.items",
                "listThings.response.200.items[]",
                "listThings.response.200.items[]|oneOf[0]",
            ]
        );
    }

    #[test]
    fn webhooks_parameter_content_and_component_headers_are_roots_too() {
        let document = json!({
            "webhooks": {"ping": {"post": {"operationId": "ping", "requestBody": {"content": {
                "application/json": {"schema": {"type": "object"}}
            }}}}},
            "paths": {"/a": {"parameters": [{"name": "q", "in": "query", "content": {
                "application/json": {"schema": {"type": "object", "properties": {"x": {"type": "string"}}}}
            }}]}},
            "components": {"headers": {"X-Rate": {"schema": {"type": "integer"}}}}
        });
        let sites: Vec<_> = schema_sites(&document)
            .into_iter()
            .map(|s| (s.pointer, s.site, s.field))
            .collect();
        let q = "/paths/~1a/parameters/0/content/application~1json/schema";
        assert_eq!(
            sites,
            [
                (q.to_owned(), "/a.param.q".to_owned(), Some("q".to_owned())),
                (
                    format!("{q}/properties/x"),
                    "/a.param.q.x".to_owned(),
                    Some("x".to_owned())
                ),
                (
                    "/webhooks/ping/post/requestBody/content/application~1json/schema".to_owned(),
                    "ping.request".to_owned(),
                    None
                ),
                (
                    "/components/headers/X-Rate/schema".to_owned(),
                    "components.headers.X-Rate".to_owned(),
                    Some("X-Rate".to_owned())
                ),
            ]
        );
    }
}
