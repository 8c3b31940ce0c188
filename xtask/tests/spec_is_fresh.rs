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
    let operations: usize = document["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|item| {
            item.as_object()
                .unwrap()
                .keys()
                .filter(|k| xtask::spec::merge::HTTP_METHODS.contains(&k.as_str()))
                .count()
        })
        .sum();
    assert_eq!(operations, 30);
    for (name, _) in document["components"]["schemas"].as_object().unwrap() {
        assert_eq!(xtask::spec::names::name_problem(name), None, "{name}");
    }
    assert_eq!(
        xtask::openapi_schema::validate_openapi_31(&document.clone().into()),
        Ok(())
    );
}
