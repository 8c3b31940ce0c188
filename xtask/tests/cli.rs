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
