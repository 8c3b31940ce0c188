//! The report as a maintainer reads it: human (one screen: grouped by resource, long lists
//! folded), markdown and json (everything), and a Keep a Changelog section.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::Report;
use super::change::{Change, Kind, Release, Scope};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Markdown,
    Json,
}

/// Changes shown per resource in the human format before the rest are counted.
const SHOWN_PER_RESOURCE: usize = 4;
/// Resources shown in the human format before the rest are counted.
const SHOWN_RESOURCES: usize = 8;
/// Breaking changes named under the release suggestion.
const SHOWN_REASONS: usize = 5;

pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Human => human(report),
        Format::Markdown => markdown(report),
        Format::Json => {
            let mut text = serde_json::to_string_pretty(report).expect("a report serializes");
            text.push('\n');
            text
        }
    }
}

fn human(report: &Report) -> String {
    if report.changes.is_empty() {
        return "no changes\n".into();
    }
    let mut out = counts(report);
    out.push('\n');
    let groups = by_resource(&report.changes);
    for (resource, changes) in groups.iter().take(SHOWN_RESOURCES) {
        let breaking = changes.iter().filter(|c| c.breaking).count();
        let _ = writeln!(
            out,
            "{resource}: {} change(s), {breaking} breaking",
            changes.len()
        );
        // Breaking first: they are what a reviewer must see.
        let mut ordered = changes.clone();
        ordered.sort_by_key(|change| !change.breaking);
        for change in ordered.iter().take(SHOWN_PER_RESOURCE) {
            let _ = writeln!(out, "  {}", line(change));
        }
        if changes.len() > SHOWN_PER_RESOURCE {
            let _ = writeln!(out, "  … and {} more", changes.len() - SHOWN_PER_RESOURCE);
        }
    }
    if groups.len() > SHOWN_RESOURCES {
        let rest: usize = groups.values().skip(SHOWN_RESOURCES).map(Vec::len).sum();
        let _ = writeln!(
            out,
            "… and {rest} change(s) in {} more resources",
            groups.len() - SHOWN_RESOURCES
        );
    }
    if groups.len() > SHOWN_RESOURCES || groups.values().any(|c| c.len() > SHOWN_PER_RESOURCE) {
        out.push_str("(`--format markdown` or `--format json` lists every change)\n");
    }
    out.push('\n');
    out.push_str(&release(report, SHOWN_REASONS));
    out
}

/// What `cargo xtask spec` prints when the spec changed: the counts, the release and the
/// breaking changes that decide it.
pub fn summary(report: &Report) -> String {
    if report.changes.is_empty() {
        return "no changes for users\n".into();
    }
    format!("{}{}", counts(report), release(report, 2 * SHOWN_REASONS))
}

/// `2 API changes (1 breaking), 3 crate changes (1 breaking)`.
fn counts(report: &Report) -> String {
    let count = |scope: Scope| {
        let changes: Vec<&Change> = report.changes.iter().filter(|c| c.scope == scope).collect();
        let breaking = changes.iter().filter(|c| c.breaking).count();
        (changes.len(), breaking)
    };
    let ((api, api_breaking), (rust, rust_breaking)) = (count(Scope::Api), count(Scope::Crate));
    format!(
        "{api} API change(s) ({api_breaking} breaking), \
         {rust} crate change(s) ({rust_breaking} breaking)\n"
    )
}

/// The suggestion, and the breaking changes that decide it.
fn release(report: &Report, shown: usize) -> String {
    let mut out = match report.release {
        Release::Major => "suggested release: major (while 0.x: the minor version), because:\n",
        Release::Minor => {
            "suggested release: minor (while 0.x: the patch version): additions only\n"
        }
        Release::Patch => "suggested release: patch: no addition, nothing breaks\n",
        Release::None => "suggested release: none\n",
    }
    .to_owned();
    let breaking: Vec<&Change> = report.breaking().collect();
    for change in breaking.iter().take(shown) {
        let _ = writeln!(out, "  {}: {} [{}]", change.at, change.what, change.rule);
    }
    if breaking.len() > shown {
        let _ = writeln!(out, "  … and {} more", breaking.len() - shown);
    }
    out
}

fn line(change: &Change) -> String {
    let mark = match (change.breaking, change.kind) {
        (true, _) => "!",
        (false, Kind::Added) => "+",
        (false, Kind::Removed) => "-",
        (false, Kind::Changed) => "~",
    };
    format!("{mark} {}: {} [{}]", change.at, change.what, change.rule)
}

fn by_resource(changes: &[Change]) -> BTreeMap<&str, Vec<&Change>> {
    let mut groups: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
    for change in changes {
        groups.entry(&change.resource).or_default().push(change);
    }
    groups
}

fn markdown(report: &Report) -> String {
    let mut out = String::from("# API changes\n\n");
    if report.changes.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    out.push_str(&counts(report));
    for (resource, changes) in by_resource(&report.changes) {
        let _ = writeln!(
            out,
            "\n## {resource}\n\n| | scope | where | change | rule |\n| --- | --- | --- | --- | --- |"
        );
        for change in changes {
            let _ = writeln!(
                out,
                "| {} | {} | `{}` | {} | {} |",
                if change.breaking { "breaking" } else { "" },
                match change.scope {
                    Scope::Api => "API",
                    Scope::Crate => "crate",
                },
                change.at.replace('|', "\\|"),
                change.what.replace('|', "\\|"),
                change.rule
            );
        }
    }
    out.push_str("\n## Release\n\n");
    out.push_str(&release(report, usize::MAX));
    out
}

/// A Keep a Changelog section for the coming release: Added, Changed, Removed; breaking
/// changes marked.
pub fn changelog(report: &Report) -> String {
    let mut out = String::from("## [Unreleased]\n");
    if report.changes.is_empty() {
        out.push_str("\nNo API changes.\n");
        return out;
    }
    for (kind, heading) in [
        (Kind::Added, "Added"),
        (Kind::Changed, "Changed"),
        (Kind::Removed, "Removed"),
    ] {
        let entries: Vec<&Change> = report.changes.iter().filter(|c| c.kind == kind).collect();
        if entries.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n### {heading}\n");
        for change in entries {
            let _ = writeln!(
                out,
                "- {}{}: `{}`: {}",
                if change.breaking {
                    "**Breaking:** "
                } else {
                    ""
                },
                change.resource,
                change.at,
                change.what
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(resource: &str, at: &str, kind: Kind, breaking: bool) -> Change {
        Change {
            scope: Scope::Api,
            resource: resource.into(),
            at: at.into(),
            kind,
            what: "x".into(),
            breaking,
            rule: "r",
        }
    }

    fn report(changes: Vec<Change>) -> Report {
        Report {
            release: Release::for_changes(&changes),
            changes,
        }
    }

    #[test]
    fn no_changes_says_so_in_every_format() {
        let empty = report(Vec::new());
        assert_eq!(render(&empty, Format::Human), "no changes\n");
        assert!(render(&empty, Format::Markdown).contains("No changes."));
        let json: serde_json::Value = serde_json::from_str(&render(&empty, Format::Json)).unwrap();
        assert_eq!(json["release"], "none");
        assert!(changelog(&empty).contains("No API changes."));
    }

    #[test]
    fn the_human_format_folds_long_lists_and_markdown_lists_everything() {
        let mut changes: Vec<Change> = (0..30)
            .map(|i| {
                change(
                    &format!("R{:02}", i % 10),
                    &format!("GET /{i}"),
                    Kind::Added,
                    false,
                )
            })
            .collect();
        changes.push(change("R00", "DELETE /gone", Kind::Removed, true));
        let report = report(changes);
        let human = render(&report, Format::Human);
        assert!(human.lines().count() <= 50, "{human}");
        assert!(
            human.contains("R00: 4 change(s), 1 breaking\n  ! DELETE /gone"),
            "{human}"
        );
        assert!(
            human.contains("… and 6 change(s) in 2 more resources"),
            "{human}"
        );
        assert!(
            human.ends_with("because:\n  DELETE /gone: x [r]\n"),
            "{human}"
        );
        let markdown = render(&report, Format::Markdown);
        assert_eq!(markdown.matches("| `GET /").count(), 30);
    }

    #[test]
    fn the_changelog_has_keep_a_changelog_sections_with_breaking_marked() {
        let text = changelog(&report(vec![
            change("Trunk", "GET /trunks", Kind::Added, false),
            change("Trunk", "DELETE /trunks/{}", Kind::Removed, true),
        ]));
        assert_eq!(
            text,
            "## [Unreleased]\n\n### Added\n\n- Trunk: `GET /trunks`: x\n\n### Removed\n\n\
             - **Breaking:** Trunk: `DELETE /trunks/{}`: x\n"
        );
    }
}
