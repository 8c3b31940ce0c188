//! `cargo xtask diff` on pairs of page sets of our own: each kind of release change, through the
//! whole pipeline and both generated clients, classified as this crate's users feel it.

mod support;

use serde_json::{Value, json};
use support::{Corpus, fragment, page};
use xtask::diff::{Release, Report, Spec, diff};

/// A page set: each `(page file, title, [(heading, path, method, operation)])`.
type Pages<'a> = &'a [(&'a str, &'a str, Vec<(&'a str, &'a str, &'a str, Value)>)];

/// The canonical spec the pages (and naming file, if any) generate.
fn spec(pages: Pages, names: Option<&str>) -> Spec {
    let corpus = Corpus::new();
    for (file, title, operations) in pages {
        let sections: Vec<(&str, Value)> = operations
            .iter()
            .map(|(heading, path, method, operation)| {
                let mut operation = operation.clone();
                if path.contains("{id}") {
                    operation["parameters"] = json!([{"name": "id", "in": "path",
                        "required": true, "schema": {"type": "string"}}]);
                }
                (*heading, fragment(path, method, operation))
            })
            .collect();
        corpus.write(file, page(title, &sections));
    }
    let mut inputs = corpus.inputs();
    if let Some(names) = names {
        std::fs::write(corpus.path("names.toml"), names).unwrap();
        inputs.names = Some(corpus.path("names.toml"));
    }
    let generated = xtask::spec::generate(&inputs).unwrap_or_else(|e| panic!("{e}"));
    let text = xtask::spec::canonical_json::to_pretty(&generated.document);
    Spec::parse("pages".into(), text).unwrap()
}

fn operation(id: &str, tag: &str, response: Value) -> Value {
    json!({
        "tags": [tag],
        "operationId": id,
        "summary": format!("Do {id}"),
        "responses": {
            "200": {"description": "OK", "content": {"application/json": {"schema": response}}},
            "4XX": {"description": "Error"}
        }
    })
}

fn with_body(mut operation: Value, body: Value) -> Value {
    operation["requestBody"] = json!({"content": {"application/json": {"schema": body}}});
    operation
}

fn queue(status: &[&str]) -> Value {
    json!({"type": "object", "properties": {
        "id": {"type": "string"},
        "name": {"type": "string"},
        "status": {"type": "string", "enum": status}
    }})
}

fn queue_page(
    extra: Vec<(&'static str, &'static str, &'static str, Value)>,
) -> Vec<(&'static str, &'static str, &'static str, Value)> {
    let mut operations = vec![(
        "Show a queue",
        "/queues/{id}",
        "get",
        operation("showQueue", "Call Queue", queue(&["READY", "PAUSED"])),
    )];
    operations.extend(extra);
    operations
}

/// The spec of one page whose only operation shows a queue as `response`.
fn shown_queue(response: Value) -> Spec {
    spec(
        &[(
            "queues.md",
            "Queues",
            vec![(
                "Show a queue",
                "/queues/{id}",
                "get",
                operation("showQueue", "Call Queue", response),
            )],
        )],
        None,
    )
}

fn lines(report: &Report) -> Vec<String> {
    report
        .changes
        .iter()
        .map(|c| {
            format!(
                "{}{} {}: {} [{}]",
                if c.breaking { "!" } else { "" },
                c.resource,
                c.at,
                c.what,
                c.rule
            )
        })
        .collect()
}

#[test]
fn operations_added_and_removed() {
    let trunks = || {
        (
            "List trunks",
            "/trunks",
            "get",
            operation("listTrunks", "Trunk", json!({"type": "integer"})),
        )
    };
    let old = spec(&[("queues.md", "Queues", queue_page(vec![trunks()]))], None);
    let new = spec(
        &[(
            "queues.md",
            "Queues",
            queue_page(vec![(
                "Delete a queue",
                "/queues/{id}",
                "delete",
                operation("deleteQueue", "Call Queue", json!({"type": "integer"})),
            )]),
        )],
        None,
    );
    let report = diff(&old, &new, true).unwrap();
    assert_eq!(
        lines(&report),
        [
            "Call Queue DELETE /queues/{}: operation `deleteQueue` added [operation-added]",
            "Call Queue Client::delete_queue: added [method-added]",
            "!Trunk GET /trunks: operation `listTrunks` removed [operation-removed]",
            "!Trunk Client::list_trunks: removed [method-removed]",
        ]
    );
    assert_eq!(report.release, Release::Major);
}

#[test]
fn a_retyped_response_field_breaks_users_who_read_it() {
    let old = spec(&[("queues.md", "Queues", queue_page(vec![]))], None);
    let mut retyped = queue(&["READY", "PAUSED"]);
    retyped["properties"]["name"] = json!({"type": "integer"});
    let new = shown_queue(retyped);
    let report = diff(&old, &new, true).unwrap();
    let found = lines(&report);
    assert!(
        found.contains(
            &"!Call Queue schema `Queue`: field `name` changed type from string to integer [type-changed]"
                .to_string()
        ),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|l| l.starts_with("!types types::Queue: field `name` changed type")),
        "{found:#?}"
    );
    assert_eq!(report.release, Release::Major);
}

#[test]
fn a_new_required_request_field_breaks_and_a_new_response_field_does_not() {
    let update = |body: Value| {
        (
            "Update a queue",
            "/queues/{id}",
            "put",
            with_body(
                operation("updateQueue", "Call Queue", json!({"type": "integer"})),
                body,
            ),
        )
    };
    let old_body = json!({"type": "object", "properties": {"name": {"type": "string"}}});
    let new_body = json!({"type": "object", "required": ["max_wait"], "properties": {
        "name": {"type": "string"}, "max_wait": {"type": "integer"}}});
    let old = spec(
        &[("queues.md", "Queues", queue_page(vec![update(old_body)]))],
        None,
    );
    let mut wider = queue(&["READY", "PAUSED"]);
    wider["properties"]["agents"] = json!({"type": "integer"});
    let new = spec(
        &[(
            "queues.md",
            "Queues",
            vec![
                (
                    "Show a queue",
                    "/queues/{id}",
                    "get",
                    operation("showQueue", "Call Queue", wider),
                ),
                update(new_body),
            ],
        )],
        None,
    );
    let report = diff(&old, &new, false).unwrap();
    assert_eq!(
        lines(&report),
        [
            "!Call Queue schema `QueueUpdate`: field `max_wait` added, required [required-request-field-added]",
            "Call Queue schema `Queue`: field `agents` added [tolerant-decoding]",
        ]
    );
}

#[test]
fn a_removed_enum_value_breaks_and_an_added_one_does_not() {
    let old = spec(&[("queues.md", "Queues", queue_page(vec![]))], None);
    let new = shown_queue(queue(&["READY", "ON_HOLD"]));
    let report = diff(&old, &new, true).unwrap();
    let found = lines(&report);
    for expected in [
        "!Call Queue schema `QueueStatus`: the schema lost the enum value \"PAUSED\" [enum-value-removed]",
        "Call Queue schema `QueueStatus`: the schema gained the enum value \"ON_HOLD\" [open-enum]",
        "!types types::QueueStatus: variant `Paused` removed [variant-removed]",
        "types types::QueueStatus: variant `OnHold` added [variant-added]",
    ] {
        assert!(
            found.contains(&expected.to_string()),
            "{expected}\n{found:#?}"
        );
    }
}

#[test]
fn a_schema_the_namer_renames_is_one_breaking_rename_in_the_crate_and_nothing_on_the_wire() {
    let pages = [("queues.md", "Queues", queue_page(vec![]))];
    let old = spec(&pages, None);
    let new = spec(
        &pages,
        Some("[schemas]\nAgentState = \"showQueue.response.200.status\"\n"),
    );
    let report = diff(&old, &new, true).unwrap();
    assert_eq!(
        lines(&report),
        ["!types types::AgentState: renamed from `QueueStatus` [type-renamed]"]
    );
}

#[test]
fn a_page_split_in_two_changes_nothing() {
    let trunks = (
        "List trunks",
        "/trunks",
        "get",
        operation("listTrunks", "Trunk", json!({"type": "integer"})),
    );
    let old = spec(
        &[("all.md", "Everything", queue_page(vec![trunks.clone()]))],
        None,
    );
    let new = spec(
        &[
            ("queues.md", "Queues", queue_page(vec![])),
            ("trunks.md", "Trunks", vec![trunks]),
        ],
        None,
    );
    let report = diff(&old, &new, true).unwrap();
    assert_eq!(lines(&report), Vec::<String>::new());
    assert_eq!(report.release, Release::None);
}

#[test]
fn the_report_is_the_same_bytes_every_time() {
    let old = spec(&[("queues.md", "Queues", queue_page(vec![]))], None);
    let new = shown_queue(queue(&["A", "B", "C"]));
    let render = |format| {
        let report = diff(&old, &new, true).unwrap();
        xtask::diff::render::render(&report, format)
    };
    for format in [
        xtask::diff::render::Format::Human,
        xtask::diff::render::Format::Markdown,
        xtask::diff::render::Format::Json,
    ] {
        assert_eq!(render(format), render(format));
    }
}

#[test]
fn the_vendor_pages_against_themselves_have_no_changes() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/openapi.json");
    let (old, new) = (Spec::read(&path).unwrap(), Spec::read(&path).unwrap());
    let report = diff(&old, &new, true).unwrap();
    assert_eq!(
        xtask::diff::render::render(&report, xtask::diff::render::Format::Human),
        "no changes\n"
    );
}
