//! Stage 4: every object, enum or composite schema becomes one named schema under
//! `components/schemas`, shared by all the places it occurs (identical apart from annotations
//! such as descriptions and defaults). The use site keeps its own annotations beside the `$ref`.
//!
//! Each tree of schemas is simplified (see [`super::simplify`]) just before it is surveyed,
//! while it is still in cache, rather than in a walk of the whole document of its own.

mod annotations;

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};

use super::error::SpecError;
use super::names::{NameBook, Pin, namer};
use super::simplify::{self, Move};
use annotations::Disputed;
use portsip_api_build::openapi::{
    ANNOTATIONS, Slot, for_each_root, for_each_subschema, is_applicator,
};
use portsip_api_build::openapi::{pointer, refs};
use serde_json::{Map, Value};

/// One schema in `components/schemas` and the sites it was hoisted from.
#[derive(Clone, Debug)]
pub struct Hoisted {
    pub name: String,
    /// Pointer of the occurrence whose body became the component (before hoisting).
    pub representative: String,
    pub sites: Vec<String>,
    pub how_named: Naming,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Naming {
    /// Already a component in the vendor's fragments.
    Existing,
    Pinned,
    Suggested,
}

#[derive(Debug, Default)]
pub struct Outcome {
    pub schemas: Vec<Hoisted>,
    /// Simplification's moves, then hoisting's, in the order they happened.
    pub moves: Vec<Move>,
    pub warnings: Vec<String>,
}

struct Group {
    /// Survey indices of the occurrences, the representative first.
    members: Vec<usize>,
    existing: Option<String>,
}

impl Group {
    fn sites<'a>(&self, survey: &'a [Occurrence]) -> impl Iterator<Item = &'a str> + use<'a, '_> {
        self.members
            .iter()
            .map(move |&member| survey[member].site.as_str())
    }

    fn first<'a>(&self, survey: &'a [Occurrence<'_>]) -> &'a Occurrence<'a> {
        &survey[self.members[0]]
    }
}

/// A schema that may be hoisted: a named type, or a vendor component.
struct Occurrence<'a> {
    /// Position among all object schemas, in the order the walk visits them: the rewrite
    /// counts the same way to find the occurrence again.
    index: usize,
    pointer: String,
    site: String,
    /// Interned shape: equal ids mean the same type apart from annotations.
    shape: u32,
    /// The vendor component this schema is the root of, if any.
    existing: Option<String>,
    description: Option<&'a Value>,
    body: &'a Value,
}

const COMPONENTS: &str = "/components/schemas/";

pub fn hoist(document: &mut Value, names: &NameBook) -> Result<Outcome, SpecError> {
    let Survey {
        occurrences: survey,
        subtree_sizes,
        mut moves,
    } = survey(document);
    let groups = group_occurrences(&survey);
    let (group_names, how_named, warnings) = assign_names(&groups, &survey, names)?;

    let mut replacements = Vec::new();
    let mut vendor_components = Vec::new();
    for (group, name) in groups.iter().zip(&group_names) {
        let reference = refs::to_component(name);
        let shared_description = uniform_description(&survey, group);
        let bodies: Vec<&Value> = group.members.iter().map(|&m| survey[m].body).collect();
        let disputed = annotations::disputed(&bodies);
        if group.existing.is_some() {
            vendor_components.push((name.clone(), disputed.clone()));
        }
        for (position, &member) in group.members.iter().enumerate() {
            let is_component_root = group.existing.is_some() && position == 0;
            if !is_component_root {
                let occurrence = &survey[member];
                replacements.push(Replacement {
                    index: occurrence.index,
                    reference: reference.clone(),
                    component: (group.existing.is_none() && position == 0).then(|| Component {
                        name: name.clone(),
                        from: occurrence.pointer.clone(),
                        disputed: disputed.clone(),
                    }),
                    shared_description: shared_description.clone(),
                });
            }
        }
    }
    replacements.sort_unstable_by_key(|replacement| replacement.index);
    // The survey borrows the document: take out what the outcome needs before rewriting it.
    let schemas = groups
        .iter()
        .zip(group_names)
        .zip(how_named)
        .map(|((group, name), how_named)| Hoisted {
            name,
            representative: group.first(&survey).pointer.clone(),
            sites: group.sites(&survey).map(str::to_owned).collect(),
            how_named,
        })
        .collect();

    let mut rewriter = Rewriter {
        pending: replacements.into_iter().peekable(),
        subtree_sizes,
        next: 0,
        bodies: BTreeMap::new(),
        moves: Vec::new(),
    };
    for_each_root(&mut *document, |_, schema| rewriter.rewrite(schema));
    let Rewriter {
        bodies,
        moves: hoisting,
        ..
    } = rewriter;
    moves.extend(hoisting);

    let components = document
        .as_object_mut()
        .expect("an OpenAPI document is an object")
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
        .expect("components is an object")
        .entry("schemas")
        .or_insert_with(|| Value::Object(Map::new()));
    for (name, body) in bodies {
        components[&name] = body;
    }
    for (name, disputed) in vendor_components {
        annotations::strip(&mut components[&name], &disputed);
    }
    Ok(Outcome {
        schemas,
        moves,
        warnings,
    })
}

struct Replacement {
    /// Which occurrence to replace, as [`Occurrence::index`].
    index: usize,
    reference: String,
    /// Set on the occurrence whose body becomes the component.
    component: Option<Component>,
    shared_description: Option<Value>,
}

struct Component {
    name: String,
    /// Pointer of the occurrence whose body becomes the component.
    from: String,
    /// Annotations of that body which other occurrences do not share.
    disputed: Vec<Disputed>,
}

/// Replaces occurrences by references, children before parents, so that a component's body
/// already refers to the components inside it. Visits schemas in the survey's order.
struct Rewriter {
    /// Ordered by index, as the walk meets them.
    pending: std::iter::Peekable<std::vec::IntoIter<Replacement>>,
    /// From the survey, to skip subtrees with nothing to replace.
    subtree_sizes: Vec<usize>,
    /// Index of the next object schema the walk meets.
    next: usize,
    bodies: BTreeMap<String, Value>,
    moves: Vec<Move>,
}

impl Rewriter {
    fn rewrite(&mut self, node: &mut Value) {
        if !node.is_object() {
            return;
        }
        let index = self.next;
        let end = index + self.subtree_sizes[index];
        if self
            .pending
            .peek()
            .is_none_or(|pending| pending.index >= end)
        {
            self.next = end;
            return;
        }
        self.next += 1;
        let replacement = self.pending.next_if(|pending| pending.index == index);
        for_each_subschema(&mut *node, |_, child| self.rewrite(child));
        let (Some(replacement), Value::Object(map)) = (replacement, &*node) else {
            return;
        };
        let mut reference = Map::new();
        reference.insert("$ref".to_owned(), Value::String(replacement.reference));
        for key in ANNOTATIONS {
            let is_shared = *key == "description" && replacement.shared_description.is_some();
            if let Some(value) = map.get(*key).filter(|_| !is_shared) {
                reference.insert((*key).to_owned(), value.clone());
            }
        }
        let body = std::mem::replace(node, Value::Object(reference));
        if let Some(Component {
            name,
            from,
            disputed,
        }) = replacement.component
        {
            self.moves.push(Move {
                from,
                to: format!("{COMPONENTS}{}", pointer::escape(&name)),
            });
            let mut body = component_body(body, &replacement.shared_description);
            annotations::strip(&mut body, &disputed);
            self.bodies.insert(name, body);
        }
    }
}

struct Survey<'a> {
    /// Every schema that may be hoisted, with its interned shape, in document order.
    occurrences: Vec<Occurrence<'a>>,
    /// By [`Occurrence::index`]: how many object schemas the subtree of that schema holds,
    /// itself included.
    subtree_sizes: Vec<usize>,
    /// Made by simplifying the schemas.
    moves: Vec<Move>,
}

fn survey(document: &mut Value) -> Survey<'_> {
    let mut surveyor = Surveyor::default();
    let mut moves = Vec::new();
    for_each_root(document, |root, schema| {
        simplify::flatten_tree(schema, root.pointer, &mut moves);
        let schema: &Value = schema;
        let existing = root
            .pointer
            .strip_prefix(COMPONENTS)
            .filter(|rest| !rest.contains('/'))
            .map(|token| pointer::unescape(token).into_owned());
        surveyor.pointer.clear();
        surveyor.pointer.push_str(root.pointer);
        surveyor.site.clear();
        surveyor.site.push_str(root.site);
        surveyor.visit(schema, existing);
    });
    Survey {
        occurrences: surveyor.found,
        subtree_sizes: surveyor.subtree_sizes,
        moves,
    }
}

#[derive(Default)]
struct Surveyor<'a> {
    found: Vec<Occurrence<'a>>,
    shapes: HashMap<Shape<'a>, u32>,
    /// Per object schema visited so far, in walk order: the size of its subtree.
    subtree_sizes: Vec<usize>,
    /// Pointer and site of the schema being visited, extended and cut back as the walk
    /// descends and returns: only the occurrences copy them out.
    pointer: String,
    site: String,
}

impl<'a> Surveyor<'a> {
    /// Records `node` and its subschemas; returns the shape id of `node`.
    fn visit(&mut self, node: &'a Value, existing: Option<String>) -> u32 {
        let Value::Object(map) = node else {
            return self.intern(Shape::Leaf(ByValue(node)));
        };
        let index = self.subtree_sizes.len();
        self.subtree_sizes.push(1);
        let found = (existing.is_some() || is_named_type(map)).then(|| {
            self.found.push(Occurrence {
                index,
                pointer: self.pointer.clone(),
                site: self.site.clone(),
                shape: 0,
                existing,
                description: map.get("description"),
                body: node,
            });
            self.found.len() - 1
        });
        let mut subschemas = Vec::new();
        for_each_subschema(node, |slot, child| {
            let (pointer, site) = (self.pointer.len(), self.site.len());
            slot.push_pointer(&mut self.pointer);
            slot.push_site(&mut self.site);
            let shape = self.visit(child, None);
            self.pointer.truncate(pointer);
            self.site.truncate(site);
            subschemas.push((slot, shape));
        });
        // Sorted so that the key does not depend on the order maps list their members in.
        subschemas.sort_unstable_by_key(|&(slot, _)| slot);
        let shape = self.intern(Shape::Schema {
            own: own_keywords(map),
            subschemas,
        });
        if let Some(found) = found {
            self.found[found].shape = shape;
        }
        self.subtree_sizes[index] = self.subtree_sizes.len() - index;
        shape
    }

    fn intern(&mut self, shape: Shape<'a>) -> u32 {
        let next = u32::try_from(self.shapes.len()).expect("fewer than 2^32 shapes");
        *self.shapes.entry(shape).or_insert(next)
    }
}

/// What decides whether two occurrences are the same type: equal shapes, equal types.
#[derive(PartialEq, Eq, Hash)]
enum Shape<'a> {
    /// Something other than an object where a subschema goes (`true`, say): its value.
    Leaf(ByValue<'a>),
    /// A schema: its own keywords without annotations, and the shapes of its subschemas.
    Schema {
        own: Vec<Keyword<'a>>,
        subschemas: Vec<(Slot<'a>, u32)>,
    },
}

#[derive(PartialEq, Eq, Hash)]
enum Keyword<'a> {
    Value(&'a str, ByValue<'a>),
    /// `required`, whose names come in no meaningful order: sorted.
    Required(Vec<ByValue<'a>>),
}

/// A borrowed value that hashes by content, for the shape table: serde_json's `Value` is `Eq`
/// but not `Hash`.
#[derive(PartialEq, Eq)]
struct ByValue<'a>(&'a Value);

impl Hash for ByValue<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_value(self.0, state);
    }
}

fn hash_value<H: Hasher>(value: &Value, state: &mut H) {
    std::mem::discriminant(value).hash(state);
    match value {
        Value::Null => {}
        Value::Bool(flag) => flag.hash(state),
        Value::Number(number) => number.hash(state),
        Value::String(text) => text.hash(state),
        Value::Array(items) => {
            items.len().hash(state);
            items.iter().for_each(|item| hash_value(item, state));
        }
        Value::Object(members) => {
            members.len().hash(state);
            for (name, member) in members {
                name.hash(state);
                hash_value(member, state);
            }
        }
    }
}

/// The schema's own keywords that constrain values, sorted by keyword.
fn own_keywords(map: &Map<String, Value>) -> Vec<Keyword<'_>> {
    let mut own: Vec<(&str, &Value)> = map
        .iter()
        .map(|(key, value)| (key.as_str(), value))
        .filter(|(key, _)| !ANNOTATIONS.contains(key) && !is_applicator(key))
        .collect();
    own.sort_unstable_by_key(|(key, _)| *key);
    own.into_iter()
        .map(|(key, value)| match (key, value) {
            ("required", Value::Array(names)) => {
                let mut names: Vec<&Value> = names.iter().collect();
                names.sort_by_key(|name| name.as_str());
                Keyword::Required(names.into_iter().map(ByValue).collect())
            }
            _ => Keyword::Value(key, ByValue(value)),
        })
        .collect()
}

fn group_occurrences(survey: &[Occurrence]) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut by_shape: HashMap<u32, usize> = HashMap::new();
    for (index, occurrence) in survey.iter().enumerate() {
        let existing = occurrence.existing.clone();
        match by_shape.get(&occurrence.shape) {
            Some(&group_index) if existing.is_none() || groups[group_index].existing.is_none() => {
                let group = &mut groups[group_index];
                if existing.is_some() {
                    // The vendor's own component is the representative of its shape.
                    group.members.insert(0, index);
                    group.existing = existing;
                } else {
                    group.members.push(index);
                }
            }
            _ => {
                by_shape.insert(occurrence.shape, groups.len());
                groups.push(Group {
                    members: vec![index],
                    existing,
                });
            }
        }
    }
    groups
}

/// Schemas that a generated client turns into a type of its own, so they deserve a name.
fn is_named_type(schema: &Map<String, Value>) -> bool {
    if schema.contains_key("$ref") {
        return false;
    }
    let composite = |keyword: &str| {
        schema
            .get(keyword)
            .and_then(Value::as_array)
            .is_some_and(|m| m.len() > 1)
    };
    schema.contains_key("enum")
        || schema.contains_key("properties")
        || schema.contains_key("oneOf")
        || schema.contains_key("anyOf")
        || composite("allOf")
}

/// The description every occurrence shares, if they all say the same thing.
fn uniform_description(survey: &[Occurrence], group: &Group) -> Option<Value> {
    let first = group.first(survey).description?;
    group
        .members
        .iter()
        .all(|&member| survey[member].description == Some(first))
        .then(|| first.clone())
}

fn component_body(mut body: Value, shared_description: &Option<Value>) -> Value {
    if let Value::Object(map) = &mut body {
        map.remove("default");
        match shared_description {
            Some(description) => map.insert("description".to_owned(), description.clone()),
            None => map.remove("description"),
        };
    }
    body
}

type Names = (Vec<String>, Vec<Naming>, Vec<String>);

fn assign_names(
    groups: &[Group],
    survey: &[Occurrence],
    book: &NameBook,
) -> Result<Names, SpecError> {
    let mut names: Vec<Option<String>> = vec![None; groups.len()];
    let mut how: Vec<Naming> = vec![Naming::Suggested; groups.len()];
    let mut owner: HashMap<String, usize> = HashMap::new();
    let mut warnings = Vec::new();

    let group_of_site: HashMap<&str, usize> = groups
        .iter()
        .enumerate()
        .flat_map(|(index, group)| group.sites(survey).map(move |site| (site, index)))
        .collect();
    let mut pins_of_group: Vec<Vec<&Pin>> = vec![Vec::new(); groups.len()];
    for pin in &book.pins {
        let mut named: Vec<usize> = pin
            .sites
            .iter()
            .filter_map(|site| group_of_site.get(site.as_str()).copied())
            .collect();
        named.sort_unstable();
        named.dedup();
        if named.is_empty() {
            warnings.push(format!(
                "{}: `{}` is pinned to sites that no longer exist",
                pin.at, pin.name
            ));
        }
        for index in named {
            pins_of_group[index].push(pin);
        }
    }

    for (index, group) in groups.iter().enumerate() {
        let chosen = match (&group.existing, pins_of_group[index].as_slice()) {
            (Some(existing), []) => {
                how[index] = Naming::Existing;
                existing.clone()
            }
            (None, [pin]) => {
                how[index] = Naming::Pinned;
                pin.name.clone()
            }
            (None, []) => continue,
            (_, [first, second, ..]) => {
                return Err(SpecError::BadNames {
                    at: second.at.clone(),
                    message: format!(
                        "`{}` and `{}` (line {}) name the same schema; keep one",
                        second.name, first.name, first.at.line
                    ),
                });
            }
            (Some(existing), [pin, ..]) => {
                return Err(SpecError::BadNames {
                    at: pin.at.clone(),
                    message: format!(
                        "`{}` names the vendor's component `{existing}`, which keeps its name",
                        pin.name
                    ),
                });
            }
        };
        if let Some(&other) = owner.get(&chosen) {
            // Vendor component names are unique, so one of the two names came from a pin.
            let pin = book
                .pins
                .iter()
                .find(|pin| pin.name == chosen)
                .expect("a clash involves a pin");
            return Err(SpecError::BadNames {
                at: pin.at.clone(),
                message: format!(
                    "`{chosen}` names two different schemas, at `{}` and `{}`",
                    groups[other].first(survey).site,
                    group.first(survey).site
                ),
            });
        }
        owner.insert(chosen.clone(), index);
        names[index] = Some(chosen);
    }

    let unnamed: Vec<usize> = (0..groups.len())
        .filter(|&index| names[index].is_none())
        .collect();
    let requests: Vec<namer::Unnamed> = unnamed
        .iter()
        .map(|&index| namer::Unnamed {
            sites: groups[index].sites(survey).collect(),
            schema: groups[index].first(survey).body,
        })
        .collect();
    let named: Vec<namer::Named> = (0..groups.len())
        .filter_map(|index| {
            Some(namer::Named {
                name: names[index].as_deref()?,
                sites: groups[index].sites(survey).collect(),
            })
        })
        .collect();
    let (suggested, namer_warnings) = namer::name(&requests, &named);
    warnings.extend(namer_warnings);
    for (index, name) in unnamed.into_iter().zip(suggested) {
        names[index] = Some(name);
    }
    Ok((
        names
            .into_iter()
            .map(|n| n.expect("every group named"))
            .collect(),
        how,
        warnings,
    ))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn thing(name_text: &str) -> Value {
        json!({
            "type": "object",
            "properties": {"name": {"type": "string", "description": name_text}}
        })
    }

    /// A document whose `GET {path}` operations answer the given schemas.
    fn api(answers: &[(&str, Value)], components: Value) -> Value {
        let paths: Map<String, Value> = answers
            .iter()
            .map(|(path, schema)| {
                let id = format!("get{}", path.trim_start_matches('/'));
                let operation = json!({"get": {
                    "operationId": id,
                    "responses": {"200": {
                        "description": "OK",
                        "content": {"application/json": {"schema": schema}}
                    }}
                }});
                ((*path).to_owned(), operation)
            })
            .collect();
        json!({"openapi": "3.1.0", "paths": paths, "components": {"schemas": components}})
    }

    fn hoisted(mut document: Value) -> Value {
        hoist(&mut document, &NameBook::default()).unwrap();
        document
    }

    fn answer<'a>(document: &'a Value, path: &str) -> &'a Value {
        &document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    }

    #[test]
    fn a_vendor_component_drops_the_nested_text_its_copies_disagree_on() {
        let components = json!({"Thing": thing("The thing's name.")});
        let disputed = hoisted(api(&[("/things", thing("The widget's name."))], components));
        assert_eq!(
            answer(&disputed, "/things")["$ref"],
            "#/components/schemas/Thing"
        );
        let name = &disputed["components"]["schemas"]["Thing"]["properties"]["name"];
        assert_eq!(name, &json!({"type": "string"}));

        let components = json!({"Thing": thing("The thing's name.")});
        let agreed = hoisted(api(&[("/things", thing("The thing's name."))], components));
        let name = &agreed["components"]["schemas"]["Thing"]["properties"]["name"];
        assert_eq!(name["description"], "The thing's name.");
    }

    #[test]
    fn two_vendor_components_of_one_shape_both_stay() {
        let components = json!({"Left": thing("A name."), "Right": thing("A name.")});
        let document = hoisted(api(&[], components));
        for name in ["Left", "Right"] {
            let schema = &document["components"]["schemas"][name];
            assert_eq!(schema, &thing("A name."), "{name}");
        }
    }

    #[test]
    fn required_names_in_another_order_are_the_same_type() {
        let object = |required: [&str; 2]| {
            json!({
                "type": "object",
                "required": required,
                "properties": {"a": {"type": "string"}, "b": {"type": "string"}}
            })
        };
        let document = hoisted(api(
            &[("/one", object(["a", "b"])), ("/two", object(["b", "a"]))],
            json!({}),
        ));
        assert_eq!(
            document["components"]["schemas"].as_object().unwrap().len(),
            1
        );
        assert_eq!(answer(&document, "/one"), answer(&document, "/two"));
    }

    #[test]
    fn an_all_of_of_several_schemas_is_a_type_of_its_own() {
        let combined = json!({"allOf": [thing("A name."), {
            "type": "object",
            "properties": {"size": {"type": "integer"}}
        }]});
        let document = hoisted(api(&[("/combined", combined)], json!({})));
        assert!(
            answer(&document, "/combined").get("$ref").is_some(),
            "{document:#}"
        );
    }

    #[test]
    fn an_all_of_of_one_schema_is_no_type_of_its_own() {
        // Simplifying leaves a single member in place only when it disagrees with the wrapper.
        let wrapper = json!({"type": "integer", "allOf": [{"type": "string"}]});
        let document = hoisted(api(&[("/wrapper", wrapper.clone())], json!({})));
        assert_eq!(answer(&document, "/wrapper"), &wrapper, "{document:#}");
    }

    #[test]
    fn a_type_keeps_the_description_only_every_site_gives_it() {
        let described = |text: &str| {
            let mut schema = thing("A name.");
            schema["description"] = text.into();
            schema
        };
        // The one type two operations answer, given each site's description.
        let shared_description = |one: &str, two: &str| {
            let document = hoisted(api(
                &[("/one", described(one)), ("/two", described(two))],
                json!({}),
            ));
            let schemas = document["components"]["schemas"].as_object().unwrap();
            assert_eq!(schemas.len(), 1, "{schemas:?}");
            schemas.values().next().unwrap().get("description").cloned()
        };
        assert_eq!(
            shared_description("A thing.", "A thing."),
            Some(json!("A thing."))
        );
        assert_eq!(shared_description("A thing.", "A widget."), None);
    }
}
