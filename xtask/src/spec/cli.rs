//! `cargo xtask spec [--docs DIR] [--out FILE] [--check] [--pin-new-names]`.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use super::output::{self, Outcome, Rendered};
use super::source_map::SourceMap;
use super::{Generated, Inputs, generate};

#[derive(clap::Args, Debug)]
pub struct SpecArgs {
    /// Folder of vendor pages [default: spec/docs]
    #[arg(long)]
    pub docs: Option<PathBuf>,
    /// Canonical spec to write; its source map goes beside it [default: spec/openapi.json]
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Write nothing; fail if the files on disk are not what the pages generate
    #[arg(long)]
    pub check: bool,
    /// Overlay of vendor fixes [default: spec/overlay.json]
    #[arg(long)]
    pub overlay: Option<PathBuf>,
    /// Skip the overlay: the vendor's pages as published, for linting them
    #[arg(long, conflicts_with = "overlay")]
    pub no_overlay: bool,
    /// Client manifest whose `[features]` table is written from the spec's tags
    /// [default: portsip-api/Cargo.toml, unless --out is given]
    #[arg(long)]
    pub manifest: Option<PathBuf>,
    /// Naming file for hoisted schemas [default: spec/names.toml]
    #[arg(long)]
    pub names: Option<PathBuf>,
    /// Also write what changed against the spec on disk as a Keep a Changelog section to FILE
    #[arg(long, value_name = "FILE", conflicts_with = "check")]
    pub changelog: Option<PathBuf>,
    /// Also add the suggested names of schemas nobody pinned to the naming file
    #[arg(long, conflicts_with = "check")]
    pub pin_new_names: bool,
}

/// The workspace root, so the defaults work from any directory.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

impl SpecArgs {
    fn inputs(&self, root: &Path) -> Inputs {
        let or_default = |given: &Option<PathBuf>, default: &str| {
            given.clone().unwrap_or_else(|| root.join(default))
        };
        Inputs {
            root: root.to_path_buf(),
            docs: or_default(&self.docs, "spec/docs"),
            overlay: (!self.no_overlay).then(|| or_default(&self.overlay, "spec/overlay.json")),
            names: Some(self.names_file(root)),
        }
    }

    /// The client manifest to keep in step; a spec written elsewhere (`--out`) is not the
    /// client's, so its features go nowhere unless a manifest is named too.
    fn manifest_file(&self, root: &Path) -> Option<PathBuf> {
        match (&self.manifest, &self.out) {
            (Some(manifest), _) => Some(manifest.clone()),
            (None, None) => Some(root.join("portsip-api/Cargo.toml")),
            (None, Some(_)) => None,
        }
    }

    fn names_file(&self, root: &Path) -> PathBuf {
        self.names
            .clone()
            .unwrap_or_else(|| root.join("spec/names.toml"))
    }
}

pub fn run(args: SpecArgs) -> anyhow::Result<ExitCode> {
    let root = workspace_root();
    let started = Instant::now();
    let generated = generate(&args.inputs(&root))?;
    report(&generated)?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| root.join("spec/openapi.json"));
    let mut files = render(&generated, &out);
    if let Some(manifest) = args.manifest_file(&root) {
        files.push(render_manifest(&generated, &root, &manifest)?);
    }
    if args.pin_new_names {
        files.extend(pin_new_names(&generated, &args.names_file(&root))?);
    }
    let shown = out
        .strip_prefix(&root)
        .unwrap_or(&out)
        .display()
        .to_string();
    report_already_upstream(&generated);
    let changes = changes_against(&out, &shown, &files[0].text);
    if let Some(path) = &args.changelog {
        let text = match &changes {
            Some(report) => crate::diff::render::changelog(report),
            None => crate::diff::render::changelog(&crate::diff::Report {
                release: crate::diff::Release::None,
                changes: Vec::new(),
            }),
        };
        files.push(Rendered {
            path: path.clone(),
            text,
        });
    }
    if args.check {
        let stale: Vec<String> = files.iter().filter_map(output::staleness).collect();
        if stale.is_empty() {
            eprintln!("{shown} is up to date");
            return Ok(ExitCode::SUCCESS);
        }
        for summary in stale {
            eprintln!("{summary}");
        }
        eprintln!("run `cargo xtask spec` and commit the result");
        return Ok(ExitCode::FAILURE);
    }
    let outcomes = output::write_all(&files)?;
    let verb = if outcomes
        .iter()
        .all(|outcome| *outcome == Outcome::Unchanged)
    {
        "unchanged"
    } else {
        "wrote"
    };
    eprintln!(
        "{verb} {shown}: {} operations, {} schemas, {} resource features, in {} ms",
        generated.operations,
        generated.schemas.len(),
        generated.resources.by_feature.len(),
        started.elapsed().as_millis()
    );
    Ok(ExitCode::SUCCESS)
}

/// Overlay fixes that changed nothing, apart from the warnings: each is a line to delete.
fn report_already_upstream(generated: &Generated) {
    if generated.already_upstream.is_empty() {
        return;
    }
    eprintln!("overlay fixes the vendor has made in the pages (they change nothing; delete them):");
    for at in &generated.already_upstream {
        eprintln!("  {at}");
    }
}

/// What the new spec changes for users against the one at `out`, printed; `None` when there is
/// no spec there or it is the same. A comparison that fails is a warning: the spec itself is
/// fine.
fn changes_against(out: &Path, shown: &str, new_text: &str) -> Option<crate::diff::Report> {
    let old_text = std::fs::read_to_string(out).ok()?;
    if old_text == new_text {
        return None;
    }
    let compared = crate::diff::Spec::parse(shown.to_owned(), old_text).and_then(|old| {
        let new = crate::diff::Spec::parse(format!("the new {shown}"), new_text.to_owned())?;
        crate::diff::diff(&old, &new, true)
    });
    match compared {
        Ok(report) => {
            eprint!(
                "changes against the current {shown}: {}",
                crate::diff::render::summary(&report)
            );
            Some(report)
        }
        Err(error) => {
            eprintln!("warning: cannot compare with the current {shown}: {error:#}");
            None
        }
    }
}

/// Warnings on stderr, buffered: the vendor's pages give hundreds.
fn report(generated: &Generated) -> std::io::Result<()> {
    let mut stderr = BufWriter::new(std::io::stderr().lock());
    for warning in &generated.warnings {
        writeln!(stderr, "warning: {warning}")?;
    }
    stderr.flush()
}

/// The naming file with the suggested names appended, if there are any to pin.
fn pin_new_names(generated: &Generated, names: &Path) -> anyhow::Result<Option<Rendered>> {
    let (lines, refused) = super::names::pins_for_suggestions(&generated.schemas);
    for reason in &refused {
        eprintln!("warning: not pinned: {reason}");
    }
    if lines.is_empty() {
        return Ok(None);
    }
    let mut text = std::fs::read_to_string(names)?;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&lines);
    eprintln!(
        "pinned {} new names in {}",
        lines.lines().count(),
        names.display()
    );
    Ok(Some(Rendered {
        path: names.to_path_buf(),
        text,
    }))
}

/// The client manifest at `path` with the `[features]` table the spec's resources give.
pub fn render_manifest(
    generated: &Generated,
    root: &Path,
    path: &Path,
) -> Result<Rendered, super::error::SpecError> {
    let label = path.strip_prefix(root).unwrap_or(path);
    super::manifest::render(path, label, &generated.resources)
}

/// The canonical spec and its source map, as they should be on disk.
pub fn render(generated: &Generated, out: &Path) -> Vec<Rendered> {
    vec![
        output::render_json(out.to_path_buf(), &generated.document),
        Rendered {
            path: SourceMap::sidecar_path(out),
            text: generated.source_map.to_pretty(),
        },
    ]
}
