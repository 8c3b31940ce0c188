//! Struct fields for any property name the vendor may use.
//!
//! typify derives a field from each property name on its own (`a-b`, `a_b` and `A_B` all become
//! `a_b`; `größe` stays non-ASCII) and emits two fields of one name when two properties agree,
//! which does not compile. typify offers no hook for field names, so this stage gives every
//! property that would clash, or whose field would not be ASCII, a spec key typify keeps as it is
//! and no property anywhere in the document uses; once progenitor has run, [`restore_wire_names`]
//! puts the vendor's exact name back as the field's `serde(rename)`. Properties whose field is
//! their own name keep it, so `a_b` stays `a_b` beside a renamed `a-b`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use syn::{Fields, Item};

use crate::SpecError;
use crate::naming::{ascii_words, field_name, first_free};
use crate::walk;

/// Synthetic property key → the property's name on the wire. A key stands for one wire name
/// throughout the document, so a field carrying it has one meaning wherever it appears.
pub type Renames = BTreeMap<String, String>;

/// Renames the properties whose typify field would clash with another of the same object, or
/// would not be ASCII; `required` and a discriminator follow their property.
pub fn rename_clashing_properties(document: &mut Value) -> Result<Renames, SpecError> {
    let mut taken = BTreeSet::new();
    walk::each_schema_mut(document, &mut |_, schema| {
        taken.extend(property_names(schema).map(str::to_owned));
        Ok(())
    })?;
    let mut renames = Renames::new();
    walk::each_schema_mut(document, &mut |_, schema| {
        rename_within(schema, &taken, &mut renames);
        Ok(())
    })?;
    Ok(renames)
}

/// The property names `schema` declares or requires.
fn property_names(schema: &Value) -> impl Iterator<Item = &str> {
    let declared = schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|properties| properties.keys().map(String::as_str));
    let required = schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str);
    declared.chain(required)
}

fn rename_within(schema: &mut Value, taken: &BTreeSet<String>, renames: &mut Renames) {
    let names: BTreeSet<String> = property_names(schema).map(str::to_owned).collect();
    // Names that are already their own field claim it first, whatever their order.
    let (kept, others): (Vec<String>, Vec<String>) = names
        .into_iter()
        .partition(|name| field_name(name) == *name && name.is_ascii());
    let mut fields: BTreeSet<String> = kept.into_iter().collect();
    let mut moves = Vec::new();
    for name in others {
        let field = field_name(&name);
        if field.is_ascii() && fields.insert(field) {
            continue;
        }
        let key = synthetic_key(&name, &fields, taken, renames);
        fields.insert(key.clone());
        renames.insert(key.clone(), name.clone());
        moves.push((name, key));
    }
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    for (name, key) in moves {
        if let Some(properties) = object.get_mut("properties").and_then(Value::as_object_mut)
            && let Some(property) = properties.remove(&name)
        {
            properties.insert(key.clone(), property);
        }
        if let Some(Value::Array(required)) = object.get_mut("required") {
            for entry in required.iter_mut().filter(|entry| **entry == name) {
                *entry = Value::String(key.clone());
            }
        }
        if let Some(Value::String(property)) = object
            .get_mut("discriminator")
            .and_then(|d| d.get_mut("propertyName"))
            && *property == name
        {
            *property = key.clone();
        }
    }
}

/// A key typify renders as itself, free in this object, used by no property of the document, and
/// either new or already standing for the same wire name.
fn synthetic_key(
    wire: &str,
    fields: &BTreeSet<String>,
    taken: &BTreeSet<String>,
    renames: &Renames,
) -> String {
    let base = field_name(&ascii_words(wire));
    let in_use: usize = [fields.len(), taken.len(), renames.len()].iter().sum();
    let numbered = (2..).map(|n| field_name(&format!("{base}_{n}")));
    first_free(base.clone(), numbered, in_use, |key| {
        field_name(key) == *key
            && !fields.contains(key)
            && !taken.contains(key)
            && renames.get(key).is_none_or(|existing| existing == wire)
    })
}

/// Gives every field of the generated data types that carries a synthetic key its wire name back.
/// Only the serialized types matter: the struct builders take the field names as they are.
pub fn restore_wire_names(types: &mut [Item], renames: &Renames) {
    if renames.is_empty() {
        return;
    }
    let restore = |fields: &mut Fields| {
        for field in fields.iter_mut() {
            let Some(wire) = field
                .ident
                .as_ref()
                .and_then(|ident| renames.get(&ident.to_string()))
            else {
                continue;
            };
            if !has_serde_rename(field) {
                field
                    .attrs
                    .push(syn::parse_quote!(#[serde(rename = #wire)]));
            }
        }
    };
    for item in types {
        match item {
            Item::Struct(s) => restore(&mut s.fields),
            Item::Enum(e) => e.variants.iter_mut().for_each(|v| restore(&mut v.fields)),
            _ => {}
        }
    }
}

fn has_serde_rename(field: &syn::Field) -> bool {
    field.attrs.iter().any(|attr| {
        let mut found = false;
        if attr.path().is_ident("serde") {
            // Other keys' values are skipped unparsed; only `rename` matters here.
            let _ = attr.parse_nested_meta(|meta| {
                found |= meta.path.is_ident("rename");
                if meta.input.peek(syn::Token![=]) {
                    meta.value()?.parse::<syn::Expr>()?;
                }
                Ok(())
            });
        }
        found
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn clashing_and_non_ascii_properties_get_free_keys_and_own_names_stay() {
        let mut document = json!({"components": {"schemas": {
            "A": {"type": "object", "required": ["a-b", "A_B"], "properties": {
                "a-b": {}, "a_b": {}, "A_B": {}, "type": {}, "größe": {}
            }},
            "B": {"type": "object", "properties": {"a-b": {}, "a_b_2": {}, "a_b": {}}}
        }}});
        let renames = rename_clashing_properties(&mut document).unwrap();
        let a = &document["components"]["schemas"]["A"];
        let keys: Vec<&String> = a["properties"].as_object().unwrap().keys().collect();
        // `a_b_2` is a real property elsewhere, so the synthetic keys skip it.
        assert_eq!(keys, ["a_b", "a_b_3", "a_b_4", "gr_u00f6_u00df_e", "type"]);
        assert_eq!(
            renames,
            Renames::from([
                ("a_b_3".into(), "A_B".into()),
                ("a_b_4".into(), "a-b".into()),
                ("gr_u00f6_u00df_e".into(), "größe".into()),
            ])
        );
        assert_eq!(a["required"], json!(["a_b_4", "a_b_3"]));
        // The same wire name reuses its key.
        let b = &document["components"]["schemas"]["B"];
        assert!(b["properties"].get("a_b_4").is_some(), "{b}");
    }

    #[test]
    fn a_discriminator_follows_its_property_to_the_new_key() {
        let mut document = json!({"components": {"schemas": {
            "Moved": {"type": "object", "discriminator": {"propertyName": "a-b"},
                "properties": {"a-b": {}, "a_b": {}}},
            "Kept": {"type": "object", "discriminator": {"propertyName": "kind"},
                "properties": {"a-b": {}, "a_b": {}, "kind": {}}}
        }}});
        rename_clashing_properties(&mut document).unwrap();
        let schemas = &document["components"]["schemas"];
        let moved = &schemas["Moved"]["discriminator"]["propertyName"];
        assert!(
            schemas["Moved"]["properties"]
                .get(moved.as_str().unwrap())
                .is_some()
        );
        assert_ne!(moved, "a-b");
        assert_eq!(schemas["Kept"]["discriminator"]["propertyName"], "kind");
    }

    #[test]
    fn wire_names_come_back_as_serde_renames() {
        let mut file: syn::File = syn::parse_quote! {
            pub struct A {
                pub a_b_3: Option<String>,
                #[serde(rename = "kept")]
                pub a_b_4: Option<String>,
                pub other: Option<String>,
            }
        };
        let renames = Renames::from([
            ("a_b_3".into(), "A_B".into()),
            ("a_b_4".into(), "a-b".into()),
        ]);
        restore_wire_names(&mut file.items, &renames);
        let code = quote::quote!(#file).to_string();
        assert!(
            code.contains(r#"# [serde (rename = "A_B")] pub a_b_3"#),
            "{code}"
        );
        assert!(!code.contains(r#""a-b""#), "{code}");
    }
}
