//! Docs that are true for every use: a description in the canonical spec is what the page
//! (with the overlay's fixes) says at that place, or absent where the sites of a shared type
//! disagree. Checked on pages of our own and on the vendor's.

mod support;

use portsip_api_build::openapi::{for_each_root, for_each_subschema, refs};
use serde_json::{Value, json};
use support::{Corpus, fragment, operation, page};
use xtask::spec::cli::workspace_root;
use xtask::spec::{Inputs, generate, overlaid};

/// Where `canonical` shows a description that the pages do not give at that place.
fn untrue_descriptions(pages: &Value, canonical: &Value) -> Vec<String> {
    let mut untrue = Vec::new();
    for_each_root(pages, |root, schema| {
        if let Some(counterpart) = canonical.pointer(root.pointer) {
            let documents = Documents { pages, canonical };
            compare(
                &documents,
                schema,
                counterpart,
                root.site.to_owned(),
                &mut untrue,
            );
        }
    });
    untrue
}

struct Documents<'a> {
    pages: &'a Value,
    canonical: &'a Value,
}

fn compare(
    documents: &Documents,
    page: &Value,
    canonical: &Value,
    site: String,
    untrue: &mut Vec<String>,
) {
    // Text beside a `$ref` is the site's own; otherwise the referenced type speaks for it.
    let text = |document: &Value, schema: &Value| {
        schema
            .get("description")
            .or_else(|| refs::follow_value(document, schema).get("description"))
            .cloned()
    };
    let shown = text(documents.canonical, canonical);
    let said = text(documents.pages, page);
    if shown.is_some() && shown != said {
        untrue.push(format!("{site}: shows {shown:?}, the page says {said:?}"));
    }
    if refs::reference_of(page).is_some() {
        // A component of the pages' own: checked as a root of its own.
        return;
    }
    let resolved = refs::follow_value(documents.canonical, canonical);
    let mut children = Vec::new();
    for_each_subschema(resolved, |slot, child| children.push((slot, child)));
    for_each_subschema(page, |slot, child| {
        if let Some((_, counterpart)) = children.iter().find(|(s, _)| *s == slot) {
            let mut child_site = site.clone();
            slot.push_site(&mut child_site);
            compare(documents, child, counterpart, child_site, untrue);
        }
    });
}

fn shared_id_corpus() -> Corpus {
    let created = |id: &str, what: &str| {
        let mut op = operation(
            id,
            json!({"type": "object", "properties": {
                "id": {"type": "string", "description": format!("The unique ID of this {what}.\n")},
                "note": {"type": "string", "description": "Always the same.\n"}
            }}),
        );
        op["responses"]["201"] = op["responses"]["200"].take();
        op["responses"].as_object_mut().unwrap().remove("200");
        op
    };
    let corpus = Corpus::new();
    corpus.write(
        "a.md",
        page(
            "Things",
            &[
                (
                    "Create a tenant",
                    fragment("/tenants", "post", created("createTenant", "tenant")),
                ),
                (
                    "Create a number",
                    fragment("/numbers", "post", created("createNumber", "number")),
                ),
            ],
        ),
    );
    corpus
}

#[test]
fn a_shared_type_shows_only_the_text_all_its_sites_give() {
    let corpus = shared_id_corpus();
    let generated = generate(&corpus.inputs()).unwrap();
    let schemas = generated.document["components"]["schemas"]
        .as_object()
        .unwrap();
    assert_eq!(schemas.len(), 1, "one shape, one type: {schemas:?}");
    let (_, shared) = schemas.iter().next().unwrap();
    assert_eq!(shared["properties"]["id"], json!({"type": "string"}));
    assert_eq!(
        shared["properties"]["note"]["description"],
        "Always the same.\n"
    );
    let pages = overlaid(&corpus.inputs()).unwrap().document;
    assert_eq!(
        untrue_descriptions(&pages, &generated.document),
        Vec::<String>::new()
    );
}

#[test]
fn the_check_sees_text_shown_at_the_wrong_site() {
    let corpus = shared_id_corpus();
    let pages = overlaid(&corpus.inputs()).unwrap().document;
    let mut wrong = generate(&corpus.inputs()).unwrap().document;
    let schemas = wrong["components"]["schemas"].as_object_mut().unwrap();
    let shared = schemas.values_mut().next().unwrap();
    shared["properties"]["id"]["description"] = json!("The unique ID of this tenant.\n");
    let untrue = untrue_descriptions(&pages, &wrong);
    assert_eq!(untrue.len(), 1, "{untrue:#?}");
    assert!(
        untrue[0].starts_with("createNumber.response.201.id"),
        "{untrue:#?}"
    );
}

#[test]
fn every_description_in_the_vendor_spec_is_what_its_page_says() {
    let root = workspace_root();
    let inputs = Inputs {
        root: root.clone(),
        docs: root.join("spec/docs"),
        overlay: Some(root.join("spec/overlay.json")),
        names: Some(root.join("spec/names.toml")),
    };
    let pages = overlaid(&inputs).unwrap().document;
    let generated = generate(&inputs).unwrap();
    let untrue = untrue_descriptions(&pages, &generated.document);
    assert!(
        untrue.is_empty(),
        "{} untrue:\n{}",
        untrue.len(),
        untrue[..untrue.len().min(20)].join("\n")
    );
}
