//! The roots of the schema trees in an OpenAPI document: the schemas of parameters, headers,
//! request bodies and responses, and the components.

use std::fmt::Write as _;
use std::marker::PhantomData;

use serde_json::Value;

use super::{METHODS, Tree, pointer};

/// What a top-level schema describes: generators treat responses differently from requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Component,
    Parameter,
    RequestBody,
    Response,
    Header,
}

/// Where a tree of schemas starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Root<'w> {
    pub pointer: &'w str,
    pub site: &'w str,
    /// The parameter or header every value of which the schema constrains.
    pub field: Option<&'w str>,
    pub place: Place,
}

/// Calls `visit` with each top-level schema and where it is: those of parameters, headers,
/// request bodies and responses of every operation (paths and webhooks), then every component.
pub fn for_each_root<'a, T: Tree<'a>>(document: T, visit: impl FnMut(Root<'_>, T)) {
    RootWalk {
        pointer: String::new(),
        site: String::new(),
        visit,
        tree: PhantomData,
    }
    .document(document);
}

/// The walk down to the roots. `pointer` and `site` belong to the object being looked at; they
/// are extended as the walk descends and cut back as it returns, so that roots cost no
/// allocation of their own.
struct RootWalk<T, F> {
    pointer: String,
    site: String,
    visit: F,
    tree: PhantomData<fn(T)>,
}

/// Lengths of `pointer` and `site` to cut back to.
type Mark = (usize, usize);

impl<'a, T: Tree<'a>, F: FnMut(Root<'_>, T)> RootWalk<T, F> {
    fn mark(&self) -> Mark {
        (self.pointer.len(), self.site.len())
    }

    fn back_to(&mut self, (pointer, site): Mark) {
        self.pointer.truncate(pointer);
        self.site.truncate(site);
    }

    fn root(&mut self, schema: T, field: Option<&str>, place: Place) {
        let root = Root {
            pointer: &self.pointer,
            site: &self.site,
            field,
            place,
        };
        (self.visit)(root, schema);
    }

    fn document(&mut self, document: T) {
        let mut document = Members::of(document);
        for section in ["paths", "webhooks"] {
            for (path, item) in document.take(section).into_iter().flat_map(T::into_entries) {
                let mark = self.mark();
                pointer::push_token(&mut self.pointer, section);
                pointer::push_token(&mut self.pointer, path);
                self.path_item(path, item);
                self.back_to(mark);
            }
        }
        if let Some(components) = document.take("components") {
            self.components(components);
        }
    }

    fn path_item(&mut self, path: &str, item: T) {
        let mut item = Members::of(item);
        let mark = self.mark();
        if let Some(parameters) = item.take("parameters") {
            self.pointer.push_str("/parameters");
            self.site.push_str(path);
            self.parameters(parameters);
            self.back_to(mark);
        }
        for (method, operation) in item.into_iter() {
            if !METHODS.contains(&method) {
                continue;
            }
            pointer::push_token(&mut self.pointer, method);
            match operation.value().get("operationId") {
                Some(Value::String(id)) => self.site.push_str(id),
                _ => {
                    self.site.push_str(&method.to_uppercase());
                    self.site.push(' ');
                    self.site.push_str(path);
                }
            }
            self.operation(operation);
            self.back_to(mark);
        }
    }

    fn operation(&mut self, operation: T) {
        let mut operation = Members::of(operation);
        let mark = self.mark();
        if let Some(parameters) = operation.take("parameters") {
            self.pointer.push_str("/parameters");
            self.parameters(parameters);
            self.back_to(mark);
        }
        if let Some(body) = operation.take("requestBody") {
            self.pointer.push_str("/requestBody");
            self.site.push_str(".request");
            self.body(body, Place::RequestBody);
            self.back_to(mark);
        }
        for (status, response) in operation
            .take("responses")
            .into_iter()
            .flat_map(T::into_entries)
        {
            self.pointer.push_str("/responses");
            pointer::push_token(&mut self.pointer, status);
            self.site.push_str(".response.");
            self.site.push_str(status);
            self.body(response, Place::Response);
            self.back_to(mark);
        }
    }

    fn parameters(&mut self, parameters: T) {
        for (index, parameter) in parameters.into_items().enumerate() {
            let mark = self.mark();
            let name = parameter
                .value()
                .get("name")
                .and_then(Value::as_str)
                .map(str::to_owned);
            pointer::push_index(&mut self.pointer, index);
            self.site.push_str(".param.");
            self.site.push_str(name.as_deref().unwrap_or("?"));
            self.holder(parameter, name.as_deref(), Place::Parameter);
            self.back_to(mark);
        }
    }

    /// Parameters and headers: a `schema`, or `content` with a schema per media type.
    fn holder(&mut self, holder: T, field: Option<&str>, place: Place) {
        let mut holder = Members::of(holder);
        if let Some(schema) = holder.take("schema") {
            let mark = self.mark();
            self.pointer.push_str("/schema");
            self.root(schema, field, place);
            self.back_to(mark);
        }
        if let Some(content) = holder.take("content") {
            self.content(content, field, place);
        }
    }

    /// Request bodies and responses: `content` schemas, then the responses' `headers`.
    fn body(&mut self, body: T, place: Place) {
        let mut body = Members::of(body);
        if let Some(content) = body.take("content") {
            self.content(content, None, place);
        }
        for (header, value) in body.take("headers").into_iter().flat_map(T::into_entries) {
            let mark = self.mark();
            self.pointer.push_str("/headers");
            pointer::push_token(&mut self.pointer, header);
            self.site.push_str(".header.");
            self.site.push_str(header);
            self.holder(value, Some(header), Place::Header);
            self.back_to(mark);
        }
    }

    fn content(&mut self, content: T, field: Option<&str>, place: Place) {
        for (media_type, media) in content.into_entries() {
            let Some(schema) = Members::of(media).take("schema") else {
                continue;
            };
            let mark = self.mark();
            self.pointer.push_str("/content");
            pointer::push_token(&mut self.pointer, media_type);
            self.pointer.push_str("/schema");
            if media_type != "application/json" {
                self.site.push('.');
                self.site.push_str(media_type);
            }
            self.root(schema, field, place);
            self.back_to(mark);
        }
    }

    fn components(&mut self, components: T) {
        let mut components = Members::of(components);
        let mark = self.mark();
        for (name, schema) in components
            .take("schemas")
            .into_iter()
            .flat_map(T::into_entries)
        {
            self.pointer.push_str("/components/schemas");
            pointer::push_token(&mut self.pointer, name);
            self.site.push_str(name);
            self.root(schema, None, Place::Component);
            self.back_to(mark);
        }
        for (name, parameter) in components
            .take("parameters")
            .into_iter()
            .flat_map(T::into_entries)
        {
            let field = parameter
                .value()
                .get("name")
                .and_then(Value::as_str)
                .map(str::to_owned);
            self.pointer.push_str("/components/parameters");
            pointer::push_token(&mut self.pointer, name);
            self.site.push_str("components.parameters.");
            self.site.push_str(name);
            self.holder(parameter, field.as_deref(), Place::Parameter);
            self.back_to(mark);
        }
        for (kind, place) in [
            ("requestBodies", Place::RequestBody),
            ("responses", Place::Response),
        ] {
            for (name, body) in components.take(kind).into_iter().flat_map(T::into_entries) {
                self.pointer.push_str("/components/");
                self.pointer.push_str(kind);
                pointer::push_token(&mut self.pointer, name);
                write!(self.site, "components.{kind}.{name}")
                    .expect("writing to a String cannot fail");
                self.body(body, place);
                self.back_to(mark);
            }
        }
        for (name, header) in components
            .take("headers")
            .into_iter()
            .flat_map(T::into_entries)
        {
            self.pointer.push_str("/components/headers");
            pointer::push_token(&mut self.pointer, name);
            self.site.push_str("components.headers.");
            self.site.push_str(name);
            self.holder(header, Some(name), Place::Header);
            self.back_to(mark);
        }
    }
}

/// The members of an object, taken out in the order the walk wants them rather than the
/// map's, each handed over whole (mutably, if the walk is).
struct Members<'a, T>(Vec<(&'a str, T)>);

impl<'a, T: Tree<'a>> Members<'a, T> {
    fn of(value: T) -> Self {
        Self(value.into_entries().collect())
    }

    fn take(&mut self, key: &str) -> Option<T> {
        let index = self.0.iter().position(|(name, _)| *name == key)?;
        Some(self.0.remove(index).1)
    }

    /// What was not taken, in the map's order.
    fn into_iter(self) -> impl Iterator<Item = (&'a str, T)> {
        self.0.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn every_root_is_found_with_what_it_describes() {
        let document = json!({
            "components": {
                "schemas": {"A/B": {}},
                "parameters": {"P": {"name": "p", "in": "query", "schema": {}}},
                "responses": {"Err": {"content": {"application/json": {"schema": {}}}}},
                "headers": {"X-Rate": {"schema": {}}}
            },
            "paths": {"/x": {
                "parameters": [{"name": "p", "in": "query", "schema": {}}],
                "post": {
                    "parameters": [{"name": "q", "in": "query", "schema": {}}],
                    "requestBody": {"content": {"application/json": {"schema": {}}}},
                    "responses": {"200": {
                        "headers": {"X-Rate": {"schema": {}}},
                        "content": {"application/json": {"schema": {}}}
                    }}
                }
            }}
        });
        let mut found = Vec::new();
        for_each_root(&document, |root, _| {
            found.push((root.pointer.to_owned(), root.place));
        });
        let json = "content/application~1json/schema";
        assert_eq!(
            found,
            [
                (
                    "/paths/~1x/parameters/0/schema".to_owned(),
                    Place::Parameter
                ),
                (
                    "/paths/~1x/post/parameters/0/schema".to_owned(),
                    Place::Parameter
                ),
                (
                    format!("/paths/~1x/post/requestBody/{json}"),
                    Place::RequestBody
                ),
                (
                    format!("/paths/~1x/post/responses/200/{json}"),
                    Place::Response
                ),
                (
                    "/paths/~1x/post/responses/200/headers/X-Rate/schema".to_owned(),
                    Place::Header
                ),
                ("/components/schemas/A~1B".to_owned(), Place::Component),
                (
                    "/components/parameters/P/schema".to_owned(),
                    Place::Parameter
                ),
                (format!("/components/responses/Err/{json}"), Place::Response),
                (
                    "/components/headers/X-Rate/schema".to_owned(),
                    Place::Header
                ),
            ]
        );
    }
}
