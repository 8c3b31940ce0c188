//! Changes to the Rust crate users import, found by generating the client from both specs (the
//! same generator and settings `portsip-api/build.rs` uses, gates aside) and comparing what users
//! touch: the
//! `Client`'s methods, the data types of `types`, their fields and variants.
//!
//! A type the namer renamed is paired with its new name when its shape is the same, and other
//! types' fields are read through the rename, so a rename is one change, not a removal, an
//! addition and every field that names it.

use std::collections::{BTreeMap, BTreeSet};

use portsip_api_build::ast::{client_methods, module};
use portsip_api_build::{Settings, generate};
use quote::ToTokens;
use syn::Item;

use super::change::{Change, Kind, Scope};

/// The crate's surface, as users see it.
#[derive(Debug, Default)]
pub struct Surface {
    /// Method → the resource of its operation.
    methods: BTreeMap<String, String>,
    types: BTreeMap<String, Shape>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Shape {
    /// Field name → its type, as tokens.
    Struct(BTreeMap<String, String>),
    /// Variant → its fields, as tokens.
    Enum(BTreeMap<String, String>),
    /// A newtype, alias or anything else: its tokens.
    Other(String),
}

impl Surface {
    /// Generates the client from `spec` (its JSON text; `label` names it in errors).
    /// `resources` maps each operationId to its resource.
    pub fn generate(
        label: &str,
        spec: &str,
        resources: &BTreeMap<String, String>,
    ) -> Result<Self, String> {
        // Gates change what compiles under which feature, not names or fields, and need the
        // hand-written layer's operations, which a spec of other pages may not have.
        let settings = Settings {
            feature_gates: None,
            ..Settings::portsip_api()
        };
        // progenitor panics on some specs it cannot use; that is a failed comparison, not a
        // crashed command.
        let generated = std::panic::catch_unwind(|| generate(label, spec, &settings))
            .map_err(|_| format!("{label}: the client generator panicked on it"))?
            .map_err(|e| e.to_string())?;
        let file = syn::parse_file(&generated.code).map_err(|e| format!("{label}: {e}"))?;
        let by_builder: BTreeMap<String, &String> = resources
            .iter()
            .map(|(id, resource)| (portsip_api_build::naming::operation_name(id), resource))
            .collect();
        let methods = client_methods(&file)
            .into_iter()
            .map(|(method, builder)| {
                let resource = by_builder.get(&builder).map_or("untagged", |r| r.as_str());
                (method, resource.to_owned())
            })
            .collect();
        let types = module(&file, "types")
            .unwrap_or_default()
            .iter()
            .filter_map(shape)
            .collect();
        Ok(Surface { methods, types })
    }
}

fn shape(item: &Item) -> Option<(String, Shape)> {
    let tokens = |t: &dyn ToTokens| t.to_token_stream().to_string();
    match item {
        Item::Struct(s) => {
            let named: BTreeMap<String, String> = s
                .fields
                .iter()
                .filter_map(|f| Some((f.ident.as_ref()?.to_string(), tokens(&f.ty))))
                .collect();
            let shape = if named.is_empty() {
                Shape::Other(tokens(&s.fields))
            } else {
                Shape::Struct(named)
            };
            Some((s.ident.to_string(), shape))
        }
        Item::Enum(e) => Some((
            e.ident.to_string(),
            Shape::Enum(
                e.variants
                    .iter()
                    .map(|v| (v.ident.to_string(), tokens(&v.fields)))
                    .collect(),
            ),
        )),
        Item::Type(t) => Some((t.ident.to_string(), Shape::Other(tokens(&t.ty)))),
        _ => None,
    }
}

/// The changes from `old` to `new`. `renamed_methods` pairs the methods of operations the
/// wire comparison matched under a new operationId.
pub fn compare(
    old: &Surface,
    new: &Surface,
    renamed_methods: &BTreeMap<String, String>,
) -> Vec<Change> {
    let mut changes = Vec::new();
    methods(old, new, renamed_methods, &mut changes);
    let renamed_types = renamed_types(old, new);
    for (before, after) in &renamed_types {
        changes.push(type_change(
            after,
            Kind::Changed,
            format!("renamed from `{before}`"),
            true,
            "type-renamed",
        ));
    }
    for (name, shape) in &old.types {
        if renamed_types.contains_key(name) {
            continue;
        }
        match new.types.get(name) {
            None => changes.push(type_change(
                name,
                Kind::Removed,
                "removed".into(),
                true,
                "type-removed",
            )),
            Some(now) => members(name, shape, now, &renamed_types, &mut changes),
        }
    }
    let arrived: BTreeSet<&String> = renamed_types.values().collect();
    for name in new.types.keys() {
        if !old.types.contains_key(name) && !arrived.contains(name) {
            changes.push(type_change(
                name,
                Kind::Added,
                "added".into(),
                false,
                "type-added",
            ));
        }
    }
    for (before, after) in &renamed_types {
        members(
            after,
            &old.types[before],
            &new.types[after],
            &renamed_types,
            &mut changes,
        );
    }
    changes.sort();
    changes
}

fn methods(
    old: &Surface,
    new: &Surface,
    renamed: &BTreeMap<String, String>,
    changes: &mut Vec<Change>,
) {
    let method_change = |name: &str, resource: &str, kind, what: String, breaking, rule| Change {
        scope: Scope::Crate,
        resource: resource.to_owned(),
        at: format!("Client::{name}"),
        kind,
        what,
        breaking,
        rule,
    };
    let arrived: BTreeSet<&String> = renamed.values().collect();
    for (name, resource) in &old.methods {
        if let Some(after) = renamed.get(name) {
            changes.push(method_change(
                after,
                resource,
                Kind::Changed,
                format!("renamed from `{name}`"),
                true,
                "method-renamed",
            ));
        } else if !new.methods.contains_key(name) {
            changes.push(method_change(
                name,
                resource,
                Kind::Removed,
                "removed".into(),
                true,
                "method-removed",
            ));
        }
    }
    for (name, resource) in &new.methods {
        if !old.methods.contains_key(name) && !arrived.contains(name) {
            changes.push(method_change(
                name,
                resource,
                Kind::Added,
                "added".into(),
                false,
                "method-added",
            ));
        }
    }
}

/// Removed types paired with added types of the same shape, read through the pairing itself
/// (a renamed type's field may name another renamed type); only unambiguous pairs.
fn renamed_types(old: &Surface, new: &Surface) -> BTreeMap<String, String> {
    let removed: Vec<&String> = old
        .types
        .keys()
        .filter(|name| !new.types.contains_key(*name))
        .collect();
    let added: Vec<&String> = new
        .types
        .keys()
        .filter(|name| !old.types.contains_key(*name))
        .collect();
    let mut renamed = BTreeMap::new();
    // Each round may pair types whose fields name types paired in the round before.
    loop {
        let mut paired = false;
        for before in &removed {
            if renamed.contains_key(*before) {
                continue;
            }
            let shape = renamed_shape(&old.types[*before], &renamed);
            let taken: BTreeSet<&String> = renamed.values().collect();
            let candidates: Vec<&&String> = added
                .iter()
                .filter(|after| !taken.contains(**after) && new.types[**after] == shape)
                .collect();
            if let [after] = candidates.as_slice() {
                renamed.insert((*before).clone(), (**after).clone());
                paired = true;
            }
        }
        if !paired {
            return renamed;
        }
    }
}

/// `shape` with every renamed type name replaced by its new one.
fn renamed_shape(shape: &Shape, renamed: &BTreeMap<String, String>) -> Shape {
    let rename = |tokens: &String| {
        tokens
            .split(' ')
            .map(|token| renamed.get(token).map_or(token, String::as_str))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let rename_all = |map: &BTreeMap<String, String>| {
        map.iter()
            .map(|(name, tokens)| (name.clone(), rename(tokens)))
            .collect()
    };
    match shape {
        Shape::Struct(fields) => Shape::Struct(rename_all(fields)),
        Shape::Enum(variants) => Shape::Enum(rename_all(variants)),
        Shape::Other(tokens) => Shape::Other(rename(tokens)),
    }
}

fn type_change(name: &str, kind: Kind, what: String, breaking: bool, rule: &'static str) -> Change {
    Change {
        scope: Scope::Crate,
        resource: "types".into(),
        at: format!("types::{name}"),
        kind,
        what,
        breaking,
        rule,
    }
}

/// Fields or variants of a type both crates have (under `name` in the new one).
fn members(
    name: &str,
    old: &Shape,
    new: &Shape,
    renamed: &BTreeMap<String, String>,
    changes: &mut Vec<Change>,
) {
    let old = renamed_shape(old, renamed);
    let mut change = |kind, what: String, breaking, rule| {
        changes.push(type_change(name, kind, what, breaking, rule));
    };
    match (&old, new) {
        (Shape::Struct(before), Shape::Struct(after)) => {
            for (field, ty) in before {
                match after.get(field) {
                    None => change(
                        Kind::Removed,
                        format!("field `{field}` removed"),
                        true,
                        "field-removed",
                    ),
                    Some(now) if now != ty => {
                        let (what, rule) = match (option_of(ty), option_of(now)) {
                            (None, Some(inner)) if inner == ty => {
                                ("became an `Option`", "field-option-changed")
                            }
                            (Some(inner), None) if inner == now => {
                                ("is no longer an `Option`", "field-option-changed")
                            }
                            _ => ("changed type", "field-type-changed"),
                        };
                        change(Kind::Changed, format!("field `{field}` {what}"), true, rule);
                    }
                    Some(_) => {}
                }
            }
            for field in after.keys().filter(|field| !before.contains_key(*field)) {
                change(
                    Kind::Added,
                    format!("field `{field}` added"),
                    false,
                    "field-added",
                );
            }
        }
        (Shape::Enum(before), Shape::Enum(after)) => {
            for variant in before.keys().filter(|v| !after.contains_key(*v)) {
                change(
                    Kind::Removed,
                    format!("variant `{variant}` removed"),
                    true,
                    "variant-removed",
                );
            }
            for variant in after.keys().filter(|v| !before.contains_key(*v)) {
                change(
                    Kind::Added,
                    format!("variant `{variant}` added"),
                    false,
                    "variant-added",
                );
            }
        }
        (before, after) if before != after => change(
            Kind::Changed,
            "changed shape".into(),
            true,
            "type-shape-changed",
        ),
        _ => {}
    }
}

/// `T` of `Option<T>` as tokens (`:: std :: option :: Option < T >`).
fn option_of(tokens: &str) -> Option<&str> {
    let inner = tokens
        .strip_prefix(":: std :: option :: Option < ")
        .or_else(|| tokens.strip_prefix("Option < "))?;
    inner.strip_suffix(" >")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surface(types: &[(&str, Shape)], methods: &[&str]) -> Surface {
        Surface {
            methods: methods
                .iter()
                .map(|m| (m.to_string(), "R".to_string()))
                .collect(),
            types: types
                .iter()
                .map(|(n, s)| (n.to_string(), s.clone()))
                .collect(),
        }
    }

    fn fields(list: &[(&str, &str)]) -> Shape {
        Shape::Struct(
            list.iter()
                .map(|(f, t)| (f.to_string(), t.to_string()))
                .collect(),
        )
    }

    fn summary(changes: &[Change]) -> Vec<String> {
        changes
            .iter()
            .map(|c| format!("{} {} [{}]", c.at, c.what, c.rule))
            .collect()
    }

    #[test]
    fn a_renamed_type_is_one_change_and_fields_naming_it_are_unchanged() {
        let old = surface(
            &[
                ("Agent", fields(&[("status", "AgentState")])),
                (
                    "AgentState",
                    Shape::Enum([("Ready".into(), String::new())].into()),
                ),
            ],
            &[],
        );
        let new = surface(
            &[
                ("Agent", fields(&[("status", "AgentStatus")])),
                (
                    "AgentStatus",
                    Shape::Enum([("Ready".into(), String::new())].into()),
                ),
            ],
            &[],
        );
        assert_eq!(
            summary(&compare(&old, &new, &BTreeMap::new())),
            ["types::AgentStatus renamed from `AgentState` [type-renamed]"]
        );
    }

    #[test]
    fn option_changes_removed_fields_and_variants_break_and_additions_do_not() {
        let old = surface(
            &[
                ("Queue", fields(&[("a", "i64"), ("b", "String")])),
                (
                    "Mode",
                    Shape::Enum([("X".into(), String::new()), ("Y".into(), String::new())].into()),
                ),
            ],
            &["list_queues", "drop_queue"],
        );
        let new = surface(
            &[
                (
                    "Queue",
                    fields(&[("a", ":: std :: option :: Option < i64 >"), ("c", "String")]),
                ),
                (
                    "Mode",
                    Shape::Enum([("X".into(), String::new()), ("Z".into(), String::new())].into()),
                ),
            ],
            &["list_queues", "show_queue"],
        );
        let changes = compare(&old, &new, &BTreeMap::new());
        let breaking: Vec<String> = changes
            .iter()
            .filter(|c| c.breaking)
            .map(|c| c.rule.to_string())
            .collect();
        assert_eq!(
            summary(&changes),
            [
                "Client::drop_queue removed [method-removed]",
                "Client::show_queue added [method-added]",
                "types::Mode variant `Z` added [variant-added]",
                "types::Mode variant `Y` removed [variant-removed]",
                "types::Queue field `c` added [field-added]",
                "types::Queue field `a` became an `Option` [field-option-changed]",
                "types::Queue field `b` removed [field-removed]",
            ]
        );
        assert_eq!(
            breaking,
            [
                "method-removed",
                "variant-removed",
                "field-option-changed",
                "field-removed"
            ]
        );
    }

    #[test]
    fn a_method_renamed_with_its_operation_is_one_change() {
        let old = surface(&[], &["send_otp"]);
        let new = surface(&[], &["send_one_time_code"]);
        let renamed = [("send_otp".to_string(), "send_one_time_code".to_string())].into();
        assert_eq!(
            summary(&compare(&old, &new, &renamed)),
            ["Client::send_one_time_code renamed from `send_otp` [method-renamed]"]
        );
    }
}
