//! Finds every JSON Schema in an OpenAPI 3.1 document, with its JSON pointer and a readable
//! "site" that a maintainer can type into the naming file:
//! `showHoliday.response.200.items[]`, `updateSettings.request.office_hours.monday`,
//! `listHolidays.param.top`, `SignInResult|oneOf[1]`.

use std::fmt::Write as _;
use std::marker::PhantomData;

use serde_json::Value;

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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Root<'w> {
    pub pointer: &'w str,
    pub site: &'w str,
    /// The parameter or header every value of which the schema constrains.
    pub field: Option<&'w str>,
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

/// Read-only or mutable access to a JSON value, so that one walk serves both the stages that
/// read schemas and those that rewrite them in place.
pub trait Tree<'a>: Sized {
    fn value(&self) -> &Value;
    /// The members of an object in the map's order; nothing for any other value.
    fn into_entries(self) -> impl Iterator<Item = (&'a str, Self)>;
    /// The items of an array; nothing for any other value.
    fn into_items(self) -> impl Iterator<Item = Self>;
}

impl<'a> Tree<'a> for &'a Value {
    fn value(&self) -> &Value {
        self
    }

    fn into_entries(self) -> impl Iterator<Item = (&'a str, Self)> {
        self.as_object()
            .into_iter()
            .flatten()
            .map(|(key, value)| (key.as_str(), value))
    }

    fn into_items(self) -> impl Iterator<Item = Self> {
        self.as_array().into_iter().flatten()
    }
}

impl<'a> Tree<'a> for &'a mut Value {
    fn value(&self) -> &Value {
        self
    }

    fn into_entries(self) -> impl Iterator<Item = (&'a str, Self)> {
        self.as_object_mut()
            .into_iter()
            .flat_map(|map| map.iter_mut())
            .map(|(key, value)| (key.as_str(), value))
    }

    fn into_items(self) -> impl Iterator<Item = Self> {
        self.as_array_mut().into_iter().flatten()
    }
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

    fn root(&mut self, schema: T, field: Option<&str>) {
        let root = Root {
            pointer: &self.pointer,
            site: &self.site,
            field,
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
            if !HTTP_METHODS.contains(&method) {
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
            self.body(body);
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
            self.body(response);
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
            write!(self.pointer, "/{index}").expect("writing to a String cannot fail");
            self.site.push_str(".param.");
            self.site.push_str(name.as_deref().unwrap_or("?"));
            self.holder(parameter, name.as_deref());
            self.back_to(mark);
        }
    }

    /// Parameters and headers: a `schema`, or `content` with a schema per media type.
    fn holder(&mut self, holder: T, field: Option<&str>) {
        let mut holder = Members::of(holder);
        if let Some(schema) = holder.take("schema") {
            let mark = self.mark();
            self.pointer.push_str("/schema");
            self.root(schema, field);
            self.back_to(mark);
        }
        if let Some(content) = holder.take("content") {
            self.content(content, field);
        }
    }

    /// Request bodies and responses: `content` schemas, then the responses' `headers`.
    fn body(&mut self, body: T) {
        let mut body = Members::of(body);
        if let Some(content) = body.take("content") {
            self.content(content, None);
        }
        for (header, value) in body.take("headers").into_iter().flat_map(T::into_entries) {
            let mark = self.mark();
            self.pointer.push_str("/headers");
            pointer::push_token(&mut self.pointer, header);
            self.site.push_str(".header.");
            self.site.push_str(header);
            self.holder(value, Some(header));
            self.back_to(mark);
        }
    }

    fn content(&mut self, content: T, field: Option<&str>) {
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
            self.root(schema, field);
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
            self.root(schema, None);
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
            self.holder(parameter, field.as_deref());
            self.back_to(mark);
        }
        for kind in ["requestBodies", "responses"] {
            for (name, body) in components.take(kind).into_iter().flat_map(T::into_entries) {
                self.pointer.push_str("/components/");
                self.pointer.push_str(kind);
                pointer::push_token(&mut self.pointer, name);
                write!(self.site, "components.{kind}.{name}")
                    .expect("writing to a String cannot fail");
                self.body(body);
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
            self.holder(header, Some(name));
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

/// How a keyword holds its subschemas.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Holds {
    /// A map from names to schemas: `properties`, `$defs`.
    Named,
    /// One schema: `items`, `not`.
    One,
    /// A list of schemas: `allOf`, `prefixItems`.
    Listed,
}

/// A keyword whose value is made of subschemas.
struct Applicator {
    keyword: &'static str,
    holds: Holds,
    /// How a site spells a `One` subschema: `items` is `[]`.
    site: &'static str,
    /// Whether the subschemas constrain every value of the field the parent constrains: a
    /// property names its own field; `items`, `allOf` and `prefixItems` constrain the parent's;
    /// alternatives and the other applicators constrain no single field.
    carries_field: bool,
}

const fn applicator(
    keyword: &'static str,
    holds: Holds,
    site: &'static str,
    carries_field: bool,
) -> Applicator {
    Applicator {
        keyword,
        holds,
        site,
        carries_field,
    }
}

/// Every applicator, in the order a walk visits them.
const APPLICATORS: [Applicator; 18] = [
    applicator("properties", Holds::Named, "", false),
    applicator("patternProperties", Holds::Named, "", false),
    applicator("dependentSchemas", Holds::Named, "", false),
    applicator("$defs", Holds::Named, "", false),
    applicator("items", Holds::One, "[]", true),
    applicator("additionalProperties", Holds::One, "{}", false),
    applicator("unevaluatedProperties", Holds::One, "{unevaluated}", false),
    applicator("unevaluatedItems", Holds::One, "[unevaluated]", false),
    applicator("propertyNames", Holds::One, "{names}", false),
    applicator("contains", Holds::One, "[contains]", false),
    applicator("not", Holds::One, "|not", false),
    applicator("if", Holds::One, "|if", false),
    applicator("then", Holds::One, "|then", false),
    applicator("else", Holds::One, "|else", false),
    applicator("allOf", Holds::Listed, "", true),
    applicator("anyOf", Holds::Listed, "", false),
    applicator("oneOf", Holds::Listed, "", false),
    applicator("prefixItems", Holds::Listed, "", true),
];

fn applicator_index(keyword: &str) -> Option<usize> {
    APPLICATORS
        .iter()
        .position(|applicator| applicator.keyword == keyword)
}

/// Whether the value of `keyword` is made of subschemas rather than being a constraint of the
/// schema's own.
pub fn is_applicator(keyword: &str) -> bool {
    applicator_index(keyword).is_some()
}

/// Where a subschema sits in its parent: `properties/name`, `items`, `oneOf/1`. Orders as a
/// walk visits subschemas.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slot<'a> {
    /// Index into [`APPLICATORS`].
    applicator: u8,
    position: Position<'a>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Position<'a> {
    Key(&'a str),
    Only,
    Index(usize),
}

impl<'a> Slot<'a> {
    fn new(applicator: usize, position: Position<'a>) -> Self {
        let applicator = u8::try_from(applicator).expect("fewer than 256 applicators");
        Self {
            applicator,
            position,
        }
    }

    fn applicator(&self) -> &'static Applicator {
        &APPLICATORS[usize::from(self.applicator)]
    }

    /// Appends this slot to the pointer of the parent: `/properties/name`, `/items`, `/oneOf/1`.
    pub fn push_pointer(&self, pointer: &mut String) {
        pointer::push_token(pointer, self.applicator().keyword);
        match self.position {
            Position::Key(key) => pointer::push_token(pointer, key),
            Position::Only => {}
            Position::Index(index) => {
                write!(pointer, "/{index}").expect("writing to a String cannot fail");
            }
        }
    }

    /// Appends this slot to the site of the parent: `.name`, `.$defs.name`, `[]`, `|oneOf[1]`.
    pub fn push_site(&self, site: &mut String) {
        let applicator = self.applicator();
        match self.position {
            Position::Key(key) if applicator.keyword == "properties" => {
                site.push('.');
                site.push_str(key);
            }
            Position::Key(key) => {
                write!(site, ".{}.{key}", applicator.keyword)
                    .expect("writing to a String cannot fail");
            }
            Position::Only => site.push_str(applicator.site),
            Position::Index(index) => {
                write!(site, "|{}[{index}]", applicator.keyword)
                    .expect("writing to a String cannot fail");
            }
        }
    }

    /// The field the subschema constrains, given the one its parent constrains.
    pub fn field<'f>(&self, parent: Option<&'f str>) -> Option<&'f str>
    where
        'a: 'f,
    {
        match self.position {
            Position::Key(key) if self.applicator().keyword == "properties" => Some(key),
            _ => parent.filter(|_| self.applicator().carries_field),
        }
    }
}

/// Calls `visit` with each subschema of `schema` (nothing unless it is an object), in a fixed
/// order: applicators as listed in `APPLICATORS`, then map or list order. Members of maps
/// and lists are visited whatever their type; a single subschema only if it is an object.
pub fn for_each_subschema<'a, T: Tree<'a>>(schema: T, mut visit: impl FnMut(Slot<'a>, T)) {
    let mut held: [Option<T>; APPLICATORS.len()] = std::array::from_fn(|_| None);
    for (keyword, value) in schema.into_entries() {
        if let Some(index) = applicator_index(keyword) {
            held[index] = Some(value);
        }
    }
    for (index, value) in held.into_iter().enumerate() {
        let Some(value) = value else {
            continue;
        };
        match APPLICATORS[index].holds {
            Holds::Named => {
                for (key, child) in value.into_entries() {
                    visit(Slot::new(index, Position::Key(key)), child);
                }
            }
            Holds::One => {
                if value.value().is_object() {
                    visit(Slot::new(index, Position::Only), value);
                }
            }
            Holds::Listed => {
                for (position, child) in value.into_items().enumerate() {
                    visit(Slot::new(index, Position::Index(position)), child);
                }
            }
        }
    }
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
