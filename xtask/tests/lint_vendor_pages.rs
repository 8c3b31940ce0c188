//! The lint on the real vendor pages: the raw merge (before the overlay) shows every known
//! defect, at the page section it comes from; the canonical spec has no errors.

mod support;

use std::collections::BTreeMap;

use serde_json::Value;
use support::lint::{lint, lint_raw_merge, workspace};

/// rule → the page sections (`file (heading)`) of every site it fires at, repeats included.
fn by_rule(report: &Value) -> BTreeMap<String, Vec<String>> {
    let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for diagnostic in report["diagnostics"].as_array().unwrap() {
        for site in diagnostic["sites"].as_array().unwrap() {
            let location = &site["location"];
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
    }
    found
}

/// rule → how many diagnostics (causes) it reports.
fn causes(report: &Value) -> BTreeMap<String, usize> {
    let mut counted: BTreeMap<String, usize> = BTreeMap::new();
    for diagnostic in report["diagnostics"].as_array().unwrap() {
        *counted
            .entry(diagnostic["rule"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    counted
}

#[test]
fn the_raw_merge_shows_every_known_vendor_defect_where_it_is() {
    let report = lint_raw_merge("json");
    let found = by_rule(&report);
    let causes = causes(&report);

    let count = |rule: &str| found.get(rule).map_or(0, Vec::len);
    let fires_in = |rule: &str, section: &str| {
        found
            .get(rule)
            .into_iter()
            .flatten()
            .filter(|at| at.as_str() == section)
            .count()
    };
    // `date_time` for `date-time` everywhere, and an audit-log IP whose format is a timestamp.
    assert_eq!(count("unknown-format"), 90, "{found:#?}");
    assert!(
        fires_in(
            "unknown-format",
            "spec/docs/troubleshooting.md (## List audit logs)"
        ) > 0
    );
    // The IP is not told to become a `date-time`.
    let ip = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["pointer"] == "/components/schemas/AuditLog/properties/ip/format")
        .unwrap();
    assert!(
        ip["help"]
            .as_str()
            .unwrap()
            .starts_with("remove the format"),
        "{ip:#}"
    );
    assert_eq!(causes["unknown-format"], 2, "{causes:#?}");
    // The webhook credentials' `[a-z0-9]{6,64}` rejects ordinary passwords (the shared
    // webhook schema is traced to the first page that has it).
    assert_eq!(
        fires_in(
            "pattern-rejects-valid",
            "spec/docs/virtual-receptionists.md (## List action urls)"
        ),
        1
    );
    // The call report filter's twelve alternatives that require nothing, once for the
    // schema; and the sign-in answer, whose alternatives only `required` tells apart.
    assert_eq!(
        fires_in(
            "one-of-ambiguous",
            "spec/docs/call-detail-records.md (## POST /call_reports)"
        ),
        1
    );
    assert_eq!(
        fires_in(
            "one-of-ambiguous",
            "spec/docs/authentication.md (## Sign in with credentials)"
        ),
        1
    );
    assert_eq!(count("one-of-ambiguous"), 2);
    // Error responses documented without the body every 4xx carries: one cause, every site.
    assert!(
        count("error-response-schema") >= 567,
        "{}",
        count("error-response-schema")
    );
    assert_eq!(causes["error-response-schema"], 1, "{causes:#?}");
    // The webhook schema with the bad pattern is shared: every page using it is named.
    let webhook = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "pattern-rejects-valid")
        .unwrap();
    let users: std::collections::BTreeSet<&str> = webhook["sites"][0]["used_by"]
        .as_array()
        .unwrap()
        .iter()
        .map(|at| at["file"].as_str().unwrap())
        .collect();
    assert!(users.len() >= 2, "{users:?}");
    // What the config does not accept by name: copied descriptions, capitalised operation ids
    // and plural acronyms (`listCDRs`).
    assert_eq!(count("copy-paste-description"), 12, "{found:#?}");
    assert_eq!(count("operation-id-style"), 6, "{found:#?}");
    assert_eq!(count("missing-description"), 1, "{found:#?}");
    // Texts copied between operations, enums that lack documented values, a length limit
    // written as `maximum`, and a 203.
    assert_eq!(count("copied-error-text"), 9, "{found:#?}");
    assert_eq!(causes["copied-error-text"], 1, "{causes:#?}");
    assert_eq!(count("enum-description-mismatch"), 2, "{found:#?}");
    assert_eq!(count("keyword-type-mismatch"), 6, "{found:#?}");
    assert_eq!(count("odd-success-status"), 1, "{found:#?}");
    // The unfavorite operations described as favoriting.
    assert_eq!(count("copied-operation-text"), 3, "{found:#?}");
    assert_eq!(found.len(), 12, "unexpected rules fired: {found:#?}");
}

#[test]
fn the_canonical_spec_has_no_errors() {
    let report = lint(&workspace().join("spec/openapi.json"), "json");
    assert_eq!(report["errors"], 0, "{report:#}");
}
