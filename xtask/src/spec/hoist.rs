//! Stage 4: every object, enum or composite schema becomes one named schema under
//! `components/schemas`, shared by all the places it occurs (identical apart from annotations
//! such as descriptions and defaults). The use site keeps its own annotations beside the `$ref`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Map, Value};

use super::canonical_json;
use super::error::SpecError;
use super::names::{self, NameBook, Pin};
use super::pointer;
use super::schema_walk::{
    ANNOTATIONS, Child, SchemaSite, child_at, child_at_mut, children, schema_roots,
};
use super::simplify::Move;

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
    pub moves: Vec<Move>,
    pub warnings: Vec<String>,
}

struct Group {
    /// Survey indices of the occurrences, the representative first.
    members: Vec<usize>,
    existing: Option<String>,
}

impl Group {
    fn sites<'a>(
        &self,
        survey: &'a [Occurrence],
    ) -> impl Iterator<Item = &'a SchemaSite> + use<'a, '_> {
        self.members.iter().map(move |&member| &survey[member].site)
    }

    fn first<'a>(&self, survey: &'a [Occurrence]) -> &'a SchemaSite {
        &survey[self.members[0]].site
    }
}

/// One schema found by the survey, in document (pre-)order.
struct Occurrence {
    site: SchemaSite,
    /// Interned shape: equal ids mean the same type apart from annotations.
    shape: u32,
    named_type: bool,
    /// The vendor component this schema is the root of, if any.
    existing: Option<String>,
    description: Option<String>,
}

const COMPONENTS: &str = "/components/schemas/";

pub fn hoist(document: &mut Value, names: &NameBook) -> Result<Outcome, SpecError> {
    let survey = survey(document);
    let groups = group_occurrences(&survey);
    let (group_names, how_named, warnings) = assign_names(&groups, &survey, names)?;

    let mut replacements: Vec<Option<Replacement>> = (0..survey.len()).map(|_| None).collect();
    for (index, group) in groups.iter().enumerate() {
        let reference = format!("#{COMPONENTS}{}", pointer::escape(&group_names[index]));
        let shared_description = uniform_description(&survey, group);
        for (position, &member) in group.members.iter().enumerate() {
            let is_component_root = group.existing.is_some() && position == 0;
            if !is_component_root {
                replacements[member] = Some(Replacement {
                    reference: reference.clone(),
                    component: (group.existing.is_none() && position == 0)
                        .then(|| group_names[index].clone()),
                    shared_description: shared_description.clone(),
                });
            }
        }
    }

    let mut rewriter = Rewriter {
        replacements,
        next: 0,
        bodies: BTreeMap::new(),
        moves: Vec::new(),
        survey: &survey,
    };
    for root in schema_roots(document) {
        if let Some(node) = document.pointer_mut(&root.pointer) {
            rewriter.rewrite(node);
        }
    }
    let Rewriter { bodies, moves, .. } = rewriter;

    let schemas = document
        .as_object_mut()
        .expect("an OpenAPI document is an object")
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
        .expect("components is an object")
        .entry("schemas")
        .or_insert_with(|| Value::Object(Map::new()));
    for (name, body) in bodies {
        schemas[&name] = body;
    }
    let schemas = groups
        .iter()
        .zip(group_names)
        .zip(how_named)
        .map(|((group, name), how_named)| Hoisted {
            name,
            representative: group.first(&survey).pointer.clone(),
            sites: group.sites(&survey).map(|site| site.site.clone()).collect(),
            how_named,
        })
        .collect();
    Ok(Outcome {
        schemas,
        moves,
        warnings,
    })
}

struct Replacement {
    reference: String,
    /// Set on the occurrence whose body becomes the component of that name.
    component: Option<String>,
    shared_description: Option<Value>,
}

/// Replaces occurrences by references, children before parents, so that a component's body
/// already refers to the components inside it. Visits schemas in the survey's order.
struct Rewriter<'a> {
    replacements: Vec<Option<Replacement>>,
    next: usize,
    bodies: BTreeMap<String, Value>,
    moves: Vec<Move>,
    survey: &'a [Occurrence],
}

impl Rewriter<'_> {
    fn rewrite(&mut self, node: &mut Value) {
        let Value::Object(map) = node else {
            return;
        };
        let index = self.next;
        self.next += 1;
        let suffixes: Vec<String> = children(map, None)
            .into_iter()
            .map(|child| child.pointer)
            .collect();
        for suffix in suffixes {
            if let Some(child) = child_at_mut(map, &suffix) {
                self.rewrite(child);
            }
        }
        let Some(replacement) = self.replacements[index].take() else {
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
        if let Some(name) = replacement.component {
            self.bodies.insert(
                name.clone(),
                component_body(body, &replacement.shared_description),
            );
            let from = self.survey[index].site.pointer.clone();
            self.moves.push(Move {
                from,
                to: format!("{COMPONENTS}{}", pointer::escape(&name)),
            });
        }
    }
}

/// Every schema with its interned shape, in document order.
fn survey(document: &Value) -> Vec<Occurrence> {
    let mut surveyor = Surveyor::default();
    for root in schema_roots(document) {
        if let Some(node) = document.pointer(&root.pointer) {
            surveyor.visit(node, root.pointer, root.site, 0);
        }
    }
    surveyor.found
}

#[derive(Default)]
struct Surveyor {
    found: Vec<Occurrence>,
    shapes: HashMap<String, u32>,
}

impl Surveyor {
    /// Records `node` and its subschemas; returns the shape id of `node`.
    fn visit(&mut self, node: &Value, pointer: String, site: String, depth: usize) -> u32 {
        let Value::Object(map) = node else {
            return self.intern(canonical_json::to_string(node));
        };
        let index = self.found.len();
        let existing = pointer
            .strip_prefix(COMPONENTS)
            .filter(|rest| depth == 0 && !rest.contains('/'))
            .map(|token| token.replace("~1", "/").replace("~0", "~"));
        self.found.push(Occurrence {
            site: SchemaSite {
                pointer: pointer.clone(),
                site: site.clone(),
                depth,
                // Naming and hoisting do not depend on the field a schema constrains.
                field: None,
            },
            shape: 0,
            named_type: is_named_type(node),
            existing,
            description: map.get("description").map(canonical_json::to_string),
        });
        let mut child_shapes = HashMap::new();
        for Child {
            pointer: pointer_suffix,
            site: site_suffix,
            ..
        } in children(map, None)
        {
            if let Some(child) = child_at(map, &pointer_suffix) {
                let shape = self.visit(
                    child,
                    format!("{pointer}{pointer_suffix}"),
                    format!("{site}{site_suffix}"),
                    depth + 1,
                );
                child_shapes.insert(pointer_suffix, shape);
            }
        }
        let shape = self.intern(shape_key(map, &child_shapes));
        self.found[index].shape = shape;
        shape
    }

    fn intern(&mut self, key: String) -> u32 {
        let next = self.shapes.len() as u32;
        *self.shapes.entry(key).or_insert(next)
    }
}

/// The schema's own keywords without annotations, with each subschema replaced by its shape id:
/// what decides whether two occurrences are the same type.
fn shape_key(map: &Map<String, Value>, child_shapes: &HashMap<String, u32>) -> String {
    let mut shape: Map<String, Value> = map
        .iter()
        .filter(|(key, _)| !ANNOTATIONS.contains(&key.as_str()) && !is_schema_container(key))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    if let Some(Value::Array(required)) = shape.get_mut("required") {
        required.sort_by_key(|value| value.as_str().map(str::to_owned));
    }
    for (suffix, id) in child_shapes {
        shape.insert(format!("~shape{suffix}"), Value::from(*id));
    }
    canonical_json::to_string(&Value::Object(shape))
}

/// Keywords whose values are subschemas (or maps and lists of them): the shape takes their
/// children's shape ids instead of their text.
fn is_schema_container(keyword: &str) -> bool {
    matches!(
        keyword,
        "properties"
            | "patternProperties"
            | "dependentSchemas"
            | "$defs"
            | "items"
            | "additionalProperties"
            | "unevaluatedProperties"
            | "propertyNames"
            | "contains"
            | "not"
            | "if"
            | "then"
            | "else"
            | "allOf"
            | "anyOf"
            | "oneOf"
            | "prefixItems"
    )
}

fn group_occurrences(survey: &[Occurrence]) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut by_shape: HashMap<u32, usize> = HashMap::new();
    for (index, occurrence) in survey.iter().enumerate() {
        let existing = occurrence.existing.clone();
        if existing.is_none() && !occurrence.named_type {
            continue;
        }
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
fn is_named_type(schema: &Value) -> bool {
    let Some(schema) = schema.as_object() else {
        return false;
    };
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
    let descriptions: BTreeSet<Option<&String>> = group
        .members
        .iter()
        .map(|&member| survey[member].description.as_ref())
        .collect();
    match descriptions.into_iter().collect::<Vec<_>>().as_slice() {
        [Some(text)] => serde_json::from_str(text).ok(),
        _ => None,
    }
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
        .flat_map(|(index, group)| {
            group
                .sites(survey)
                .map(move |site| (site.site.as_str(), index))
        })
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

    for (index, group) in groups.iter().enumerate() {
        if names[index].is_some() {
            continue;
        }
        let site = &group.first(survey).site;
        let mut name = names::suggest(site);
        let mut counter = 2;
        while owner.contains_key(&name) {
            name = format!("{}{counter}", names::suggest(site));
            counter += 1;
        }
        if let Some(problem) = names::name_problem(&name) {
            warnings.push(format!(
                "suggested name `{name}` {problem}; pin a better one"
            ));
        }
        warnings.push(format!(
            "no name pinned for the schema at `{site}`: using `{name}`; pin it in the naming file"
        ));
        owner.insert(name.clone(), index);
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
