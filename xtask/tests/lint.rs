//! `cargo xtask lint` as CI and maintainers run it: vendor-style pages through the pipeline and
//! the lint, output formats, exit codes and the config file.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .unwrap()
}

fn fixture_pages(set: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/lint")
        .join(set)
}

/// Runs the pipeline without overlay on a folder of vendor-style pages, then lints the result
/// as JSON with `config` as the lint configuration.
fn lint_pages(set: &str, config: &str) -> (Value, Output) {
    let dir = tempfile::tempdir().unwrap();
    let names = dir.path().join("names.toml");
    std::fs::write(&names, "[schemas]\n").unwrap();
    let out = dir.path().join("openapi.json");
    let docs = fixture_pages(set);
    let built = xtask(&[
        "spec",
        "--no-overlay",
        "--docs",
        docs.to_str().unwrap(),
        "--names",
        names.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let config_path = dir.path().join("lint.toml");
    std::fs::write(&config_path, config).unwrap();
    let linted = xtask(&[
        "lint",
        out.to_str().unwrap(),
        "--format",
        "json",
        "--config",
        config_path.to_str().unwrap(),
    ]);
    let report = serde_json::from_slice(&linted.stdout).unwrap_or_else(|error| {
        panic!(
            "{error}: {}{}",
            String::from_utf8_lossy(&linted.stdout),
            String::from_utf8_lossy(&linted.stderr)
        )
    });
    (report, linted)
}

fn rules_in(report: &Value) -> BTreeSet<String> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn defective_pages_trip_every_rule_the_pipeline_lets_through_at_their_page_lines() {
    let (report, output) = lint_pages("defective", "[api]\ndocuments-error-body = false\n");
    assert_eq!(output.status.code(), Some(1));
    let expected: BTreeSet<String> = [
        "copy-paste-description",
        "default-invalid",
        "duplicate-enum-value",
        "error-response-schema",
        "inconsistent-bounds",
        "missing-description",
        "no-content-with-body",
        "no-success-response",
        "one-of-ambiguous",
        "operation-id-style",
        "path-parameters",
        "pattern-rejects-valid",
        "pattern-syntax",
        "pattern-unsatisfiable",
        "redirect-only-response",
        "summary-restates-route",
        "unknown-format",
    ]
    .map(String::from)
    .into();
    // The pipeline itself refuses structurally invalid fragments and repeated operationIds,
    // so `openapi-schema` and `operation-id-unique` are covered by their unit tests instead.
    assert_eq!(rules_in(&report), expected);
    for diagnostic in report["diagnostics"].as_array().unwrap() {
        let file = diagnostic["location"]["file"].as_str().unwrap_or_default();
        assert!(file.ends_with("defective/extensions.md"), "{diagnostic}");
    }
    let line_of = |rule: &str| {
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["rule"] == rule)
            .unwrap()["location"]["line"]
            .as_u64()
            .unwrap()
    };
    // Each operation's fragment sits on its own line of the page.
    let page = std::fs::read_to_string(fixture_pages("defective").join("extensions.md")).unwrap();
    let fragment_line = |heading: &str| {
        let heading_line = page.lines().position(|l| l == heading).unwrap();
        (page
            .lines()
            .skip(heading_line)
            .position(|l| l.starts_with("{\"openapi\""))
            .unwrap()
            + heading_line
            + 1) as u64
    };
    let places: Vec<(String, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let at = &d["location"];
            (
                at["file"].as_str().unwrap().to_owned(),
                at["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(places.is_sorted(), "not in page order: {places:?}");
    assert_eq!(
        line_of("summary-restates-route"),
        fragment_line("## GET /extensions/{id}")
    );
    assert_eq!(
        line_of("no-success-response"),
        fragment_line("## Reboot phones")
    );
    assert_eq!(
        line_of("redirect-only-response"),
        fragment_line("## Start single sign-on")
    );
}

#[test]
fn correct_pages_lint_clean() {
    let (report, output) = lint_pages("correct", "[api]\ndocuments-error-body = true\n");
    assert_eq!(report["diagnostics"], json!([]), "{report:#}");
    assert_eq!(output.status.code(), Some(0));
}

/// A document with one warning (`missing-description`) and nothing else.
fn warnings_only_spec(dir: &Path) -> PathBuf {
    let spec = json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/things": {"get": {
            "operationId": "listThings",
            "summary": "List things",
            "responses": {"200": {"description": "OK"}}
        }}}
    });
    let path = dir.join("openapi.json");
    std::fs::write(&path, serde_json::to_string_pretty(&spec).unwrap()).unwrap();
    path
}

fn run_lint(spec: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["lint", spec.to_str().unwrap()];
    args.extend(extra);
    xtask(&args)
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn warnings_pass_unless_denied() {
    let dir = tempfile::tempdir().unwrap();
    let spec = warnings_only_spec(dir.path());
    let empty = dir.path().join("empty.toml");
    std::fs::write(&empty, "").unwrap();
    let config = ["--config", empty.to_str().unwrap()];

    let allowed = run_lint(&spec, &config);
    assert_eq!(allowed.status.code(), Some(0), "{}", stdout(&allowed));
    assert!(
        stdout(&allowed).contains("warning[missing-description]: `GET /things` has no description")
    );
    assert!(stdout(&allowed).contains("   = help: "));

    let denied = run_lint(&spec, &[config[0], config[1], "--deny", "warnings"]);
    assert_eq!(denied.status.code(), Some(1));
    assert!(
        stdout(&denied).contains("error[missing-description]"),
        "{}",
        stdout(&denied)
    );
}

#[test]
fn the_config_file_changes_severities_and_switches_rules_off() {
    let dir = tempfile::tempdir().unwrap();
    let spec = warnings_only_spec(dir.path());
    let config = dir.path().join("lint.toml");

    std::fs::write(&config, "[rules]\nmissing-description = \"error\"\n").unwrap();
    let raised = run_lint(&spec, &["--config", config.to_str().unwrap()]);
    assert_eq!(raised.status.code(), Some(1));

    std::fs::write(&config, "[rules]\nmissing-description = \"off\"\n").unwrap();
    let off = run_lint(&spec, &["--config", config.to_str().unwrap()]);
    assert_eq!(off.status.code(), Some(0));
    assert!(
        stdout(&off).contains("no problems found"),
        "{}",
        stdout(&off)
    );

    std::fs::write(&config, "[rules]\nmissing-descriptions = \"off\"\n").unwrap();
    let typo = run_lint(&spec, &["--config", config.to_str().unwrap()]);
    assert_eq!(typo.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&typo.stderr).contains("unknown rule `missing-descriptions`"));

    let missing = run_lint(
        &spec,
        &["--config", dir.path().join("nope.toml").to_str().unwrap()],
    );
    assert_eq!(missing.status.code(), Some(1));
}

#[test]
fn allow_lists_accept_findings_at_their_places_and_report_stale_ones() {
    let dir = tempfile::tempdir().unwrap();
    let spec = warnings_only_spec(dir.path());
    let config = dir.path().join("lint.toml");
    let lint = |text: &str| {
        std::fs::write(&config, text).unwrap();
        run_lint(
            &spec,
            &["--config", config.to_str().unwrap(), "--deny", "warnings"],
        )
    };

    let accepted = lint(
        "[[allow]]\nrule = \"missing-description\"\nat = [\"listThings\"]\nreason = \"a summary says it all\"\n",
    );
    assert_eq!(accepted.status.code(), Some(0), "{}", stdout(&accepted));
    assert!(
        stdout(&accepted).ends_with("no problems found (1 finding allowed by the config)\n"),
        "{}",
        stdout(&accepted)
    );

    let stale = lint(
        "[[allow]]\nrule = \"missing-description\"\nat = [\"/paths/~1things/get\", \"listGone\"]\nreason = \"r\"\n",
    );
    assert_eq!(stale.status.code(), Some(1), "{}", stdout(&stale));
    let shown = config.display().to_string();
    assert!(
        stdout(&stale).contains(&format!(
            "error[stale-allow]: `[[allow]]` for `missing-description` at `listGone` matches no finding (no operation has operationId `listGone`)\n  --> {shown}:3 ([[allow]] missing-description)\n"
        )),
        "{}",
        stdout(&stale)
    );
    assert!(!stdout(&stale).contains("error[missing-description]"));

    let no_reason = lint("[[allow]]\nrule = \"missing-description\"\nat = [\"listThings\"]\n");
    assert_eq!(no_reason.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&no_reason.stderr).contains("`reason` is missing"),
        "{}",
        String::from_utf8_lossy(&no_reason.stderr)
    );
}

#[test]
fn locations_come_from_the_sidecar_source_map_when_there_is_one() {
    let dir = tempfile::tempdir().unwrap();
    let spec = warnings_only_spec(dir.path());
    let empty = dir.path().join("empty.toml");
    std::fs::write(&empty, "").unwrap();
    let args = ["--format", "github", "--config", empty.to_str().unwrap()];

    let without = stdout(&run_lint(&spec, &args));
    let shown = spec
        .to_str()
        .unwrap()
        .replace(':', "%3A")
        .replace(',', "%2C");
    assert!(
        without.starts_with(&format!(
            "::warning file={shown},title=missing-description (/paths/~1things/get)::"
        )),
        "{without}"
    );

    let sidecar = dir.path().join("openapi.sourcemap.json");
    let map = json!({"entries": {"/paths/~1things/get": {"file": "spec/docs/things.md", "line": 7, "context": "## List things"}}});
    std::fs::write(&sidecar, map.to_string()).unwrap();
    let with = stdout(&run_lint(&spec, &args));
    assert!(
        with.starts_with("::warning file=spec/docs/things.md,line=7,title=missing-description (/paths/~1things/get)::`GET /things` has no description%0Ahelp: "),
        "{with}"
    );
}

#[test]
fn a_sidecar_that_cannot_be_read_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let spec = warnings_only_spec(dir.path());
    let sidecar = dir.path().join("openapi.sourcemap.json");
    std::fs::create_dir(&sidecar).unwrap();
    let output = run_lint(&spec, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!("reading {}", sidecar.display())),
        "{stderr}"
    );
}

#[test]
fn by_default_the_workspace_spec_is_linted_from_any_directory() {
    let elsewhere = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["lint", "--format", "json"])
        .current_dir(elsewhere.path())
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("{error}: {}", String::from_utf8_lossy(&output.stderr)));
    assert_eq!(report["file"], "spec/openapi.json");
    assert!(output.status.success(), "{report:#}");
}

#[test]
fn the_readme_lists_every_rule_as_list_rules_prints_it() {
    let listed = stdout(&xtask(&["lint", "--list-rules"]));
    let readme_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md");
    let readme = std::fs::read_to_string(readme_path).unwrap();
    assert!(
        readme.contains(&format!("```text\n{listed}```")),
        "README.md's list of lint rules is stale; replace it with:\n{listed}"
    );
}

#[test]
fn lists_rules_with_their_configured_severity() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("lint.toml");
    std::fs::write(&config, "[rules]\nunknown-format = \"off\"\n").unwrap();
    let listed = stdout(&xtask(&[
        "lint",
        "--list-rules",
        "--config",
        config.to_str().unwrap(),
    ]));
    let line = listed
        .lines()
        .find(|l| l.starts_with("unknown-format "))
        .unwrap();
    assert!(line.contains(" off "), "{line}");
    assert!(
        listed
            .lines()
            .any(|l| l.starts_with("openapi-schema") && l.contains(" error ")),
        "{listed}"
    );
}
