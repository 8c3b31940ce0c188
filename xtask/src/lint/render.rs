//! The ways to print a report: for people (rustc-like), for tools (JSON), for GitHub Actions
//! (workflow-command annotations on the vendor page lines) and for code scanning (SARIF, in
//! [`super::sarif`]).

use std::fmt::Write as _;

use super::diagnostic::{Diagnostic, Report, Severity};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
    Sarif,
}

pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Human => human(report),
        Format::Json => json(report),
        Format::Github => github(report),
        Format::Sarif => super::sarif::render(report),
    }
}

fn json(report: &Report) -> String {
    let summary = serde_json::json!({
        "file": report.file,
        "errors": report.count(Severity::Error),
        "warnings": report.count(Severity::Warning),
        "allowed": report.allowed,
        "diagnostics": report.diagnostics,
    });
    serde_json::to_string_pretty(&summary).expect("a report serializes") + "\n"
}

/// How many further sites of one cause the human format names before it counts the rest.
const SITES_SHOWN: usize = 3;

fn human(report: &Report) -> String {
    let mut out = String::new();
    for diagnostic in &report.diagnostics {
        let Diagnostic {
            rule,
            severity,
            pointer,
            message,
            help,
            location,
            sites,
        } = diagnostic;
        let _ = writeln!(out, "{severity}[{rule}]: {message}");
        match location {
            Some(at) => {
                let _ = writeln!(out, "  --> {}:{} ({})", at.file, at.line, at.context);
            }
            None => {
                let _ = writeln!(out, "  --> {}", report.file);
            }
        }
        let _ = writeln!(out, "   = pointer: {pointer}");
        for site in sites.iter().skip(1).take(SITES_SHOWN) {
            let place = match &site.location {
                Some(at) => format!("{}:{}", at.file, at.line),
                None => report.file.clone(),
            };
            let _ = writeln!(out, "   = also at: {place} ({})", site.pointer);
        }
        if sites.len() > 1 + SITES_SHOWN {
            let _ = writeln!(
                out,
                "   = and {} (`--format json` lists every site)",
                plural(sites.len() - 1 - SITES_SHOWN, "more site")
            );
        }
        let mut users: Vec<_> = Vec::new();
        for at in sites.iter().flat_map(|site| &site.used_by) {
            if !users.contains(&at) {
                users.push(at);
            }
        }
        if users.len() > 1 {
            let shown: Vec<String> = users
                .iter()
                .take(SITES_SHOWN)
                .map(|at| format!("{}:{}", at.file, at.line))
                .collect();
            let more = match users.len().saturating_sub(SITES_SHOWN) {
                0 => String::new(),
                rest => format!(" and {rest} more"),
            };
            let _ = writeln!(out, "   = shared: used by {}{more}", shown.join(", "));
        }
        let _ = writeln!(out, "   = help: {help}\n");
    }
    let (errors, warnings) = (
        report.count(Severity::Error),
        report.count(Severity::Warning),
    );
    let _ = match (errors, warnings) {
        (0, 0) => write!(out, "{}: no problems found", report.file),
        _ => write!(
            out,
            "{}: {} and {}",
            report.file,
            plural(errors, "error"),
            plural(warnings, "warning")
        ),
    };
    if report.allowed > 0 {
        let _ = write!(
            out,
            " ({} allowed by the config)",
            plural(report.allowed, "finding")
        );
    }
    out.push('\n');
    out
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// `::error file=F,line=L,title=T::message` per diagnostic, at its first site, the message
/// listing every page line it shows at (GitHub keeps only a few annotations per step, so one
/// per cause); a diagnostic without a source location is annotated on the linted file itself.
fn github(report: &Report) -> String {
    let mut out = String::new();
    for diagnostic in &report.diagnostics {
        let place = match &diagnostic.location {
            Some(at) => format!("file={},line={}", property(&at.file), at.line),
            None => format!("file={}", property(&report.file)),
        };
        let title = property(&format!("{} ({})", diagnostic.rule, diagnostic.pointer));
        let mut text = format!("{}\nhelp: {}", diagnostic.message, diagnostic.help);
        let pages = diagnostic.page_locations();
        if diagnostic.sites.len() > 1 || pages.len() > 1 {
            let _ = write!(text, "\nat {}:", plural(diagnostic.sites.len(), "site"));
            for site in &diagnostic.sites {
                let _ = write!(text, "\n- {}", site.pointer);
                for at in site.location.iter().chain(&site.used_by) {
                    let _ = write!(text, " {}:{}", at.file, at.line);
                }
            }
        }
        let _ = writeln!(
            out,
            "::{} {place},title={title}::{}",
            diagnostic.severity,
            data(&text)
        );
    }
    out
}

/// Escaping for a workflow command's message.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping for a workflow command's property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::diagnostic::Site;
    use crate::spec::source_map::Location;

    fn site(pointer: &str, location: Option<Location>) -> Site {
        Site {
            pointer: pointer.into(),
            location,
            used_by: Vec::new(),
        }
    }

    fn page(file: &str, line: usize) -> Location {
        Location {
            file: file.into(),
            line,
            context: "## Get login status, of session".into(),
        }
    }

    fn report() -> Report {
        Report {
            file: "spec/openapi.json".into(),
            diagnostics: vec![
                Diagnostic::at_sites(
                    "unknown-format",
                    Severity::Error,
                    "`date_time` is not a known format for string".into(),
                    "use `\"format\": \"date-time\"`".into(),
                    vec![site(
                        "/paths/~1login/get/format",
                        Some(page("spec/docs/authentication.md", 89)),
                    )],
                ),
                Diagnostic::at_sites(
                    "missing-description",
                    Severity::Warning,
                    "`GET /a` has no description".into(),
                    "add a description: 100%".into(),
                    vec![site("/paths/~1a/get", None)],
                ),
            ],
            allowed: 0,
        }
    }

    /// One cause at six places, the second a schema shared by two pages.
    fn grouped() -> Report {
        let mut sites: Vec<Site> = (1..=6)
            .map(|n| {
                site(
                    &format!("/paths/~1p{n}/get"),
                    Some(page("spec/docs/p.md", n)),
                )
            })
            .collect();
        sites[1].used_by = vec![page("spec/docs/a.md", 10), page("spec/docs/b.md", 20)];
        Report {
            file: "spec/openapi.json".into(),
            diagnostics: vec![Diagnostic::at_sites(
                "error-response-schema",
                Severity::Error,
                "error responses have no schema".into(),
                "add one".into(),
                sites,
            )],
            allowed: 0,
        }
    }

    #[test]
    fn human_output_names_the_first_sites_and_counts_the_rest() {
        let out = render(&grouped(), Format::Human);
        assert_eq!(
            out.matches("error[error-response-schema]").count(),
            1,
            "{out}"
        );
        assert!(
            out.contains("  --> spec/docs/p.md:1 (## Get login status, of session)\n   = pointer: /paths/~1p1/get\n   = also at: spec/docs/p.md:2 (/paths/~1p2/get)\n"),
            "{out}"
        );
        assert!(
            out.contains("   = also at: spec/docs/p.md:4 (/paths/~1p4/get)\n   = and 2 more sites"),
            "{out}"
        );
        assert!(!out.contains("p.md:5"), "{out}");
        assert!(
            out.contains("   = shared: used by spec/docs/a.md:10, spec/docs/b.md:20\n"),
            "{out}"
        );
        assert!(
            out.ends_with("spec/openapi.json: 1 error and 0 warnings\n"),
            "{out}"
        );
    }

    #[test]
    fn human_output_counts_only_what_it_does_not_show() {
        let mut report = grouped();
        let sites = &mut report.diagnostics[0].sites;
        sites.truncate(1 + SITES_SHOWN);
        sites[1].used_by.truncate(1);
        let out = render(&report, Format::Human);
        assert!(out.contains("   = also at: spec/docs/p.md:4"), "{out}");
        assert!(!out.contains("more site"), "{out}");
        assert!(!out.contains("shared:"), "{out}");
    }

    #[test]
    fn github_output_lists_several_sites_even_without_page_lines() {
        let report = Report {
            file: "spec/openapi.json".into(),
            diagnostics: vec![Diagnostic::at_sites(
                "missing-description",
                Severity::Warning,
                "operations have no description".into(),
                "add them".into(),
                vec![site("/paths/~1a/get", None), site("/paths/~1b/get", None)],
            )],
            allowed: 0,
        };
        let out = render(&report, Format::Github);
        assert!(
            out.contains("%0Aat 2 sites:%0A- /paths/~1a/get%0A- /paths/~1b/get"),
            "{out}"
        );
    }

    #[test]
    fn machine_outputs_list_every_site() {
        let parsed: serde_json::Value =
            serde_json::from_str(&render(&grouped(), Format::Json)).unwrap();
        let sites = parsed["diagnostics"][0]["sites"].as_array().unwrap();
        assert_eq!(sites.len(), 6);
        assert_eq!(sites[5]["pointer"], "/paths/~1p6/get");
        assert_eq!(sites[1]["used_by"][1]["file"], "spec/docs/b.md");
        let github = render(&grouped(), Format::Github);
        assert_eq!(github.lines().count(), 1, "{github}");
        assert!(
            github.contains("%0A- /paths/~1p6/get spec/docs/p.md:6"),
            "{github}"
        );
        assert!(
            github.contains("spec/docs/p.md:2 spec/docs/a.md:10 spec/docs/b.md:20"),
            "{github}"
        );
    }

    #[test]
    fn human_output_reads_like_rustc() {
        let out = render(&report(), Format::Human);
        assert!(out.starts_with(
            "error[unknown-format]: `date_time` is not a known format for string\n  --> spec/docs/authentication.md:89 (## Get login status, of session)\n   = pointer: /paths/~1login/get/format\n   = help: use `\"format\": \"date-time\"`\n"
        ), "{out}");
        assert!(out.contains("warning[missing-description]: `GET /a` has no description\n  --> spec/openapi.json\n"), "{out}");
        assert!(
            out.ends_with("spec/openapi.json: 1 error and 1 warning\n"),
            "{out}"
        );
    }

    #[test]
    fn human_output_of_a_clean_report() {
        let clean = Report {
            file: "x.json".into(),
            diagnostics: vec![],
            allowed: 0,
        };
        assert_eq!(render(&clean, Format::Human), "x.json: no problems found\n");
    }

    #[test]
    fn the_summary_counts_allowed_findings() {
        let mut report = report();
        report.allowed = 3;
        assert!(render(&report, Format::Human).ends_with(
            "spec/openapi.json: 1 error and 1 warning (3 findings allowed by the config)\n"
        ));
        let parsed: serde_json::Value =
            serde_json::from_str(&render(&report, Format::Json)).unwrap();
        assert_eq!(parsed["allowed"], 3);
    }

    #[test]
    fn json_output_carries_every_field() {
        let parsed: serde_json::Value =
            serde_json::from_str(&render(&report(), Format::Json)).unwrap();
        let first = &parsed["diagnostics"][0];
        assert_eq!(parsed["file"], "spec/openapi.json");
        assert_eq!(
            (parsed["errors"].as_u64(), parsed["warnings"].as_u64()),
            (Some(1), Some(1))
        );
        assert_eq!(first["rule"], "unknown-format");
        assert_eq!(first["severity"], "error");
        assert_eq!(first["pointer"], "/paths/~1login/get/format");
        assert_eq!(first["location"]["file"], "spec/docs/authentication.md");
        assert_eq!(first["location"]["line"], 89);
        assert_eq!(
            parsed["diagnostics"][1]["location"],
            serde_json::Value::Null
        );
        assert_eq!(parsed["diagnostics"][1]["severity"], "warning");
    }

    #[test]
    fn github_output_lists_one_site_when_it_shows_at_several_page_lines() {
        let report_with = |used_by: Vec<Location>| {
            let mut shared = site("/components/schemas/Page", Some(page("spec/docs/p.md", 5)));
            shared.used_by = used_by;
            Report {
                file: "spec/openapi.json".into(),
                diagnostics: vec![Diagnostic::at_sites(
                    "missing-description",
                    Severity::Warning,
                    "`Page` has no description".into(),
                    "add one".into(),
                    vec![shared],
                )],
                allowed: 0,
            }
        };
        let shared = render(
            &report_with(vec![page("spec/docs/a.md", 10)]),
            Format::Github,
        );
        assert!(
            shared.contains(
                "%0Aat 1 site:%0A- /components/schemas/Page spec/docs/p.md:5 spec/docs/a.md:10"
            ),
            "{shared}"
        );
        let repeated = render(
            &report_with(vec![page("spec/docs/p.md", 5)]),
            Format::Github,
        );
        assert!(!repeated.contains("site:"), "{repeated}");
    }

    #[test]
    fn github_output_is_escaped_workflow_commands() {
        let out = render(&report(), Format::Github);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[0],
            "::error file=spec/docs/authentication.md,line=89,title=unknown-format (/paths/~1login/get/format)::`date_time` is not a known format for string%0Ahelp: use `\"format\": \"date-time\"`"
        );
        assert_eq!(
            lines[1],
            "::warning file=spec/openapi.json,title=missing-description (/paths/~1a/get)::`GET /a` has no description%0Ahelp: add a description: 100%25"
        );
    }
}
