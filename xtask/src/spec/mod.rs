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
pub mod json;
pub mod merge;
pub mod names;
pub mod output;
pub mod overlay;
pub mod pointer;
pub mod schema_walk;
pub mod simplify;
pub mod source_map;
#[cfg(test)]
mod test_random;
pub mod validate;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rustc_hash::FxHashMap;

pub use error::SpecError;
use hoist::{Hoisted, Naming};
use json::Value;
use names::NameBook;
use overlay::{Edit, Overlay};
use simplify::Move;
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
    pub warnings: Vec<String>,
    pub timings: Timings,
}

pub fn generate(inputs: &Inputs) -> Result<Generated, SpecError> {
    let mut timings = Timings::default();
    let label = |path: &Path| {
        path.strip_prefix(&inputs.root)
            .unwrap_or(path)
            .to_path_buf()
    };
    // Each page is merged as soon as it is read: the parts every fragment repeats are compared
    // and freed while they are still in the caches, and their memory serves the next page.
    let mut merger = merge::Merger::default();
    let (mut extracting, mut merging) = (Duration::ZERO, Duration::ZERO);
    for page in extract::pages(&inputs.docs)? {
        let started = Instant::now();
        let fragments = extract::extract_page(&page, &label(&page))?;
        let extracted = Instant::now();
        for fragment in fragments {
            merger.add(fragment)?;
        }
        extracting += extracted - started;
        merging += extracted.elapsed();
    }
    let finishing = Instant::now();
    let merged = merger.finish();
    merging += finishing.elapsed();
    let mut document = merged.document;
    timings.split(&[("extract", extracting), ("merge", merging)]);
    let edits = match &inputs.overlay {
        Some(path) => Overlay::load(path, &label(path))?.apply(&mut document)?,
        None => Vec::new(),
    };
    timings.lap("overlay");
    let names = match &inputs.names {
        Some(path) => NameBook::load(path, &label(path))?,
        None => NameBook::default(),
    };
    let hoisted = hoist::hoist(&mut document, &names)?;
    let source_map = trace_sources(merged.source_map, &edits, &hoisted.moves, &hoisted.schemas);
    timings.lap("simplify+hoist");
    validate::validate(&document, &source_map)?;
    timings.lap("validate");
    let operations = count_operations(&document);
    let mut warnings = merged.warnings;
    warnings.extend(hoisted.warnings);
    Ok(Generated {
        document,
        source_map,
        schemas: hoisted.schemas,
        operations,
        warnings,
        timings,
    })
}

/// Wall time per stage, for `--timings` and for finding what to optimise.
#[derive(Debug)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
    last: Instant,
}

impl Default for Timings {
    fn default() -> Self {
        Self {
            stages: Vec::new(),
            last: Instant::now(),
        }
    }
}

impl Timings {
    /// Records stages that ran interleaved since the last lap, with the time each took.
    fn split(&mut self, stages: &[(&'static str, Duration)]) {
        self.stages.extend_from_slice(stages);
        self.last = Instant::now();
    }

    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.stages.push((stage, now - self.last));
        self.last = now;
    }
}

/// The text of an input file; errors name it by `label`.
fn read_input(path: &Path, label: &Path) -> Result<String, SpecError> {
    std::fs::read_to_string(path).map_err(|cause| SpecError::Unreadable {
        path: label.to_path_buf(),
        cause,
    })
}

fn count_operations(document: &Value) -> usize {
    let items = document
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten();
    items
        .filter_map(|(_, item)| item.as_object())
        .flat_map(|item| item.keys())
        .filter(|key| merge::HTTP_METHODS.contains(&key.as_str()))
        .count()
}

/// Carries the merge's source map through the later stages: hoisted schemas point at the page
/// they were first found on, and values the overlay changed point at the overlay action.
fn trace_sources(
    mut traced: SourceMap,
    edits: &[Edit],
    moves: &[Move],
    schemas: &[Hoisted],
) -> SourceMap {
    // Every schema is located in the merge's map before any component entry is added, so none
    // is attributed to another component's entry.
    let components: Vec<(String, Location)> = schemas
        .iter()
        .filter(|schema| schema.how_named != Naming::Existing)
        .filter_map(|schema| {
            let at = traced.locate(&schema.representative)?.clone();
            Some((pointer::join("/components/schemas", &schema.name), at))
        })
        .collect();
    for (pointer, at) in components {
        traced.insert(pointer, at);
    }
    let by_source = index_moves(moves);
    for edit in edits {
        traced.insert(relocate_with(&edit.pointer, &by_source), edit.by.clone());
    }
    traced
}

fn index_moves(moves: &[Move]) -> FxHashMap<&str, (usize, &str)> {
    let mut by_source = FxHashMap::default();
    for (order, step) in moves.iter().enumerate() {
        by_source
            .entry(step.from.as_str())
            .or_insert((order, step.to.as_str()));
    }
    by_source
}

/// Where a value that was at `pointer` before the moves ended up. Moves apply in the order they
/// happened; looking each one up by source prefix keeps this linear in the pointer's depth.
fn relocate_with(pointer: &str, by_source: &FxHashMap<&str, (usize, &str)>) -> String {
    let mut current = pointer.to_owned();
    let mut applied: Option<usize> = None;
    loop {
        let next = prefixes(&current)
            .filter_map(|prefix| {
                by_source
                    .get(prefix)
                    .map(|&(order, to)| (order, prefix.len(), to))
            })
            .filter(|&(order, _, _)| applied.is_none_or(|done| order > done))
            .min_by_key(|&(order, _, _)| order);
        let Some((order, cut, to)) = next else {
            return current;
        };
        current = format!("{to}{}", &current[cut..]);
        applied = Some(order);
    }
}

/// `/a/b/c`, `/a/b`, `/a`: the pointer and each of its ancestors.
fn prefixes(pointer: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(Some(pointer), |current| {
        current.rfind('/').map(|cut| &current[..cut])
    })
    .filter(|prefix| !prefix.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relocate(pointer: &str, moves: &[Move]) -> String {
        relocate_with(pointer, &index_moves(moves))
    }

    #[test]
    fn relocation_follows_moves_in_the_order_they_happened() {
        let moves = [
            Move {
                from: "/p/schema/properties/a".into(),
                to: "/components/schemas/A".into(),
            },
            Move {
                from: "/p/schema".into(),
                to: "/components/schemas/P".into(),
            },
        ];
        assert_eq!(
            relocate("/p/schema/properties/a/pattern", &moves),
            "/components/schemas/A/pattern"
        );
        assert_eq!(
            relocate("/p/schema/properties/b", &moves),
            "/components/schemas/P/properties/b"
        );
        assert_eq!(relocate("/p/schemas", &moves), "/p/schemas");
    }

    #[test]
    fn relocation_chains_a_flattened_wrapper_into_its_component() {
        let moves = [
            Move {
                from: "/p/properties/a/allOf/0".into(),
                to: "/p/properties/a".into(),
            },
            Move {
                from: "/p/properties/a".into(),
                to: "/components/schemas/A".into(),
            },
        ];
        assert_eq!(
            relocate("/p/properties/a/allOf/0/pattern", &moves),
            "/components/schemas/A/pattern"
        );
        // Each move applies once, in order, as the stages made them.
        let back = [
            Move {
                from: "/x".into(),
                to: "/y".into(),
            },
            Move {
                from: "/y".into(),
                to: "/x".into(),
            },
        ];
        assert_eq!(relocate("/x/1", &back), "/x/1");
    }
}
