//! The checked-in canonical spec, and the client's features, are what the checked-in pages,
//! overlay and names generate (rust-analyzer's `ensure_file_contents` habit): a stale or
//! hand-edited file fails this test, which rewrites it so the fix is one commit away.

use xtask::spec::cli::{render, render_manifest, workspace_root};
use xtask::spec::{Inputs, generate};

#[test]
fn spec_openapi_json_and_the_client_features_are_up_to_date() {
    let root = workspace_root();
    let generated = generate_checked_in(&root);
    let mut files = render(&generated, &root.join("spec/openapi.json"));
    let manifest = root.join("portsip-api/Cargo.toml");
    files.push(render_manifest(&generated, &root, &manifest).unwrap_or_else(|e| panic!("{e}")));
    let stale: Vec<String> = files
        .iter()
        .filter_map(xtask::spec::output::staleness)
        .collect();
    if !stale.is_empty() {
        xtask::spec::output::write_all(&files).unwrap();
        panic!(
            "{}\n\nThe files were regenerated: review and commit them.",
            stale.join("\n")
        );
    }
}

#[test]
fn the_vendor_pages_give_all_operations_and_only_named_types() {
    let document = canonical_spec();
    let operations = portsip_api_build::openapi::operations(&document).len();
    assert_eq!(operations, 567);
    for (name, _) in document["components"]["schemas"].as_object().unwrap() {
        assert_eq!(xtask::spec::names::name_problem(name), None, "{name}");
    }
    assert_eq!(
        xtask::openapi_schema::validate_openapi_31(&document),
        Ok(())
    );
}

#[test]
fn every_type_of_the_vendor_pages_has_a_name_a_person_would_choose() {
    let generated = generate_checked_in(&workspace_root());
    let mut numbered = Vec::new();
    for schema in &generated.schemas {
        let words = xtask::spec::names::words::split(&schema.name);
        let last = words.last().unwrap().to_ascii_lowercase();
        // A number is the vendor's own only where a site spells it so (`listSpeedDial8`).
        let vendor_word = schema
            .sites
            .iter()
            .any(|site| site.to_ascii_lowercase().replace('_', "").contains(&last));
        if last.ends_with(|c: char| c.is_ascii_digit()) && !vendor_word {
            numbered.push(&schema.name);
        }
        assert!(
            !schema.name.contains("Variant"),
            "{} names no alternative",
            schema.name
        );
    }
    assert_eq!(
        numbered,
        Vec::<&String>::new(),
        "names told apart by a number"
    );
    let unsettled: Vec<&String> = generated
        .warnings
        .iter()
        .filter(|warning| warning.contains("naming file"))
        .collect();
    assert_eq!(unsettled, Vec::<&String>::new());
}

/// The pages copy the description of an office-hour range's `from` onto its `to`; the overlay
/// corrects it wherever the shape appears.
#[test]
fn an_office_hour_range_ends_at_its_to() {
    let document = canonical_spec();
    let ranges: Vec<_> = document["components"]["schemas"]
        .as_object()
        .unwrap()
        .values()
        .filter(|schema| {
            schema["properties"]["from"]["description"]
                .as_str()
                .is_some_and(|text| text.starts_with("The start time for office hour"))
        })
        .collect();
    assert!(!ranges.is_empty(), "no office-hour range in the spec");
    for range in ranges {
        let to = range["properties"]["to"]["description"].as_str();
        assert!(
            to.is_some_and(|text| text.starts_with("The end time for office hour")),
            "{to:?}"
        );
    }
}

fn canonical_spec() -> serde_json::Value {
    let path = workspace_root().join("spec/openapi.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// What the checked-in pages, overlay and names generate.
fn generate_checked_in(root: &std::path::Path) -> xtask::spec::Generated {
    let inputs = Inputs {
        root: root.to_path_buf(),
        docs: root.join("spec/docs"),
        overlay: Some(root.join("spec/overlay.json")),
        names: Some(root.join("spec/names.toml")),
    };
    generate(&inputs).unwrap_or_else(|error| panic!("{error}"))
}
