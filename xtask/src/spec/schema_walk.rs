//! Finds every JSON Schema in an OpenAPI 3.1 document, with its JSON pointer and a readable
//! "site" that a maintainer can type into the naming file:
//! `showHoliday.response.200.items[]`, `updateSettings.request.office_hours.monday`,
//! `listHolidays.param.top`, `SignInResult|oneOf[1]`.

use serde_json::{Map, Value};

use super::pointer;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaSite {
    pub pointer: String,
    pub site: String,
    /// How many schema levels below its root (request body, response, parameter, component).
    pub depth: usize,
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

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Every schema in `document`, parents before children, in document order.
pub fn schema_sites(document: &Value) -> Vec<SchemaSite> {
    let mut sites = Vec::new();
    for (ptr, site) in schema_roots(document) {
        collect(document.pointer(&ptr), &ptr, &site, 0, &mut sites);
    }
    sites
}

/// The top-level schemas (parameters, bodies, responses, headers, components): (pointer, site).
pub fn schema_roots(document: &Value) -> Vec<(String, String)> {
    let mut roots = Vec::new();
    for (path, item) in entries(document.get("paths")) {
        let item_ptr = pointer::join("/paths", path);
        roots.extend(parameter_roots(
            item.get("parameters"),
            &format!("{item_ptr}/parameters"),
            path,
        ));
        for (method, operation) in entries(Some(item)).filter(|(m, _)| METHODS.contains(m)) {
            let op_ptr = pointer::join(&item_ptr, method);
            let label = operation
                .get("operationId")
                .and_then(Value::as_str)
                .map_or_else(
                    || format!("{} {path}", method.to_uppercase()),
                    str::to_owned,
                );
            roots.extend(parameter_roots(
                operation.get("parameters"),
                &format!("{op_ptr}/parameters"),
                &label,
            ));
            roots.extend(body_roots(
                operation.get("requestBody"),
                &format!("{op_ptr}/requestBody"),
                &format!("{label}.request"),
            ));
            for (status, response) in entries(operation.get("responses")) {
                let response_ptr = pointer::join(&format!("{op_ptr}/responses"), status);
                let site = format!("{label}.response.{status}");
                roots.extend(body_roots(Some(response), &response_ptr, &site));
                for (header, value) in entries(response.get("headers")) {
                    if value.get("schema").is_some() {
                        let ptr = format!(
                            "{}/schema",
                            pointer::join(&format!("{response_ptr}/headers"), header)
                        );
                        roots.push((ptr, format!("{site}.header.{header}")));
                    }
                }
            }
        }
    }
    let components = document.get("components");
    for (name, _) in entries(components.and_then(|c| c.get("schemas"))) {
        roots.push((pointer::join("/components/schemas", name), name.to_owned()));
    }
    for (name, parameter) in entries(components.and_then(|c| c.get("parameters"))) {
        if parameter.get("schema").is_some() {
            let ptr = format!("{}/schema", pointer::join("/components/parameters", name));
            roots.push((ptr, format!("components.parameters.{name}")));
        }
    }
    for kind in ["requestBodies", "responses"] {
        for (name, body) in entries(components.and_then(|c| c.get(kind))) {
            let ptr = pointer::join(&format!("/components/{kind}"), name);
            roots.extend(body_roots(
                Some(body),
                &ptr,
                &format!("components.{kind}.{name}"),
            ));
        }
    }
    roots
}

fn parameter_roots(parameters: Option<&Value>, base: &str, label: &str) -> Vec<(String, String)> {
    let list = parameters
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    list.iter()
        .enumerate()
        .filter(|(_, parameter)| parameter.get("schema").is_some())
        .map(|(index, parameter)| {
            let name = parameter.get("name").and_then(Value::as_str).unwrap_or("?");
            (
                format!("{base}/{index}/schema"),
                format!("{label}.param.{name}"),
            )
        })
        .collect()
}

fn body_roots(body: Option<&Value>, base: &str, site: &str) -> Vec<(String, String)> {
    entries(body.and_then(|b| b.get("content")))
        .filter(|(_, media)| media.get("schema").is_some())
        .map(|(media_type, _)| {
            let ptr = format!(
                "{}/schema",
                pointer::join(&format!("{base}/content"), media_type)
            );
            let site = if media_type == "application/json" {
                site.to_owned()
            } else {
                format!("{site}.{media_type}")
            };
            (ptr, site)
        })
        .collect()
}

/// Subschemas of one schema: (pointer suffix, site suffix).
pub fn children(schema: &Map<String, Value>) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for keyword in [
        "properties",
        "patternProperties",
        "dependentSchemas",
        "$defs",
    ] {
        for (name, _) in entries(schema.get(keyword)) {
            let site = if keyword == "properties" {
                format!(".{name}")
            } else {
                format!(".{keyword}.{name}")
            };
            found.push((pointer::join(&format!("/{keyword}"), name), site));
        }
    }
    let singles = [
        ("items", "[]"),
        ("additionalProperties", "{}"),
        ("unevaluatedProperties", "{unevaluated}"),
        ("propertyNames", "{names}"),
        ("contains", "[contains]"),
        ("not", "|not"),
        ("if", "|if"),
        ("then", "|then"),
        ("else", "|else"),
    ];
    for (keyword, site) in singles {
        if schema.get(keyword).is_some_and(Value::is_object) {
            found.push((format!("/{keyword}"), site.to_owned()));
        }
    }
    for keyword in ["allOf", "anyOf", "oneOf", "prefixItems"] {
        let list = schema
            .get(keyword)
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        for index in 0..list.len() {
            found.push((
                format!("/{keyword}/{index}"),
                format!("|{keyword}[{index}]"),
            ));
        }
    }
    found
}

fn collect(schema: Option<&Value>, ptr: &str, site: &str, depth: usize, out: &mut Vec<SchemaSite>) {
    let Some(Value::Object(map)) = schema else {
        return;
    };
    out.push(SchemaSite {
        pointer: ptr.to_owned(),
        site: site.to_owned(),
        depth,
    });
    for (ptr_suffix, site_suffix) in children(map) {
        let child = child_at(map, &ptr_suffix);
        collect(
            child,
            &format!("{ptr}{ptr_suffix}"),
            &format!("{site}{site_suffix}"),
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
}
