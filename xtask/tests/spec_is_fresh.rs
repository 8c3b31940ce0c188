//! The checked-in canonical spec is what the checked-in pages, overlay and names generate
//! (rust-analyzer's `ensure_file_contents` habit): a stale or hand-edited file fails this test,
//! which rewrites it so the fix is one commit away.

use xtask::spec::cli::{render, workspace_root};
use xtask::spec::{Inputs, generate};

#[test]
fn spec_openapi_json_is_up_to_date() {
    let root = workspace_root();
    let inputs = Inputs {
        root: root.clone(),
        docs: root.join("spec/docs"),
        overlay: Some(root.join("spec/overlay.json")),
        names: Some(root.join("spec/names.toml")),
    };
    let generated = generate(&inputs).unwrap_or_else(|error| panic!("{error}"));
    let files = render(&generated, &root.join("spec/openapi.json"));
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
    let root = workspace_root();
    let document: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("spec/openapi.json")).unwrap())
            .unwrap();
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
    let root = workspace_root();
    let inputs = Inputs {
        root: root.clone(),
        docs: root.join("spec/docs"),
        overlay: Some(root.join("spec/overlay.json")),
        names: Some(root.join("spec/names.toml")),
    };
    let generated = generate(&inputs).unwrap_or_else(|error| panic!("{error}"));
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
