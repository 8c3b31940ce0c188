//! Stage 4: every object, enum or composite schema becomes one named schema under
//! `components/schemas`, shared by all the places it occurs (identical apart from annotations
//! such as descriptions and defaults). The use site keeps its own annotations beside the `$ref`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Map, Value};

use super::canonical_json;
use super::error::SpecError;
use super::names::{self, NameBook};
use super::schema_walk::{ANNOTATIONS, SchemaSite, children, schema_sites};
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
    sites: Vec<SchemaSite>,
    existing: Option<String>,
}

const COMPONENTS: &str = "/components/schemas/";

pub fn hoist(document: &mut Value, names: &NameBook) -> Result<Outcome, SpecError> {
    let groups = group_occurrences(document);
    let (group_names, how_named, warnings) = assign_names(&groups, names)?;

    let mut order: Vec<(usize, &SchemaSite)> = groups
        .iter()
        .enumerate()
        .flat_map(|(index, group)| group.sites.iter().map(move |site| (index, site)))
        .collect();
    // Deepest first, so a component's body already refers to the components inside it.
    order.sort_by_key(|(_, site)| std::cmp::Reverse(site.depth));

    let uniform_descriptions: Vec<Option<Value>> = groups
        .iter()
        .map(|group| uniform_description(document, group))
        .collect();
    let mut bodies: BTreeMap<String, Value> = BTreeMap::new();
    let mut outcome = Outcome {
        warnings,
        ..Outcome::default()
    };
    for (index, site) in order {
        let group = &groups[index];
        let name = &group_names[index];
        if group.existing.is_some()
            && site.pointer == format!("{COMPONENTS}{}", pointer_token(name))
        {
            continue;
        }
        let node = document.pointer_mut(&site.pointer).expect("site exists");
        let mut replacement = Map::new();
        replacement.insert(
            "$ref".to_owned(),
            Value::String(format!("#{COMPONENTS}{}", pointer_token(name))),
        );
        for key in ANNOTATIONS {
            let is_shared_description =
                *key == "description" && uniform_descriptions[index].is_some();
            if let Some(value) = node.get(*key).filter(|_| !is_shared_description) {
                replacement.insert((*key).to_owned(), value.clone());
            }
        }
        let body = std::mem::replace(node, Value::Object(replacement));
        let is_representative = group.existing.is_none() && group.sites[0].pointer == site.pointer;
        if is_representative {
            bodies.insert(
                name.clone(),
                component_body(body, &uniform_descriptions[index]),
            );
            let target = format!("{COMPONENTS}{}", pointer_token(name));
            outcome.moves.push(Move {
                from: site.pointer.clone(),
                to: target,
            });
        }
    }

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
    outcome.schemas = groups
        .iter()
        .zip(group_names)
        .zip(how_named)
        .map(|((group, name), how_named)| Hoisted {
            name,
            representative: group.sites[0].pointer.clone(),
            sites: group.sites.iter().map(|site| site.site.clone()).collect(),
            how_named,
        })
        .collect();
    Ok(outcome)
}

fn group_occurrences(document: &Value) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut by_shape: HashMap<String, usize> = HashMap::new();
    for site in schema_sites(document) {
        let schema = document.pointer(&site.pointer).expect("site exists");
        let existing = site
            .pointer
            .strip_prefix(COMPONENTS)
            .filter(|rest| !rest.contains('/'))
            .map(|token| token.replace("~1", "/").replace("~0", "~"));
        if existing.is_none() && !is_named_type(schema) {
            continue;
        }
        let shape = canonical_json::to_string(&shape_of(schema));
        match by_shape.get(&shape) {
            Some(&index) if existing.is_none() || groups[index].existing.is_none() => {
                let group = &mut groups[index];
                if existing.is_some() {
                    // The vendor's own component is the representative of its shape.
                    group.sites.insert(0, site);
                    group.existing = existing;
                } else {
                    group.sites.push(site);
                }
            }
            _ => {
                by_shape.insert(shape, groups.len());
                groups.push(Group {
                    sites: vec![site],
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

/// The schema with annotations removed at every level: what decides whether two occurrences
/// are the same type.
fn shape_of(schema: &Value) -> Value {
    let Value::Object(map) = schema else {
        return schema.clone();
    };
    let mut shape: Map<String, Value> = map
        .iter()
        .filter(|(key, _)| !ANNOTATIONS.contains(&key.as_str()))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    if let Some(Value::Array(required)) = shape.get_mut("required") {
        required.sort_by_key(|value| value.as_str().map(str::to_owned));
    }
    let mut shaped = Value::Object(shape);
    for (suffix, _) in children(map) {
        let child = schema.pointer(&suffix).map(shape_of);
        if let (Some(slot), Some(child)) = (shaped.pointer_mut(&suffix), child) {
            *slot = child;
        }
    }
    shaped
}

/// The description every occurrence shares, if they all say the same thing.
fn uniform_description(document: &Value, group: &Group) -> Option<Value> {
    let descriptions: BTreeSet<Option<String>> = group
        .sites
        .iter()
        .map(|site| {
            let schema = document.pointer(&site.pointer);
            schema
                .and_then(|s| s.get("description"))
                .map(canonical_json::to_string)
        })
        .collect();
    match descriptions.into_iter().collect::<Vec<_>>().as_slice() {
        [Some(_)] => document
            .pointer(&group.sites[0].pointer)?
            .get("description")
            .cloned(),
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

fn assign_names(groups: &[Group], book: &NameBook) -> Result<Names, SpecError> {
    let mut names: Vec<Option<String>> = vec![None; groups.len()];
    let mut how: Vec<Naming> = vec![Naming::Suggested; groups.len()];
    let mut owner: HashMap<String, usize> = HashMap::new();
    let mut warnings = Vec::new();

    for (index, group) in groups.iter().enumerate() {
        let sites: Vec<String> = group.sites.iter().map(|s| s.site.clone()).collect();
        let pins: Vec<_> = book.pins_for(&sites).collect();
        let chosen = match (&group.existing, pins.as_slice()) {
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
                    groups[other].sites[0].site, group.sites[0].site
                ),
            });
        }
        owner.insert(chosen.clone(), index);
        names[index] = Some(chosen);
    }

    for pin in &book.pins {
        let used = groups.iter().any(|group| {
            group
                .sites
                .iter()
                .any(|site| pin.sites.contains(&site.site))
        });
        if !used {
            warnings.push(format!(
                "{}: `{}` is pinned to sites that no longer exist",
                pin.at, pin.name
            ));
        }
    }

    for (index, group) in groups.iter().enumerate() {
        if names[index].is_some() {
            continue;
        }
        let site = &group.sites[0].site;
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

fn pointer_token(name: &str) -> String {
    super::pointer::escape(name)
}
