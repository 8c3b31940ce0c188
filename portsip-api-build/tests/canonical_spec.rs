//! The generator run on the repository's canonical spec: the names and the size of what it
//! emits, which the issue sets targets for.

use portsip_api_build::{Generated, Settings, generate};

const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/openapi.json");

fn spec() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(SPEC).expect("the canonical spec is checked in"))
        .unwrap()
}

fn generated() -> Generated {
    generate(
        SPEC,
        &std::fs::read_to_string(SPEC).unwrap(),
        &Settings::portsip_api(),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn type_names_read_like_hand_written_ones() {
    let generated = generated();
    for name in &generated.type_names {
        assert!(name.len() <= 30, "{name} is longer than 30 characters");
        let numbered_variant =
            generated.code.contains("Variant0") || generated.code.contains("Subtype0");
        assert!(!numbered_variant, "a type has numbered variants");
    }
}

#[test]
fn the_two_pages_fit_in_45_data_types() {
    let tags = spec()["tags"].as_array().map_or(0, Vec::len);
    let generated = generated();
    println!(
        "{} data types: {:?}",
        generated.type_names.len(),
        generated.type_names
    );
    // The target is stated for the Authentication and Tenant pages.
    if tags <= 2 {
        assert!(
            generated.type_names.len() <= 45,
            "{} data types",
            generated.type_names.len()
        );
    }
}

#[test]
fn every_component_schema_is_one_generated_type() {
    let spec = spec();
    let components = spec["components"]["schemas"].as_object().unwrap();
    let generated = generated();
    for name in components.keys() {
        let rust_name = portsip_api_build::naming::type_name(name);
        assert!(
            generated.type_names.contains(&rust_name),
            "{name} generated no type"
        );
    }
}

#[test]
fn list_operations_are_the_operations_shaped_like_lists() {
    let spec = spec();
    let mut expected: Vec<String> = Vec::new();
    for item in spec["paths"].as_object().unwrap().values() {
        if let Some(get) = item.get("get") {
            let names: Vec<&str> = get["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| p["name"].as_str())
                .collect();
            if names.contains(&"skip") && names.contains(&"top") {
                expected.push(get["operationId"].as_str().unwrap().into());
            }
        }
    }
    assert!(!expected.is_empty());
    assert_eq!(generated().list_operations, expected);
}

#[test]
fn string_enums_are_open() {
    let generated = generated();
    let enum_count = spec()["components"]["schemas"]
        .as_object()
        .unwrap()
        .values()
        .filter(|s| s.get("enum").is_some())
        .count();
    assert!(enum_count > 0);
    // The catch-all is `Unknown`, or `UnknownValue` beside a vendor value `UNKNOWN`.
    let catch_alls = ["Unknown", "UnknownValue"]
        .iter()
        .map(|name| {
            let variant = format!("        {name}(::std::string::String),");
            generated
                .code
                .lines()
                .filter(|line| *line == variant)
                .count()
        })
        .sum::<usize>();
    assert_eq!(catch_alls, enum_count);
}

#[test]
fn operations_carry_the_spec_summary_and_description() {
    let spec = spec();
    let code = generated().code;
    for item in spec["paths"].as_object().unwrap().values() {
        for operation in item.as_object().unwrap().values() {
            for text in ["summary", "description"]
                .iter()
                .filter_map(|k| operation[k].as_str())
            {
                // progenitor drops a summary's final full stop.
                let first_line = text
                    .lines()
                    .next()
                    .unwrap()
                    .trim()
                    .trim_end_matches(['.', ',']);
                assert!(
                    code.contains(first_line),
                    "{first_line:?} is not in the generated docs"
                );
            }
        }
    }
}

/// `(component, property)` for every property the spec marks `format: password`.
fn secret_properties(spec: &serde_json::Value) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for (component, schema) in spec["components"]["schemas"].as_object().unwrap() {
        for (property, value) in schema["properties"].as_object().into_iter().flatten() {
            if value["format"] == "password" {
                found.push((component.clone(), property.clone()));
            }
        }
    }
    found
}

#[test]
fn every_secret_property_is_a_redacting_field_with_its_docs() {
    use heck::ToSnakeCase;
    use quote::ToTokens;

    let spec = spec();
    let secrets = secret_properties(&spec);
    assert!(!secrets.is_empty(), "the spec marks no secret");
    let file = syn::parse_file(&generated().code).unwrap();
    let types = file
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == "types" => m.content.as_ref().map(|(_, items)| items),
            _ => None,
        })
        .unwrap();
    for (component, property) in secrets {
        let rust_name = portsip_api_build::naming::type_name(&component);
        let field = types
            .iter()
            .find_map(|item| match item {
                syn::Item::Struct(s) if s.ident == rust_name => s.fields.iter().find(|f| {
                    f.ident
                        .as_ref()
                        .is_some_and(|i| *i == property.to_snake_case())
                }),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no field {rust_name}.{property}"));
        let ty = field.ty.to_token_stream().to_string().replace(' ', "");
        assert!(
            ty.ends_with("SecretString") || ty.ends_with("SecretString>"),
            "{component}.{property} is {ty}"
        );
        let docs = field
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("doc"))
            .map(|a| a.to_token_stream().to_string())
            .collect::<String>();
        if let Some(description) = spec["components"]["schemas"][&component]["properties"]
            [&property]["description"]
            .as_str()
        {
            let first_line = description.lines().next().unwrap().trim();
            assert!(docs.contains(first_line), "{component}.{property}: {docs}");
        }
    }
}
