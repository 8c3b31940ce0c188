//! `cargo xtask lint`: finds the defects in the vendor's pages that break generated clients or
//! mislead users, and points at the page line (via the spec's source map) to fix.
//!
//! document (the spec) → rules (findings) → diagnostics (accepted ones dropped and severity set
//! by the config, location from the source map) → rendered report and exit code.

pub mod allow;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod render;
pub mod rules;
pub mod sarif;
pub mod usage;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use crate::spec::source_map::{Location, SourceMap};
use allow::Allowances;
use config::Config;
use diagnostic::{Diagnostic, Finding, Findings, Report, Severity, Site};
use document::Document;
use render::Format;
use usage::Usage;

#[derive(Debug, clap::Args)]
pub struct LintArgs {
    /// The spec to lint [default: spec/openapi.json in the workspace]. Its source map
    /// (`<stem>.sourcemap.json` beside it) is used when present.
    pub file: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// `--deny warnings` reports warnings as errors (and fails on them).
    #[arg(long, value_enum)]
    pub deny: Vec<Deny>,
    /// Rule configuration [default: spec/lint.toml in the workspace, if it exists].
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Print every rule with its configured severity and exit.
    #[arg(long)]
    pub list_rules: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Deny {
    Warnings,
}

/// How one lint run is set up.
pub struct Options {
    pub config: Config,
    pub deny_warnings: bool,
}

pub fn run(args: LintArgs) -> anyhow::Result<ExitCode> {
    let root = workspace_root();
    let config = match &args.config {
        Some(path) => Config::load(path, &path.display().to_string(), true, &rules::ids())?,
        None => Config::load(
            &root.join("spec/lint.toml"),
            "spec/lint.toml",
            false,
            &rules::ids(),
        )?,
    };
    if args.list_rules {
        print!("{}", list_rules(&config));
        return Ok(ExitCode::SUCCESS);
    }
    let (path, shown) = match &args.file {
        Some(path) => (path.clone(), path.display().to_string()),
        None => (
            root.join("spec/openapi.json"),
            "spec/openapi.json".to_owned(),
        ),
    };
    let options = Options {
        config,
        deny_warnings: args.deny.contains(&Deny::Warnings),
    };
    let report = lint_file(&path, shown, &options)?;
    print!("{}", render::render(&report, args.format));
    Ok(if report.has_errors() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Lints the spec at `path` (shown as `shown` in output) with its sidecar source map, if any.
pub fn lint_file(path: &Path, shown: String, options: &Options) -> anyhow::Result<Report> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let root =
        serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))?;
    let sidecar = SourceMap::sidecar_path(path);
    let source_map = match std::fs::read_to_string(&sidecar) {
        Ok(text) => Some(
            serde_json::from_str::<SourceMap>(&text)
                .with_context(|| format!("{} is not a source map", sidecar.display()))?,
        ),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => return Err(error).with_context(|| format!("reading {}", sidecar.display())),
    };
    let (diagnostics, allowed) = lint(&Document::new(root), source_map.as_ref(), options);
    Ok(Report {
        file: shown,
        diagnostics,
        allowed,
    })
}

/// Runs every enabled rule over `document`, ordered by source location then pointer, with the
/// number of findings the config's allow lists accepted (and so left out). An allow list's place
/// that accepted nothing is an error.
pub fn lint(
    document: &Document,
    source_map: Option<&SourceMap>,
    options: &Options,
) -> (Vec<Diagnostic>, usize) {
    let mut diagnostics = Vec::new();
    let mut allowances = Allowances::new(&options.config, document);
    let mut allowed = 0;
    let mut ran = Vec::new();
    let usage = source_map
        .map(|map| Usage::new(document, map))
        .unwrap_or_default();
    for rule in rules::all(&options.config.api) {
        let Some(mut severity) = options.config.severity(rule.id(), rule.default_severity()) else {
            continue;
        };
        ran.push(rule.id());
        if options.deny_warnings {
            severity = Severity::Error;
        }
        let mut findings = Findings::default();
        rule.check(document, &mut findings);
        let (accepted, reported): (Vec<_>, Vec<_>) = findings
            .into_vec()
            .into_iter()
            .partition(|finding| allowances.accepts(rule.id(), &finding.pointer));
        allowed += accepted.len();
        diagnostics.extend(
            by_cause(reported)
                .into_iter()
                .map(|(message, help, findings)| {
                    let mut sites: Vec<Site> = findings
                        .into_iter()
                        .map(|finding| Site {
                            location: source_map
                                .and_then(|map| map.locate(&finding.pointer))
                                .cloned(),
                            used_by: usage.users_of(&finding.pointer).to_vec(),
                            pointer: finding.pointer,
                        })
                        .collect();
                    sites.sort_by(|a, b| place(&a.location).cmp(&place(&b.location)));
                    Diagnostic::at_sites(rule.id(), severity, message, help, sites)
                }),
        );
    }
    diagnostics.extend(allowances.stale(&options.config, |rule| ran.contains(&rule)));
    diagnostics.sort_by(|a, b| {
        place(&a.location)
            .cmp(&place(&b.location))
            .then_with(|| a.pointer.cmp(&b.pointer))
            .then_with(|| a.rule.cmp(b.rule))
    });
    (diagnostics, allowed)
}

/// Where a location is, for ordering: by page, then line.
fn place(location: &Option<Location>) -> Option<(&str, usize)> {
    location.as_ref().map(|at| (at.file.as_str(), at.line))
}

/// Findings grouped by cause (the same message and help), in the order each cause was first
/// found, each group's sites in the order found.
fn by_cause(findings: Vec<Finding>) -> Vec<(String, String, Vec<Finding>)> {
    let mut groups: Vec<(String, String, Vec<Finding>)> = Vec::new();
    let mut index: std::collections::HashMap<(String, String), usize> =
        std::collections::HashMap::new();
    for finding in findings {
        let key = (finding.message.clone(), finding.help.clone());
        match index.get(&key) {
            Some(&at) => groups[at].2.push(finding),
            None => {
                index.insert(key.clone(), groups.len());
                groups.push((key.0, key.1, vec![finding]));
            }
        }
    }
    groups
}

fn list_rules(config: &Config) -> String {
    let rules = rules::all(&config.api);
    let width = rules
        .iter()
        .map(|rule| rule.id().len())
        .max()
        .unwrap_or_default();
    let mut out = String::new();
    for rule in rules {
        let level = match config.severity(rule.id(), rule.default_severity()) {
            Some(severity) => severity.to_string(),
            None => "off".to_owned(),
        };
        out += &format!("{:<width$} {level:<8} {}\n", rule.id(), rule.description());
    }
    out
}

/// The workspace root, so default paths work from any directory `cargo xtask` runs in.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}
