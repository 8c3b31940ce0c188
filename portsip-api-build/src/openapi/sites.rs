//! Every JSON Schema in an OpenAPI 3.1 document, with its JSON pointer and a readable "site"
//! that a maintainer can type into the naming file: `showHoliday.response.200.items[]`,
//! `updateSettings.request.office_hours.monday`, `listHolidays.param.top`,
//! `SignInResult|oneOf[1]`.

use serde_json::Value;

use super::{for_each_root, for_each_subschema};

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

/// Every schema in `document`, parents before children, in document order.
pub fn schema_sites(document: &Value) -> Vec<SchemaSite> {
    let mut sites = Vec::new();
    for_each_root(document, |root, schema| {
        collect(
            schema,
            root.pointer.to_owned(),
            root.site.to_owned(),
            root.field,
            0,
            &mut sites,
        );
    });
    sites
}

fn collect(
    schema: &Value,
    pointer: String,
    site: String,
    field: Option<&str>,
    depth: usize,
    out: &mut Vec<SchemaSite>,
) {
    if !schema.is_object() {
        return;
    }
    out.push(SchemaSite {
        pointer: pointer.clone(),
        site: site.clone(),
        depth,
        field: field.map(str::to_owned),
    });
    for_each_subschema(schema, |slot, child| {
        let mut child_pointer = pointer.clone();
        slot.push_pointer(&mut child_pointer);
        let mut child_site = site.clone();
        slot.push_site(&mut child_site);
        collect(
            child,
            child_pointer,
            child_site,
            slot.field(field),
            depth + 1,
            out,
        );
    });
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
            .map(|s| (s.site, s.depth))
            .collect();
        assert_eq!(
            sites,
            [
                ("listThings.param.top".to_owned(), 0),
                ("listThings.response.200".to_owned(), 0),
                ("listThings.response.200.items".to_owned(), 1),
                ("listThings.response.200.items[]".to_owned(), 2),
                ("listThings.response.200.items[]|oneOf[0]".to_owned(), 3),
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
