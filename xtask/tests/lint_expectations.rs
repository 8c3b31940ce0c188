//! The lint's findings on the raw merge, held against a reviewed list
//! (`tests/lint_expectations.tsv`): a rule change that adds or loses a finding fails here and
//! shows in review as a change to that list, with the verdict a reviewer gave each line.
//!
//! `UPDATE_LINT_EXPECTATIONS=1 cargo test -p xtask --test lint_expectations` rewrites the list,
//! keeping the verdicts of lines that stay and marking new lines `unreviewed`.

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;
use support::lint::lint_raw_merge;

const EXPECTATIONS: &str = "tests/lint_expectations.tsv";
const HEADER: &str = "\
# The raw merge's lint diagnostics, one line per site: rule, JSON pointer, page:line and the
# reviewer's verdict: `defect` (the page is wrong as the message says) or `false-positive`
# (with why, after a colon). Rewritten by UPDATE_LINT_EXPECTATIONS=1; review new lines.
";

/// Most diagnostics the human format may print for the raw merge: one per cause keeps the
/// report readable.
const MAX_DIAGNOSTICS: usize = 60;

/// `rule \t pointer \t page:line` per site of every diagnostic.
fn sites(report: &Value) -> Vec<String> {
    let mut lines = Vec::new();
    for diagnostic in report["diagnostics"].as_array().unwrap() {
        for site in diagnostic["sites"].as_array().unwrap() {
            let at = &site["location"];
            lines.push(format!(
                "{}\t{}\t{}:{}",
                diagnostic["rule"].as_str().unwrap(),
                site["pointer"].as_str().unwrap(),
                at["file"].as_str().unwrap_or("-"),
                at["line"].as_u64().unwrap_or(0)
            ));
        }
    }
    lines.sort();
    lines
}

/// The reviewed list: site → verdict.
fn expectations(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let (site, verdict) = line.rsplit_once('\t').unwrap_or((line, ""));
            (site.to_owned(), verdict.to_owned())
        })
        .collect()
}

#[test]
fn the_raw_merge_lints_as_reviewed() {
    let report = lint_raw_merge("json");
    let found = sites(&report);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(EXPECTATIONS);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let expected = expectations(&text);
    if std::env::var_os("UPDATE_LINT_EXPECTATIONS").is_some() {
        let mut out = HEADER.to_owned();
        for site in &found {
            let verdict = expected.get(site).map_or("unreviewed", String::as_str);
            out += &format!("{site}\t{verdict}\n");
        }
        std::fs::write(&path, out).unwrap();
        return;
    }
    let added: Vec<&String> = found
        .iter()
        .filter(|site| !expected.contains_key(*site))
        .collect();
    let lost: Vec<&String> = expected
        .keys()
        .filter(|site| !found.contains(site))
        .collect();
    assert!(
        added.is_empty() && lost.is_empty(),
        "the lint's findings on the raw merge changed ({EXPECTATIONS}; rerun with \
         UPDATE_LINT_EXPECTATIONS=1 and review):\nnew:\n{added:#?}\ngone:\n{lost:#?}"
    );
    let unreviewed: Vec<&String> = expected
        .iter()
        .filter(|(_, verdict)| {
            !(verdict.as_str() == "defect" || verdict.starts_with("false-positive:"))
        })
        .map(|(site, _)| site)
        .collect();
    assert!(
        unreviewed.is_empty(),
        "{EXPECTATIONS}: give each line a verdict (`defect` or `false-positive: why`): {unreviewed:#?}"
    );
}

/// rule → share of its reviewed sites that are defects.
fn precision(expected: &BTreeMap<String, String>) -> BTreeMap<&str, f64> {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (site, verdict) in expected {
        let rule = site.split('\t').next().unwrap_or_default();
        let count = counts.entry(rule).or_default();
        count.1 += 1;
        if verdict == "defect" {
            count.0 += 1;
        }
    }
    counts
        .into_iter()
        .map(|(rule, (defects, all))| (rule, defects as f64 / all as f64))
        .collect()
}

/// Every rule is right at least 9 times in 10 on the raw merge, by the reviewed verdicts.
#[test]
fn every_rule_is_precise() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(EXPECTATIONS);
    let expected = expectations(&std::fs::read_to_string(path).unwrap());
    let precision = precision(&expected);
    assert!(precision.len() >= 10, "{precision:#?}");
    let imprecise: Vec<_> = precision.iter().filter(|(_, p)| **p < 0.9).collect();
    assert!(imprecise.is_empty(), "below 90 %: {imprecise:#?}");
}

#[test]
fn the_raw_merge_report_is_short() {
    let report = lint_raw_merge("json");
    let diagnostics = report["diagnostics"].as_array().unwrap().len();
    assert!(
        diagnostics <= MAX_DIAGNOSTICS,
        "{diagnostics} diagnostics on the raw merge, more than {MAX_DIAGNOSTICS}"
    );
}
