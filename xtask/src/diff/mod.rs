//! `cargo xtask diff OLD.json NEW.json`: what a new vendor release changes, on the wire and in
//! the Rust crate, each change marked breaking or not for this crate's users, and the release
//! (major, minor, patch) it calls for.
//!
//! two canonical specs → api (operations matched by route; schemas by structure, [`schema`]) →
//! rust (both clients generated, surfaces compared) → [`Report`] → render.

pub mod api;
pub mod change;
pub mod render;
pub mod rust;
pub mod schema;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use serde::Serialize;
use serde_json::Value;

pub use change::{Change, Kind, Release, Scope};
use render::Format;

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The canonical spec of the release users have.
    pub old: PathBuf,
    /// The canonical spec of the coming release.
    pub new: PathBuf,
    /// human: one screen, grouped by resource, long lists folded; markdown and json: every change
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Compare the specs only, without generating both clients (faster; crate-only changes such
    /// as renamed types are then not seen).
    #[arg(long)]
    pub api_only: bool,
}

/// One spec to compare: its JSON text, and how errors name it.
pub struct Spec {
    pub label: String,
    pub text: String,
    pub document: Value,
}

impl Spec {
    pub fn read(path: &std::path::Path) -> anyhow::Result<Self> {
        let label = path.display().to_string();
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {label}"))?;
        Self::parse(label, text)
    }

    pub fn parse(label: String, text: String) -> anyhow::Result<Self> {
        let document =
            serde_json::from_str(&text).with_context(|| format!("{label} is not JSON"))?;
        Ok(Self {
            label,
            text,
            document,
        })
    }
}

/// Every change, sorted, and the release they call for.
#[derive(Debug, Serialize)]
pub struct Report {
    pub release: Release,
    pub changes: Vec<Change>,
}

impl Report {
    pub fn breaking(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|change| change.breaking)
    }
}

/// Compares `old` with `new`; with `crate_level`, also the clients generated from them.
pub fn diff(old: &Spec, new: &Spec, crate_level: bool) -> anyhow::Result<Report> {
    let (mut changes, matched) = api::compare(&old.document, &new.document);
    if crate_level {
        let renamed_methods: BTreeMap<String, String> = matched
            .iter()
            .filter_map(|pair| {
                let (before, after) = (pair.old.operation_id()?, pair.new.operation_id()?);
                (before != after).then(|| (method_name(before), method_name(after)))
            })
            .collect();
        let surface = |spec: &Spec| {
            rust::Surface::generate(&spec.label, &spec.text, &resources(&spec.document))
                .map_err(anyhow::Error::msg)
        };
        changes.extend(rust::compare(
            &surface(old)?,
            &surface(new)?,
            &renamed_methods,
        ));
    }
    changes.sort();
    Ok(Report {
        release: Release::for_changes(&changes),
        changes,
    })
}

/// The `Client` method of an operation.
fn method_name(operation_id: &str) -> String {
    portsip_api_build::naming::hook_operation_id(operation_id)
}

/// operationId → the resource its changes are grouped under.
fn resources(document: &Value) -> BTreeMap<String, String> {
    portsip_api_build::openapi::operations(document)
        .iter()
        .filter_map(|operation| {
            Some((
                operation.operation_id()?.to_owned(),
                api::resource(operation),
            ))
        })
        .collect()
}

pub fn run(args: DiffArgs) -> anyhow::Result<ExitCode> {
    let (old, new) = (Spec::read(&args.old)?, Spec::read(&args.new)?);
    let report = diff(&old, &new, !args.api_only)?;
    print!("{}", render::render(&report, args.format));
    Ok(ExitCode::SUCCESS)
}
