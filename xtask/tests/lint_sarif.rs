//! `cargo xtask lint --format sarif` on the raw merge is a valid SARIF 2.1.0 log (checked
//! against the OASIS schema the `serde-sarif` crate ships) that places every result on a page
//! line, as GitHub code scanning needs.

mod support;

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;
use support::lint::lint_raw_merge;

/// The machine's target triple, to which `cargo metadata` limits the packages it resolves
/// (offline, it can resolve only those built here).
fn host() -> String {
    let rustc = Command::new("rustc").arg("-vV").output().unwrap();
    String::from_utf8(rustc.stdout)
        .unwrap()
        .lines()
        .find_map(|line| line.strip_prefix("host: "))
        .expect("rustc -vV names the host")
        .to_owned()
}

/// The SARIF 2.1.0 schema shipped in the `serde-sarif` package that builds the output.
fn sarif_schema() -> Value {
    let metadata = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--offline"])
        .args(["--filter-platform", &host()])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        metadata.status.success(),
        "{}",
        String::from_utf8_lossy(&metadata.stderr)
    );
    let metadata: Value = serde_json::from_slice(&metadata.stdout).unwrap();
    let manifest = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|package| package["name"] == "serde-sarif")
        .and_then(|package| package["manifest_path"].as_str())
        .expect("serde-sarif is a dependency");
    let path = PathBuf::from(manifest).with_file_name("src/schema.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    // The OASIS schema's `language` patterns have a lone `]`, a literal in ECMA-262 regexes but
    // an error to the Rust regex engine that checks patterns; escaped, they mean the same.
    let lone_bracket = "{2}]?$\"";
    serde_json::from_str(&text.replace(lone_bracket, "{2}\\\\]?$\"")).unwrap()
}

#[test]
fn the_sarif_log_is_valid_sarif_2_1_0() {
    let schema = sarif_schema();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .build(&schema)
        .unwrap();
    let log = lint_raw_merge("sarif");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .take(10)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The schema is not vacuous: a log without its version is rejected.
    let mut broken = log.clone();
    broken.as_object_mut().unwrap().remove("version");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn every_result_is_on_a_page_line_with_its_rule_declared() {
    let log = lint_raw_merge("sarif");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"], "{result:#}");
        let physical = &result["locations"][0]["physicalLocation"];
        let uri = physical["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.starts_with("spec/docs/"), "{result:#}");
        assert!(
            physical["region"]["startLine"].as_u64().unwrap() > 0,
            "{result:#}"
        );
    }
    // One missing error-body convention is one result, its other sites related locations.
    let error_bodies: Vec<&Value> = results
        .iter()
        .filter(|result| result["ruleId"] == "error-response-schema")
        .collect();
    assert_eq!(error_bodies.len(), 1);
    assert!(
        error_bodies[0]["relatedLocations"]
            .as_array()
            .unwrap()
            .len()
            >= 566
    );
}
