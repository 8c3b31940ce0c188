//! The spec pipeline: vendor pages → one canonical OpenAPI 3.1 document.
//!
//! extract (pages → fragments) → merge (one document) → overlay (vendor fixes) → simplify and
//! hoist (named, shared schemas) → validate. Each stage is a module with one entry point; the
//! source map travels alongside so every later diagnostic can name the page and line.

pub mod canonical_json;
pub mod cli;
pub mod error;
pub mod extract;
pub mod hoist;
pub mod manifest;
pub mod merge;
pub mod names;
pub mod output;
pub mod overlay;
pub mod simplify;
pub mod source_map;
pub mod validate;

use std::path::{Path, PathBuf};

use portsip_api_build::openapi;
use portsip_api_build::openapi::resources::Resources;
use serde_json::Value;

pub use error::SpecError;
use hoist::Hoisted;
use names::NameBook;
use overlay::Overlay;
use source_map::{Location, SourceMap};

/// What the pipeline reads. Locations in diagnostics and in the source map are written
/// relative to `root` when the input lies below it.
#[derive(Clone, Debug)]
pub struct Inputs {
    pub root: PathBuf,
    pub docs: PathBuf,
    pub overlay: Option<PathBuf>,
    pub names: Option<PathBuf>,
}

#[derive(Debug)]
pub struct Generated {
    pub document: Value,
    pub source_map: SourceMap,
    pub schemas: Vec<Hoisted>,
    pub operations: usize,
    /// The client's cargo features, one per tag.
    pub resources: Resources,
    pub warnings: Vec<String>,
    /// Overlay fixes the vendor has since made in the pages: they changed nothing.
    pub already_upstream: Vec<Location>,
}

/// The pages merged and fixed by the overlay: what the pages say at each place, before any
/// schema is shared.
pub struct Overlaid {
    pub document: Value,
    source_map: SourceMap,
    edits: Vec<overlay::Edit>,
    warnings: Vec<String>,
    already_upstream: Vec<Location>,
}

pub fn overlaid(inputs: &Inputs) -> Result<Overlaid, SpecError> {
    let label = |path: &Path| {
        path.strip_prefix(&inputs.root)
            .unwrap_or(path)
            .to_path_buf()
    };
    let pages = extract::pages(&inputs.docs)?;
    let mut merger = merge::Merger::default();
    let mut warnings = pages.warnings;
    for page in &pages.found {
        let extracted = extract::extract_page(page, &label(page))?;
        warnings.extend(extracted.warnings);
        for fragment in extracted.fragments {
            merger.add(fragment)?;
        }
    }
    let merged = merger.finish();
    warnings.extend(merged.warnings);
    let mut document = merged.document;
    let applied = match &inputs.overlay {
        Some(path) => Overlay::load(path, &label(path))?.apply(&mut document)?,
        None => overlay::Applied::default(),
    };
    Ok(Overlaid {
        document,
        source_map: merged.source_map,
        edits: applied.edits,
        warnings,
        already_upstream: applied.already_upstream,
    })
}

pub fn generate(inputs: &Inputs) -> Result<Generated, SpecError> {
    let Overlaid {
        mut document,
        source_map,
        edits,
        mut warnings,
        already_upstream,
    } = overlaid(inputs)?;
    let names = match &inputs.names {
        Some(path) => {
            let label = path.strip_prefix(&inputs.root).unwrap_or(path);
            NameBook::load(path, label)?
        }
        None => NameBook::default(),
    };
    let hoisted = hoist::hoist(&mut document, &names)?;
    let source_map = source_map.traced(&edits, &hoisted.moves, &hoisted.schemas);
    validate::validate(&document, &source_map)?;
    let resources = manifest::resources(&document, &source_map)?;
    warnings.extend(hoisted.warnings);
    Ok(Generated {
        operations: openapi::operations(&document).len(),
        resources,
        document,
        source_map,
        schemas: hoisted.schemas,
        warnings,
        already_upstream,
    })
}

/// The text of an input file; errors name it by `label`.
fn read_input(path: &Path, label: &Path) -> Result<String, SpecError> {
    std::fs::read_to_string(path).map_err(|cause| SpecError::Unreadable {
        path: label.to_path_buf(),
        cause,
    })
}
