//! The lint on the real vendor pages: the raw merge (before the overlay) shows every known
//! defect, at the page section it comes from; the canonical spec has no errors.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .unwrap()
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn lint_json(spec: &Path) -> Value {
    let config = workspace().join("spec/lint.toml");
    let output = xtask(&[
        "lint",
        spec.to_str().unwrap(),
        "--format",
        "json",
        "--config",
        config.to_str().unwrap(),
    ]);
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "{error}: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// rule → the page sections (`file (heading)`) it fires in, repeats included.
fn by_rule(report: &Value) -> BTreeMap<String, Vec<String>> {
    let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for diagnostic in report["diagnostics"].as_array().unwrap() {
        let location = &diagnostic["location"];
        let section = format!(
            "{} ({})",
            location["file"].as_str().unwrap(),
            location["context"].as_str().unwrap()
        );
        found
            .entry(diagnostic["rule"].as_str().unwrap().to_owned())
            .or_default()
            .push(section);
    }
    found
}

#[test]
fn the_raw_merge_shows_every_known_vendor_defect_where_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let raw = dir.path().join("raw.json");
    let built = xtask(&["spec", "--no-overlay", "--out", raw.to_str().unwrap()]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let found = by_rule(&lint_json(&raw));

    let auth = |heading: &str| format!("spec/docs/authentication.md (## {heading})");
    let tenants = |heading: &str| format!("spec/docs/tenants.md (## {heading})");
    let expect = |rule: &str, sections: Vec<String>| {
        assert_eq!(found.get(rule), Some(&sections), "{rule}: {found:#?}");
    };
    expect(
        "unknown-format",
        vec![
            auth("Get login status of current session"),
            tenants("Retrieve current tenant status"),
        ],
    );
    expect(
        "pattern-rejects-valid",
        vec![tenants("Retrieve current configurations")],
    );
    expect(
        "copy-paste-description",
        vec![
            tenants("List holidays"),
            tenants("Create a new holiday"),
            tenants("Update a holiday"),
        ],
    );
    expect("missing-description", vec![tenants("GET /holidays/{id}")]);
    expect("one-of-ambiguous", vec![auth("Sign in with credentials")]);
    expect(
        "redirect-only-response",
        vec![auth(
            "login with Microsoft Identity Provider by Authorization Code Flow",
        )],
    );
    expect(
        "operation-id-style",
        vec![auth("Send OTP to email."), auth("Verify OTP from email.")],
    );
    // Every operation documents an error response without its body (4XX, 400 or 401).
    let operations = 30;
    assert_eq!(
        found.get("error-response-schema").map(Vec::len),
        Some(operations)
    );
    assert_eq!(found.len(), 8, "unexpected rules fired: {found:#?}");
}

#[test]
fn the_canonical_spec_has_no_errors() {
    let report = lint_json(&workspace().join("spec/openapi.json"));
    assert_eq!(report["errors"], 0, "{report:#}");
}
