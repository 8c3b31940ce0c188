//! Open string enums: a PBX newer than the spec sends values the spec does not list, and a
//! closed enum would fail to decode the whole response.
//!
//! typify only emits closed enums, so this stage (1) hoists every inline string enum into
//! `components/schemas` under the name typify would have given it, and (2) emits each component
//! string enum itself, with a catch-all `Unknown(String)` variant that keeps the raw value.
//! progenitor is told to use these types instead of generating its own
//! (`GenerationSettings::with_replacement`). Nothing here knows any enum by name: every string
//! enum in the spec is treated alike.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::{Map, Value, json};

use heck::ToPascalCase;

use crate::naming::{ascii_words, first_free, is_reserved, operation_name, type_name};
use crate::openapi::{pointer, refs};
use crate::walk::{self, Place};

/// One string enum, as emitted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenEnum {
    /// Rust type name.
    pub name: String,
    /// The component it came from (typify's replacement key).
    pub component: String,
    pub description: Option<String>,
    /// The values the spec lists, in spec order.
    pub values: Vec<String>,
}

/// The values of a string enum schema, or `None` when `schema` is not one. `null` in the list
/// only says the value may be absent, so it is not a value.
fn string_values(schema: &Value) -> Option<Vec<String>> {
    let object = schema.as_object()?;
    match object.get("type") {
        None => {}
        Some(Value::String(t)) if t == "string" => {}
        Some(_) => return None,
    }
    let values = object.get("enum")?.as_array()?;
    let mut strings: Vec<String> = Vec::new();
    for value in values.iter().filter(|v| !v.is_null()) {
        let value = value.as_str()?;
        // A value listed twice would be an unreachable match arm in the emitted conversions.
        if !strings.iter().any(|seen| seen == value) {
            strings.push(value.to_owned());
        }
    }
    (!strings.is_empty()).then_some(strings)
}

/// Moves every inline string enum into `components/schemas` and points its use site at it. The
/// name is what typify would have derived from the place (`Tenant` + `role` → `TenantRole`); an
/// identical enum already there is reused. Component enums lose `null`, which moves to the use
/// sites through the tolerant profile.
pub fn hoist_string_enums(document: &mut Value) {
    let mut hoisted: Vec<(String, Value)> = Vec::new();
    let mut taken: BTreeSet<String> = component_names(document);
    for root in walk::roots(document) {
        let Some(base) = base_name(document, &root) else {
            continue;
        };
        let Some(schema) = document.pointer_mut(&root.pointer) else {
            continue;
        };
        if root.place == Place::Component {
            strip_null(schema);
            // The component itself stays; only what is nested inside it moves out.
            for (suffix, hint) in child_hints(schema, &base) {
                if let Some(child) = schema.pointer_mut(&suffix) {
                    hoist_within(child, &hint, &mut hoisted, &mut taken);
                }
            }
        } else {
            hoist_within(schema, &base, &mut hoisted, &mut taken);
        }
    }
    if hoisted.is_empty() {
        return;
    }
    let schemas = walk::component_schemas_mut(document);
    if let Some(schemas) = schemas {
        for (name, schema) in hoisted {
            schemas.insert(name, schema);
        }
    }
}

fn hoist_within(
    schema: &mut Value,
    hint: &str,
    hoisted: &mut Vec<(String, Value)>,
    taken: &mut BTreeSet<String>,
) {
    if let Some(values) = string_values(schema) {
        let name = claim_name(hint, &values, hoisted, taken);
        let object = schema.as_object_mut().expect("string enums are objects");
        let nullable = object.get("nullable") == Some(&json!(true))
            || object
                .get("enum")
                .and_then(Value::as_array)
                .is_some_and(|v| v.iter().any(Value::is_null));
        let mut use_site = Map::new();
        use_site.insert(
            "allOf".into(),
            json!([{ "$ref": refs::to_component(&name) }]),
        );
        if let Some(description) = object.get("description") {
            use_site.insert("description".into(), description.clone());
        }
        if nullable {
            use_site.insert("nullable".into(), json!(true));
        }
        if !hoisted.iter().any(|(existing, _)| *existing == name) {
            let mut component = object.clone();
            component.remove("nullable");
            component.insert("type".into(), json!("string"));
            component.insert("enum".into(), json!(values));
            hoisted.push((name, Value::Object(component)));
        }
        *schema = Value::Object(use_site);
        return;
    }
    for (suffix, child_hint) in child_hints(schema, hint) {
        if let Some(child) = schema.pointer_mut(&suffix) {
            hoist_within(child, &child_hint, hoisted, taken);
        }
    }
}

/// The name for a hoisted enum: the hint, unless another schema already has its Rust name (two
/// spec names can differ only in case or punctuation); then the same values reuse that component
/// and different values get a numbered name.
fn claim_name(
    hint: &str,
    values: &[String],
    hoisted: &[(String, Value)],
    taken: &mut BTreeSet<String>,
) -> String {
    let same_values = |name: &str| {
        hoisted.iter().any(|(existing, schema)| {
            existing == name && string_values(schema).as_deref() == Some(values)
        })
    };
    let candidate = first_free(
        hint.to_string(),
        (2..).map(|number| format!("{hint}{number}")),
        taken.len(),
        |candidate| !taken.contains(&type_name(candidate)) || same_values(candidate),
    );
    taken.insert(type_name(&candidate));
    candidate
}

/// Subschemas with the name typify would give a type defined there.
fn child_hints(schema: &Value, hint: &str) -> Vec<(String, String)> {
    walk::children(schema)
        .into_iter()
        .map(|(suffix, _)| {
            let hint = match suffix.strip_prefix("/properties/") {
                Some(property) => format!("{hint}{}", word(&pointer::unescape(property))),
                None if suffix == "/items" => format!("{hint}Item"),
                None if suffix == "/additionalProperties" => format!("{hint}Value"),
                None => hint.to_string(),
            };
            (suffix, hint)
        })
        .collect()
}

fn strip_null(schema: &mut Value) {
    if string_values(schema).is_none() {
        return;
    }
    if let Some(object) = schema.as_object_mut() {
        object.remove("nullable");
        if let Some(Value::Array(values)) = object.get_mut("enum") {
            values.retain(|v| !v.is_null());
        }
    }
}

/// The Rust names of the components: what a hoisted enum's name must not collide with.
fn component_names(document: &Value) -> BTreeSet<String> {
    document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().map(|name| type_name(name)).collect())
        .unwrap_or_default()
}

/// One word of a hint, in the case typify joins names with; any spelling will do, as the Rust
/// name is derived from the finished hint.
fn word(text: &str) -> String {
    ascii_words(text).to_pascal_case()
}

/// The type-name stem for schemas under `root`, as progenitor names them.
fn base_name(document: &Value, root: &walk::Root) -> Option<String> {
    let tokens: Vec<_> = pointer::tokens(&root.pointer).collect();
    if root.place == Place::Component || tokens.first().is_some_and(|first| first == "components") {
        return tokens.get(2).map(|name| type_name(name));
    }
    let operation = document.pointer(&pointer::join(
        &pointer::join("/paths", tokens.get(1)?),
        tokens.get(2)?,
    ));
    let operation_id = operation
        .and_then(|o| o.get("operationId"))
        .and_then(Value::as_str)?;
    let stem = operation_name(operation_id);
    Some(match root.place {
        Place::RequestBody => format!("{stem}Body"),
        Place::Response => format!("{stem}Response"),
        Place::Parameter | Place::Header => {
            let holder = document.pointer(root.pointer.trim_end_matches("/schema"))?;
            format!(
                "{stem}{}",
                word(
                    holder
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                )
            )
        }
        Place::Component => unreachable!("handled above"),
    })
}

/// Every string enum in `components/schemas`, in name order.
pub fn collect(document: &Value) -> Vec<OpenEnum> {
    let Some(schemas) = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return Vec::new();
    };
    let mut found: Vec<OpenEnum> = schemas
        .iter()
        .filter_map(|(component, schema)| {
            Some(OpenEnum {
                name: type_name(component),
                component: component.clone(),
                description: schema
                    .get("description")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                values: string_values(schema)?,
            })
        })
        .collect();
    found.sort_by(|a, b| a.name.cmp(&b.name));
    found
}

/// The Rust item for one open enum: the enum, its wire-string conversions and serde impls.
pub fn tokens(open: &OpenEnum) -> TokenStream {
    let name = format_ident!("{}", open.name);
    let variants = variant_names(&open.values);
    let catch_all = match variants.iter().any(|v| v == "Unknown") {
        false => "Unknown".to_string(),
        true => unique(
            "UnknownValue".into(),
            2,
            &variants.iter().cloned().collect(),
        ),
    };
    let catch_all = format_ident!("{catch_all}");
    let idents: Vec<_> = variants.iter().map(|v| format_ident!("{v}")).collect();
    let values = &open.values;
    let value_docs: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
    let type_doc = open
        .description
        .clone()
        .unwrap_or_else(|| format!("One of the `{}` values.", open.component));
    let catch_all_doc = "A value this version of the spec does not list, kept exactly as received.";
    quote! {
        #[doc = #type_doc]
        ///
        /// Values this client does not know decode into the catch-all variant rather than failing.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #( #[doc = #value_docs] #idents, )*
            #[doc = #catch_all_doc]
            #catch_all(::std::string::String),
        }

        impl #name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#idents => #values, )*
                    Self::#catch_all(value) => value.as_str(),
                }
            }
        }

        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #values => Self::#idents, )*
                    other => Self::#catch_all(other.to_owned()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    #( #values => Self::#idents, )*
                    _ => Self::#catch_all(value),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            // Not `Self::Err`: that is ambiguous once the spec lists a value `Err`.
            fn from_str(value: &str) -> ::std::result::Result<Self, ::std::convert::Infallible> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                <::std::string::String as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

/// Variant names for wire values: `MATCH_EXACTLY` → `MatchExactly`, `""` → `Empty`, `1` →
/// `Value1`, `Self` → `SelfValue`, `é` → `U00e9`. Names are ASCII identifiers; a clash (values
/// that differ only in case or punctuation) gets the value's position appended, and then a
/// further number until it is unique.
fn variant_names(values: &[String]) -> Vec<String> {
    let mut used = BTreeSet::new();
    values
        .iter()
        .enumerate()
        .map(|(index, value)| {
            let cleaned: String = ascii_words(value)
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect();
            let base = match cleaned.to_pascal_case() {
                _ if value.trim().is_empty() => "Empty".to_string(),
                name if name.is_empty() => "Value".to_string(),
                name if name.starts_with(|c: char| c.is_ascii_digit()) => format!("Value{name}"),
                name if is_reserved(&name) => format!("{name}Value"),
                name => name,
            };
            let name = unique(base, index, &used);
            used.insert(name.clone());
            name
        })
        .collect()
}

/// `name`, or `name` followed by the first number from `from` on that nobody `used`.
fn unique(name: String, from: usize, used: &BTreeSet<String>) -> String {
    let numbered = (from..).map(|n| format!("{name}{n}"));
    first_free(name.clone(), numbered, used.len(), |candidate| {
        !used.contains(candidate)
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn inline_enums_are_hoisted_with_typify_names_and_keep_their_use_site() {
        let mut document = json!({
            "components": {"schemas": {"Tenant": {"type": "object", "properties": {
                "role": {"type": "string", "enum": ["A", "B", null], "nullable": true, "description": "Role."}
            }}}},
            "paths": {"/x": {"get": {"operationId": "getX", "responses": {"200": {"content": {
                "application/json": {"schema": {"type": "array", "items": {"properties": {
                    "kind": {"enum": ["K"]}
                }}}}
            }}}}}}
        });
        hoist_string_enums(&mut document);
        let schemas = &document["components"]["schemas"];
        assert_eq!(
            schemas["Tenant"]["properties"]["role"],
            json!({"allOf": [{"$ref": "#/components/schemas/TenantRole"}], "description": "Role.", "nullable": true})
        );
        assert_eq!(
            schemas["TenantRole"],
            json!({"type": "string", "enum": ["A", "B"], "description": "Role."})
        );
        assert_eq!(
            schemas["GetXResponseItemKind"],
            json!({"type": "string", "enum": ["K"]})
        );
    }

    #[test]
    fn identical_enums_share_a_name_and_different_ones_get_numbered() {
        let mut document = json!({"components": {"schemas": {
            "A": {"properties": {"s": {"enum": ["x"]}}},
            "AS": {"type": "string", "enum": ["other"]},
        }}});
        hoist_string_enums(&mut document);
        assert_eq!(
            document["components"]["schemas"]["AS2"],
            json!({"type": "string", "enum": ["x"]})
        );
    }

    #[test]
    fn a_taken_name_is_reused_only_by_a_component_of_that_name_with_the_same_values() {
        let values = |list: &[&str]| list.iter().map(|v| v.to_string()).collect::<Vec<_>>();
        let hoisted = vec![
            ("Status".to_owned(), json!({"enum": ["ON", "OFF"]})),
            ("Other".to_owned(), json!({"enum": ["UP"]})),
        ];
        let mut taken = BTreeSet::from(["Status".to_owned(), "Other".to_owned()]);
        let same = claim_name("Status", &values(&["ON", "OFF"]), &hoisted, &mut taken);
        assert_eq!(same, "Status");
        let differs = claim_name("Status", &values(&["UP"]), &hoisted, &mut taken);
        assert_eq!(differs, "Status2");
        assert!(taken.contains("Status2"));
    }

    #[test]
    fn a_used_name_gets_the_first_free_number_from_the_one_given() {
        let used = BTreeSet::from(["On".to_owned(), "On1".to_owned(), "Off".to_owned()]);
        assert_eq!(unique("On".to_owned(), 1, &used), "On2");
        assert_eq!(unique("Off".to_owned(), 2, &used), "Off2");
        assert_eq!(unique("Up".to_owned(), 1, &used), "Up");
    }

    #[test]
    fn names_are_numbered_past_every_taken_one() {
        let mut taken = BTreeSet::from(["Mode".to_owned(), "Mode2".to_owned(), "Mode3".to_owned()]);
        let name = claim_name("Mode", &["ON".to_owned()], &[], &mut taken);
        assert_eq!(name, "Mode4");
        assert_eq!(claim_name("Level", &[], &[], &mut taken), "Level");
    }

    #[test]
    fn children_are_named_after_their_property_items_or_values_and_parts_after_the_whole() {
        let schema = json!({
            "properties": {"day_mode": {"enum": ["ON"]}},
            "items": {"enum": ["A"]},
            "additionalProperties": {"enum": ["B"]},
            "anyOf": [{"enum": ["C"]}]
        });
        let mut hints = child_hints(&schema, "Thing");
        hints.sort();
        assert_eq!(
            hints,
            [
                ("/additionalProperties".to_owned(), "ThingValue".to_owned()),
                ("/anyOf/0".to_owned(), "Thing".to_owned()),
                ("/items".to_owned(), "ThingItem".to_owned()),
                ("/properties/day_mode".to_owned(), "ThingDayMode".to_owned()),
            ]
        );
    }

    #[test]
    fn schemas_of_shared_components_are_named_after_the_component() {
        let document = json!({"paths": {"/things": {"post": {"operationId": "createThing"}}}});
        let root = |pointer: &str, place| walk::Root {
            pointer: pointer.to_owned(),
            place,
        };
        let shared = root("/components/parameters/Skip/schema", Place::Parameter);
        assert_eq!(base_name(&document, &shared).as_deref(), Some("Skip"));
        let body = root(
            "/paths/~1things/post/requestBody/content/application~1json/schema",
            Place::RequestBody,
        );
        assert_eq!(
            base_name(&document, &body).as_deref(),
            Some("CreateThingBody")
        );
    }

    #[test]
    fn string_values_come_only_from_untyped_or_string_enums() {
        assert_eq!(
            string_values(&json!({"enum": ["ON", null, "ON", "OFF"]})),
            Some(vec!["ON".to_owned(), "OFF".to_owned()])
        );
        assert_eq!(
            string_values(&json!({"type": "integer", "enum": ["1"]})),
            None
        );
        assert_eq!(
            string_values(&json!({"type": "string", "enum": ["1", 2]})),
            None
        );
    }

    #[test]
    fn component_enums_lose_null_and_non_string_enums_are_not_collected() {
        let mut document = json!({"components": {"schemas": {
            "Mode": {"type": "string", "enum": ["ON", null], "nullable": true},
            "Level": {"type": "integer", "enum": [1, 2]}
        }}});
        hoist_string_enums(&mut document);
        assert_eq!(
            document["components"]["schemas"]["Mode"],
            json!({"type": "string", "enum": ["ON"]})
        );
        assert_eq!(
            collect(&document),
            vec![OpenEnum {
                name: "Mode".into(),
                component: "Mode".into(),
                description: None,
                values: vec!["ON".into()]
            }]
        );
    }

    #[test]
    fn variant_names_are_pascal_case_and_unique() {
        let values: Vec<String> = ["MATCH_EXACTLY", "match-exactly", "", "1"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            variant_names(&values),
            ["MatchExactly", "MatchExactly1", "Empty", "Value1"]
        );
    }

    #[test]
    fn variant_names_are_ascii_identifiers_even_for_keywords_and_clashes() {
        let values: Vec<String> = ["Self", "self", "ON", "on", "On1", "+", "é", "1st", "Err"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            variant_names(&values),
            [
                "SelfValue",
                "SelfValue1",
                "On",
                "On3",
                "On1",
                "Value",
                "U00e9",
                "Value1st",
                "Err"
            ]
        );
    }

    #[test]
    fn the_catch_all_avoids_every_variant() {
        let open = OpenEnum {
            name: "S".into(),
            component: "S".into(),
            description: None,
            values: vec!["UNKNOWN".into(), "UnknownValue".into()],
        };
        let code = tokens(&open).to_string();
        assert!(
            code.contains("UnknownValue2 (:: std :: string :: String)"),
            "{code}"
        );
    }

    #[test]
    fn a_known_unknown_value_moves_the_catch_all() {
        let open = OpenEnum {
            name: "S".into(),
            component: "S".into(),
            description: None,
            values: vec!["UNKNOWN".into()],
        };
        let code = tokens(&open).to_string();
        assert!(
            code.contains("UnknownValue (:: std :: string :: String)"),
            "{code}"
        );
    }
}
