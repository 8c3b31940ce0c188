//! The spec pipeline on pages of our own making: nothing may depend on the two vendor pages
//! being the only ones.

mod support;

use serde_json::Value;
use serde_json::json;
use support::{Corpus, fragment, operation, page, thing_schema};
use xtask::spec::{SpecError, generate};

fn things_corpus() -> Corpus {
    let corpus = Corpus::new();
    let list = fragment(
        "/things",
        "get",
        operation(
            "listThings",
            json!({
                "type": "object",
                "properties": {"count": {"type": "integer"}, "items": {"type": "array", "items": thing_schema("A thing in a list.\n")}}
            }),
        ),
    );
    let show = fragment("/things/{id}", "get", {
        let mut op = operation("showThing", thing_schema("The thing.\n"));
        op["parameters"] =
            json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}]);
        op
    });
    let create = fragment("/things", "post", {
        let mut op = operation(
            "createThing",
            json!({"type": "object", "properties": {"id": {"type": "string"}}}),
        );
        op["requestBody"] =
            json!({"content": {"application/json": {"schema": thing_schema("What to create.\n")}}});
        op
    });
    corpus.write(
        "a-things.md",
        page("Things", &[("List things", list), ("Show a thing", show)]),
    );
    corpus.write("b-more.md", page("More", &[("Create a thing", create)]));
    corpus
}

/// Object and enum schemas still written out in place rather than referenced.
fn inline_named_types(document: &Value) -> Vec<String> {
    portsip_api_build::openapi::schema_sites(document)
        .into_iter()
        .filter(|site| !site.pointer.starts_with("/components/schemas/") || site.depth > 0)
        .filter(|site| {
            let schema = document.pointer(&site.pointer).unwrap();
            schema.get("$ref").is_none()
                && (schema.get("properties").is_some() || schema.get("enum").is_some())
        })
        .map(|site| site.site)
        .collect()
}

#[test]
fn pages_sharing_paths_and_tags_merge_into_one_document() {
    let generated = generate(&things_corpus().inputs()).unwrap();
    let document = &generated.document;
    assert_eq!(generated.operations, 3);
    let things = document["paths"]["/things"].as_object().unwrap();
    assert!(things.contains_key("get") && things.contains_key("post"));
    assert_eq!(
        document["tags"],
        json!([{"name": "Things", "description": "Manage things.\n"}])
    );
    assert!(
        generated.warnings.iter().all(|w| !w.contains("tag")),
        "{:?}",
        generated.warnings
    );
}

#[test]
fn every_object_and_enum_is_hoisted_once_and_use_sites_keep_their_descriptions() {
    let generated = generate(&things_corpus().inputs()).unwrap();
    let document = &generated.document;
    assert_eq!(inline_named_types(document), Vec::<String>::new());
    let schemas = document["components"]["schemas"].as_object().unwrap();
    let things: Vec<_> = schemas
        .iter()
        .filter(|(_, s)| s["properties"].get("kind").is_some())
        .collect();
    assert_eq!(
        things.len(),
        1,
        "one Thing for list items, show and create: {schemas:?}"
    );
    let thing_ref = json!(format!("#/components/schemas/{}", things[0].0));
    let show = &document["paths"]["/things/{id}"]["get"]["responses"]["200"]["content"]["application/json"]
        ["schema"];
    assert_eq!(
        show,
        &json!({"$ref": thing_ref, "description": "The thing.\n"})
    );
    let body = &document["paths"]["/things"]["post"]["requestBody"]["content"]["application/json"]
        ["schema"];
    assert_eq!(body["description"], "What to create.\n");
    // The enum inside keeps its use-site default beside the reference.
    let kind = &things[0].1["properties"]["kind"];
    assert_eq!(kind["default"], "A");
    assert!(
        kind["$ref"]
            .as_str()
            .unwrap()
            .starts_with("#/components/schemas/")
    );
}

#[test]
fn two_runs_give_byte_identical_files() {
    let corpus = things_corpus();
    let render = || {
        let generated = generate(&corpus.inputs()).unwrap();
        xtask::spec::cli::render(&generated, &corpus.path("openapi.json"))
            .into_iter()
            .map(|file| file.text)
            .collect::<Vec<_>>()
    };
    let first = render();
    assert_eq!(first, render());
    assert!(first[0].ends_with("}\n") && first[0].starts_with("{\n  \""));
}

#[test]
fn pinned_names_survive_adding_an_unrelated_page() {
    let corpus = things_corpus();
    std::fs::write(corpus.path("names.toml"), "[schemas]\nThing = \"showThing.response.200\"\nThingKind = \"showThing.response.200.kind\"\n").unwrap();
    let inputs = xtask::spec::Inputs {
        names: Some(corpus.path("names.toml")),
        ..corpus.inputs()
    };
    let before = generate(&inputs).unwrap().document;
    let other = fragment(
        "/widgets",
        "get",
        operation(
            "listWidgets",
            json!({
                "type": "object", "properties": {"size": {"type": "integer"}, "kind": {"type": "string", "enum": ["X"]}}
            }),
        ),
    );
    // Sorts before the other pages, so its schemas are met first.
    corpus.write("0-widgets.md", page("Widgets", &[("List widgets", other)]));
    let after = generate(&inputs).unwrap().document;
    for name in ["Thing", "ThingKind"] {
        assert_eq!(
            before["components"]["schemas"][name], after["components"]["schemas"][name],
            "{name}"
        );
    }
    assert_eq!(before["paths"]["/things"], after["paths"]["/things"]);
}

#[test]
fn unpinned_schemas_are_named_by_the_rules_and_clashing_pins_are_errors() {
    let corpus = things_corpus();
    let generated = generate(&corpus.inputs()).unwrap();
    let mut names: Vec<&str> = generated.schemas.iter().map(|s| s.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["CreatedThing", "Thing", "ThingKind", "ThingList"]);
    assert!(
        generated.warnings.iter().all(|w| !w.contains("nam")),
        "{:?}",
        generated.warnings
    );
    std::fs::write(corpus.path("names.toml"), "[schemas]\nThing = \"showThing.response.200\"\nItem = \"listThings.response.200.items[]\"\n").unwrap();
    let inputs = xtask::spec::Inputs {
        names: Some(corpus.path("names.toml")),
        ..corpus.inputs()
    };
    let error = generate(&inputs).unwrap_err().to_string();
    assert!(
        error.starts_with("names.toml:")
            && error.contains("`Thing` and `Item`")
            && error.contains("name the same schema"),
        "{error}"
    );
}

#[test]
fn a_pin_may_name_several_sites_of_one_schema_but_not_two_schemas() {
    let corpus = things_corpus();
    let names = corpus.path("names.toml");
    let inputs = xtask::spec::Inputs {
        names: Some(names.clone()),
        ..corpus.inputs()
    };
    std::fs::write(&names, "[schemas]\nThing = [\"showThing.response.200\", \"createThing.request\", \"listThings.response.200.items[]\"]\n").unwrap();
    let generated = generate(&inputs).unwrap();
    assert!(generated.document["components"]["schemas"]["Thing"].is_object());

    std::fs::write(&names, "[schemas]\nThing = [\"showThing.response.200\", \"listThings.response.200\", \"createThing.request\"]\n").unwrap();
    let error = generate(&inputs).unwrap_err().to_string();
    assert!(
        error.contains("`Thing` names two different schemas"),
        "{error}"
    );
}

#[test]
fn overlay_fixes_are_applied_and_traced_to_their_line() {
    let corpus = things_corpus();
    let overlay = r#"{
  "overlay": "1.0.0",
  "info": {"title": "fixes", "version": "1"},
  "actions": [
    {
      "target": "$.paths['/things'].get.responses['4XX']",
      "update": {"content": {"application/json": {"schema": {"type": "object", "properties": {"errors": {"type": "array"}}}}}}
    }
  ]
}"#;
    std::fs::write(corpus.path("overlay.json"), overlay).unwrap();
    let inputs = xtask::spec::Inputs {
        overlay: Some(corpus.path("overlay.json")),
        ..corpus.inputs()
    };
    let generated = generate(&inputs).unwrap();
    let error = &generated.document["paths"]["/things"]["get"]["responses"]["4XX"];
    assert!(error["content"]["application/json"]["schema"]["$ref"].is_string());
    let at = generated
        .source_map
        .locate("/paths/~1things/get/responses/4XX/content")
        .unwrap();
    assert_eq!((at.file.as_str(), at.line), ("overlay.json", 5));
    let page = generated
        .source_map
        .locate("/paths/~1things/get/responses/200")
        .unwrap();
    assert_eq!(
        (page.file.as_str(), page.line, page.context.as_str()),
        ("docs/a-things.md", 10, "## List things")
    );
}

fn error_of(corpus: &Corpus) -> SpecError {
    generate(&corpus.inputs()).unwrap_err()
}

#[test]
fn a_tag_described_twice_differently_keeps_the_first_with_a_warning() {
    let corpus = things_corpus();
    let mut other = fragment(
        "/widgets",
        "get",
        operation("listWidgets", json!({"type": "string"})),
    );
    other["tags"][0]["description"] = json!("Other words.\n");
    corpus.write("c.md", page("C", &[("List widgets", other)]));
    let generated = generate(&corpus.inputs()).unwrap();
    assert_eq!(
        generated.document["tags"][0]["description"],
        "Manage things.\n"
    );
    let warning = generated
        .warnings
        .iter()
        .find(|w| w.contains("tag"))
        .unwrap();
    assert!(
        warning.contains("docs/a-things.md:10") && warning.contains("docs/c.md:10"),
        "{warning}"
    );
}

#[test]
fn the_same_operation_twice_is_fine_when_identical_and_an_error_otherwise() {
    let corpus = things_corpus();
    let same = fragment("/things", "post", {
        let mut op = operation(
            "createThing",
            json!({"type": "object", "properties": {"id": {"type": "string"}}}),
        );
        op["requestBody"] =
            json!({"content": {"application/json": {"schema": thing_schema("What to create.\n")}}});
        op
    });
    corpus.write("c.md", page("C", &[("Create again", same.clone())]));
    assert!(generate(&corpus.inputs()).is_ok());

    let mut different = same;
    different["paths"]["/things"]["post"]["summary"] = json!("Something else");
    corpus.write("c.md", page("C", &[("Create differently", different)]));
    let error = error_of(&corpus).to_string();
    assert_eq!(
        error,
        "POST /things is defined twice, differently: docs/b-more.md:10 (## Create a thing) and docs/c.md:10 (## Create differently)"
    );
}

#[test]
fn bad_inputs_name_the_page_and_line() {
    for bad in support::bad_inputs("a-things.md") {
        let corpus = things_corpus();
        (bad.break_it)(&corpus);
        let error = error_of(&corpus).to_string();
        assert!(error.starts_with(&bad.expected), "{}: {error}", bad.what);
    }
}

#[test]
fn an_empty_docs_folder_is_an_error() {
    let corpus = Corpus::new();
    let error = error_of(&corpus).to_string();
    assert!(
        error.ends_with("docs: no vendor pages (*.md) found"),
        "{error}"
    );
}

#[test]
fn an_overlay_action_matching_nothing_is_an_error() {
    let corpus = things_corpus();
    std::fs::write(
        corpus.path("overlay.json"),
        "{\"overlay\": \"1.0.0\", \"info\": {\"title\": \"t\", \"version\": \"1\"},\n \"actions\": [\n  {\"target\": \"$.paths['/gone'].get\", \"update\": {\"summary\": \"x\"}}\n]}\n",
    )
    .unwrap();
    let inputs = xtask::spec::Inputs {
        overlay: Some(corpus.path("overlay.json")),
        ..corpus.inputs()
    };
    let error = generate(&inputs).unwrap_err().to_string();
    assert_eq!(
        error,
        "overlay.json:3 ($.paths['/gone'].get): overlay action target `$.paths['/gone'].get` matches nothing"
    );
}
