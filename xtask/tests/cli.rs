//! `cargo xtask spec` as a maintainer runs it: exit codes, messages, and files left alone.

mod support;

use std::process::{Command, Output};

use serde_json::json;
use support::{Corpus, fragment, operation, page};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .unwrap()
}

fn spec(corpus: &Corpus, extra: &[&str]) -> Output {
    let docs = corpus.docs();
    let out = corpus.path("out/openapi.json");
    let names = corpus.path("names.toml");
    let mut args = vec![
        "spec",
        "--no-overlay",
        "--docs",
        docs.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(["--names", names.to_str().unwrap()]);
    args.extend(extra);
    xtask(&args)
}

fn corpus() -> Corpus {
    let corpus = Corpus::new();
    let list = fragment(
        "/things",
        "get",
        operation(
            "listThings",
            json!({"type": "object", "properties": {"n": {"type": "integer"}}}),
        ),
    );
    corpus.write("things.md", page("Things", &[("List things", list)]));
    std::fs::write(
        corpus.path("names.toml"),
        "[schemas]\nThingCount = \"listThings.response.200\"\n",
    )
    .unwrap();
    std::fs::create_dir(corpus.path("out")).unwrap();
    corpus
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn check_passes_on_fresh_files_and_fails_after_a_hand_edit() {
    let corpus = corpus();
    let written = spec(&corpus, &[]);
    assert!(written.status.success(), "{}", stderr(&written));
    let out = corpus.path("out/openapi.json");
    assert!(corpus.path("out/openapi.sourcemap.json").exists());
    assert!(spec(&corpus, &["--check"]).status.success());

    let original = std::fs::read_to_string(&out).unwrap();
    let edited = original.replace("\"Do listThings\"", "\"Do some things\"");
    assert_ne!(original, edited);
    std::fs::write(&out, &edited).unwrap();
    let checked = spec(&corpus, &["--check"]);
    assert_eq!(checked.status.code(), Some(1));
    let message = stderr(&checked);
    assert!(
        message.contains("changed /paths/~1things/get/summary"),
        "{message}"
    );
    assert!(message.contains("run `cargo xtask spec`"), "{message}");
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        edited,
        "--check writes nothing"
    );
}

#[test]
fn a_failed_run_leaves_the_output_untouched_and_names_the_place() {
    let corpus = corpus();
    let out = corpus.path("out/openapi.json");
    std::fs::write(&out, "previous\n").unwrap();
    let mut broken = fragment(
        "/things",
        "post",
        operation("listThings", json!({"type": "string"})),
    );
    broken["paths"]["/things"]["post"]["summary"] = json!("Make things");
    corpus.write("zz.md", page("More", &[("Make things", broken)]));

    let failed = spec(&corpus, &[]);
    assert_eq!(failed.status.code(), Some(1));
    let message = stderr(&failed);
    assert!(
        message.contains("operationId `listThings` is used twice: "),
        "{message}"
    );
    assert!(
        message.contains("docs/things.md:10 (## List things) and "),
        "{message}"
    );
    assert!(
        message.contains("docs/zz.md:10 (## Make things)"),
        "{message}"
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous\n");
    let files: Vec<_> = std::fs::read_dir(corpus.path("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        files,
        ["openapi.json"],
        "no temporary or partial file is left"
    );
}

/// Every kind of bad input the issue lists: exit code 1, a message naming the page and line (or
/// the folder), and the previous output left exactly as it was.
#[test]
fn every_bad_input_fails_cleanly_through_the_command() {
    type Breakage = fn(&Corpus);
    let cases: [(&str, Breakage, &str); 10] = [
        (
            "invalid JSON",
            |c| {
                c.write("b.md", "# B\n\n## Broken\n\n```json\n{\"openapi\": \n```\n");
            },
            "docs/b.md:7 (## Broken): fragment is not valid JSON",
        ),
        (
            "no operation",
            |c| {
                let mut f = fragment("/x", "get", json!({}));
                f["paths"] = json!({});
                c.write("b.md", page("B", &[("Empty", f)]));
            },
            "docs/b.md:10 (## Empty): fragment has no operation",
        ),
        (
            "conflicting operation",
            |c| {
                let mut f = fragment(
                    "/things",
                    "get",
                    operation("listThingsAgain", json!({"type": "string"})),
                );
                f["paths"]["/things"]["get"]["summary"] = json!("Other");
                c.write("b.md", page("B", &[("Again", f)]));
            },
            "GET /things is defined twice, differently",
        ),
        (
            "duplicate operationId",
            |c| {
                c.write(
                    "b.md",
                    page(
                        "B",
                        &[(
                            "Same id",
                            fragment(
                                "/other",
                                "get",
                                operation("listThings", json!({"type": "string"})),
                            ),
                        )],
                    ),
                );
            },
            "operationId `listThings` is used twice",
        ),
        (
            "servers disagree",
            |c| {
                let mut f = fragment(
                    "/other",
                    "get",
                    operation("other", json!({"type": "string"})),
                );
                f["servers"] = json!([{"url": "https://elsewhere/api"}]);
                c.write("b.md", page("B", &[("Elsewhere", f)]));
            },
            "fragments disagree on `servers`",
        ),
        (
            "security disagrees",
            |c| {
                let mut f = fragment(
                    "/other",
                    "get",
                    operation("other", json!({"type": "string"})),
                );
                f["security"] = json!([]);
                c.write("b.md", page("B", &[("Open", f)]));
            },
            "fragments disagree on `security`",
        ),
        (
            "dangling $ref",
            |c| {
                c.write(
                    "b.md",
                    page(
                        "B",
                        &[(
                            "Refers",
                            fragment(
                                "/other",
                                "get",
                                operation("other", json!({"$ref": "#/components/schemas/Gone"})),
                            ),
                        )],
                    ),
                );
            },
            "docs/b.md:10 (## Refers): `$ref` at",
        ),
        (
            "non-UTF-8 page",
            |c| {
                c.write("b.md", b"# B\n\xff\n");
            },
            "docs/b.md:2: not valid UTF-8",
        ),
        (
            "unreadable page",
            |c| {
                std::fs::create_dir(c.docs().join("b.md")).unwrap();
            },
            "docs/b.md: cannot read",
        ),
        (
            "empty docs folder",
            |c| {
                std::fs::remove_file(c.docs().join("things.md")).unwrap();
            },
            "no vendor pages (*.md) found",
        ),
    ];
    for (what, break_it, expected) in cases {
        let corpus = corpus();
        let out = corpus.path("out/openapi.json");
        std::fs::write(&out, "previous\n").unwrap();
        break_it(&corpus);
        let failed = spec(&corpus, &[]);
        assert_eq!(failed.status.code(), Some(1), "{what}");
        let message = stderr(&failed);
        assert!(message.contains(expected), "{what}: {message}");
        assert_eq!(
            std::fs::read_to_string(&out).unwrap(),
            "previous\n",
            "{what}"
        );
        assert_eq!(
            std::fs::read_dir(corpus.path("out")).unwrap().count(),
            1,
            "{what}: no stray files"
        );
    }
}

#[test]
fn an_overlay_action_matching_nothing_fails_the_command_and_names_its_line() {
    let corpus = corpus();
    let out = corpus.path("out/openapi.json");
    std::fs::write(&out, "previous\n").unwrap();
    let overlay = corpus.path("overlay.json");
    std::fs::write(&overlay, "{\"overlay\": \"1.0.0\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"actions\": [\n  {\"target\": \"$.paths['/gone']\", \"remove\": true}\n]}\n").unwrap();
    let docs = corpus.docs();
    let names = corpus.path("names.toml");
    let args = [
        "spec",
        "--docs",
        docs.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--names",
        names.to_str().unwrap(),
        "--overlay",
        overlay.to_str().unwrap(),
    ];
    let failed = xtask(&args);
    assert_eq!(failed.status.code(), Some(1));
    let message = stderr(&failed);
    assert!(message.contains("overlay.json:2 ($.paths['/gone']): overlay action target `$.paths['/gone']` matches nothing"), "{message}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous\n");
}

#[test]
fn pin_new_names_appends_the_suggestions_so_the_next_run_has_nothing_to_report() {
    let corpus = corpus();
    let widgets = fragment(
        "/widgets",
        "get",
        operation(
            "listWidgets",
            json!({
                "type": "object", "properties": {"size": {"type": "integer"}, "shape": {"type": "string", "enum": ["round", "square"]}}
            }),
        ),
    );
    corpus.write("widgets.md", page("Widgets", &[("List widgets", widgets)]));
    let first = spec(&corpus, &["--pin-new-names"]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("pinned 2 new names"),
        "{}",
        stderr(&first)
    );
    let names = std::fs::read_to_string(corpus.path("names.toml")).unwrap();
    assert_eq!(
        names,
        "[schemas]\nThingCount = \"listThings.response.200\"\nListWidgetsResponse = \"listWidgets.response.200\"\nShape = \"listWidgets.response.200.shape\"\n"
    );
    let second = spec(&corpus, &[]);
    assert!(second.status.success());
    assert!(
        !stderr(&second).contains("no name pinned"),
        "{}",
        stderr(&second)
    );
    let document = support::read_json(&corpus.path("out/openapi.json"));
    assert!(document["components"]["schemas"]["Shape"]["enum"].is_array());
}
