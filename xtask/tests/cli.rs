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

/// `xtask spec` run from the corpus folder with relative paths, as a maintainer types them;
/// locations in messages then read `docs/page.md:line`.
fn spec(corpus: &Corpus, extra: &[&str]) -> Output {
    let mut args = vec![
        "spec",
        "--no-overlay",
        "--docs",
        "docs",
        "--out",
        "out/openapi.json",
    ];
    args.extend(["--names", "names.toml"]);
    args.extend(extra);
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(&args)
        .current_dir(corpus.dir.path())
        .output()
        .unwrap()
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

/// Every kind of bad input the issue lists: exit code 1, a message naming the page and line (or
/// the folder), and the previous output left exactly as it was.
#[test]
fn every_bad_input_fails_cleanly_through_the_command() {
    let mut cases = support::bad_inputs("things.md");
    cases.push(support::BadInput {
        what: "empty docs folder",
        break_it: |c| std::fs::remove_file(c.docs().join("things.md")).unwrap(),
        expected: "no vendor pages (*.md) found".into(),
    });
    for bad in cases {
        let corpus = corpus();
        let out = corpus.path("out/openapi.json");
        std::fs::write(&out, "previous\n").unwrap();
        (bad.break_it)(&corpus);
        let failed = spec(&corpus, &[]);
        let what = bad.what;
        assert_eq!(failed.status.code(), Some(1), "{what}");
        let message = stderr(&failed);
        assert!(message.contains(&bad.expected), "{what}: {message}");
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
fn pin_new_names_pins_the_chosen_names_so_they_stay_stable() {
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
        "[schemas]\nThingCount = \"listThings.response.200\"\nWidgets = \"listWidgets.response.200\"\nWidgetsShape = \"listWidgets.response.200.shape\"\n"
    );
    let second = spec(&corpus, &["--pin-new-names"]);
    assert!(second.status.success());
    assert!(!stderr(&second).contains("pinned"), "{}", stderr(&second));
    assert_eq!(
        std::fs::read_to_string(corpus.path("names.toml")).unwrap(),
        names
    );
    let document = support::read_json(&corpus.path("out/openapi.json"));
    assert!(document["components"]["schemas"]["WidgetsShape"]["enum"].is_array());
}

/// What a maintainer sees on the second run of an unchanged regeneration: nothing rewritten, so
/// nothing that watches the files (portsip-api's build script) runs again, and a new file is
/// readable by everyone, as the checkout's files are.
#[test]
fn a_regeneration_that_changes_nothing_touches_nothing() {
    let corpus = corpus();
    assert!(spec(&corpus, &[]).status.success());
    let out = corpus.path("out/openapi.json");
    let sidecar = corpus.path("out/openapi.sourcemap.json");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for file in [&out, &sidecar] {
            let mode = std::fs::metadata(file).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o644, "{}", file.display());
        }
    }
    let modified = |path: &std::path::Path| std::fs::metadata(path).unwrap().modified().unwrap();
    let before = (modified(&out), modified(&sidecar));
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = spec(&corpus, &[]);
    assert!(again.status.success());
    assert!(
        stderr(&again).contains("unchanged out/openapi.json"),
        "{}",
        stderr(&again)
    );
    assert_eq!((modified(&out), modified(&sidecar)), before);
}

/// Inputs that were dropped without a word before: each is now named, as an error or a warning.
#[test]
fn pages_the_pipeline_cannot_use_are_named() {
    let corpus = corpus();
    corpus.write("empty.md", "");
    let failed = spec(&corpus, &[]);
    assert_eq!(failed.status.code(), Some(1));
    assert!(
        stderr(&failed).contains("docs/empty.md: no OpenAPI fragment: the page is empty"),
        "{}",
        stderr(&failed)
    );

    let corpus = self::corpus();
    std::fs::write(corpus.docs().join("notes.txt"), "not a page").unwrap();
    let passed = spec(&corpus, &[]);
    assert!(passed.status.success(), "{}", stderr(&passed));
    assert!(
        stderr(&passed).contains("warning: docs/notes.txt: not a Markdown page"),
        "{}",
        stderr(&passed)
    );
}

#[test]
fn the_client_manifest_gets_a_feature_per_tag_and_check_catches_a_stale_one() {
    let corpus = corpus();
    std::fs::write(
        corpus.path("Cargo.toml"),
        "[package]\nname = \"client\"\n\n[dependencies]\n",
    )
    .unwrap();
    let written = spec(&corpus, &["--manifest", "Cargo.toml"]);
    assert!(written.status.success(), "{}", stderr(&written));
    assert!(
        stderr(&written).contains("1 resource features"),
        "{}",
        stderr(&written)
    );
    let manifest = std::fs::read_to_string(corpus.path("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("default = [\"full\"]\nfull = [\n    \"things\",\n]\n# Things: 1 operation\n\"things\" = []\n"),
        "{manifest}"
    );

    std::fs::write(
        corpus.path("Cargo.toml"),
        manifest.replace("\"things\" = []", "things = [\"x\"]"),
    )
    .unwrap();
    let checked = spec(&corpus, &["--manifest", "Cargo.toml", "--check"]);
    assert!(!checked.status.success());
    assert!(
        stderr(&checked).contains("Cargo.toml differs")
            && stderr(&checked).contains("missing line `\"things\" = []`"),
        "{}",
        stderr(&checked)
    );
}

#[test]
fn a_spec_written_elsewhere_leaves_every_manifest_alone() {
    let client_manifest =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../portsip-api/Cargo.toml");
    let before = std::fs::read(&client_manifest).unwrap();
    let corpus = corpus();
    let output = spec(&corpus, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(std::fs::read(&client_manifest).unwrap(), before);
    let mut written: Vec<String> = std::fs::read_dir(corpus.path("out"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, ["openapi.json", "openapi.sourcemap.json"]);
    assert!(!corpus.path("Cargo.toml").exists());
}

#[test]
fn tags_that_would_share_a_feature_are_named_at_their_page_line() {
    let corpus = corpus();
    let mut other = operation("listOthers", json!({"type": "integer"}));
    other["tags"] = json!(["things"]);
    corpus.write(
        "others.md",
        page(
            "Others",
            &[("List others", fragment("/others", "get", other))],
        ),
    );
    let output = spec(&corpus, &[]);
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(
        message.contains("docs/things.md:10 (## List things): /paths/~1things/get/tags/0:")
            && message
                .contains("\"things\" and \"Things\" would both be the cargo feature `things`"),
        "{message}"
    );
}

#[test]
fn a_regeneration_that_changes_the_api_says_what_changed_and_writes_the_changelog() {
    let corpus = corpus();
    assert!(spec(&corpus, &[]).status.success());
    let mut more = operation("countThings", json!({"type": "integer"}));
    more["tags"] = json!(["Things"]);
    corpus.write(
        "more.md",
        page(
            "More",
            &[("Count things", fragment("/things/count", "get", more))],
        ),
    );
    let output = spec(&corpus, &["--changelog", "CHANGES.md"]);
    let message = stderr(&output);
    assert!(output.status.success(), "{message}");
    assert!(
        message.contains(
            "changes against the current out/openapi.json: 1 API change(s) (0 breaking), \
             1 crate change(s) (0 breaking)\nsuggested release: minor"
        ),
        "{message}"
    );
    let changelog = std::fs::read_to_string(corpus.path("CHANGES.md")).unwrap();
    assert!(
        changelog.starts_with("## [Unreleased]\n\n### Added\n\n")
            && changelog.contains("- Things: `GET /things/count`: operation `countThings` added\n"),
        "{changelog}"
    );

    let again = spec(&corpus, &[]);
    assert!(
        !stderr(&again).contains("changes against"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn an_overlay_fix_the_pages_already_have_is_listed_to_delete() {
    let corpus = corpus();
    let overlay = corpus.path("overlay.json");
    std::fs::write(
        &overlay,
        "{\"overlay\": \"1.0.0\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"actions\": [\n  \
         {\"target\": \"$.paths['/things'].get\", \"update\": {\"summary\": \"Do listThings\"}},\n  \
         {\"target\": \"$.paths['/things'].get\", \"update\": {\"description\": \"Lists.\"}}\n]}\n",
    )
    .unwrap();
    let args = [
        "spec",
        "--docs",
        "docs",
        "--out",
        "out/openapi.json",
        "--names",
        "names.toml",
        "--overlay",
        "overlay.json",
    ];
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(corpus.dir.path())
        .output()
        .unwrap();
    let message = stderr(&output);
    assert!(output.status.success(), "{message}");
    assert!(
        message.contains(
            "overlay fixes the vendor has made in the pages (they change nothing; delete them):\n  overlay.json:2"
        ),
        "{message}"
    );
    assert!(!message.contains("overlay.json:3"), "{message}");
}
