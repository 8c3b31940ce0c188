//! Where each part of the canonical spec came from, so diagnostics can point a maintainer at
//! the vendor page (or overlay action) to fix rather than at the generated file.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use portsip_api_build::openapi::pointer;
use serde::{Deserialize, Serialize};

use super::canonical_json;
use super::hoist::{Hoisted, Naming};
use super::overlay::Edit;
use super::simplify::Move;

/// A place in an input file: a vendor page under `spec/docs/` or the overlay.
///
/// Fields are in alphabetical order, so the source map serializes straight into its canonical
/// form (see [`SourceMap::to_pretty`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// What is there: the page heading of the fragment, or the overlay action's description.
    pub context: String,
    /// Path relative to the workspace root (or as given on the command line).
    pub file: String,
    /// 1-based line.
    pub line: usize,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{} ({})", self.file, self.line, self.context)
    }
}

/// Maps JSON pointers in the canonical spec to the input that produced them. A pointer with no
/// entry of its own belongs to its longest recorded prefix, so entries are kept per operation,
/// per component and per overlay edit rather than per value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceMap {
    pub entries: BTreeMap<String, Location>,
}

impl SourceMap {
    pub fn insert(&mut self, pointer: impl Into<String>, location: Location) {
        self.entries.insert(pointer.into(), location);
    }

    /// The input that produced the value at `pointer`: the entry of the pointer itself or of its
    /// nearest ancestor.
    pub fn locate(&self, pointer: &str) -> Option<&Location> {
        let mut candidate = pointer;
        loop {
            if let Some(location) = self.entries.get(candidate) {
                return Some(location);
            }
            let cut = candidate.rfind('/')?;
            candidate = &candidate[..cut];
        }
    }

    /// The sidecar file's text, in the canonical form of every generated JSON file. Entries are
    /// kept sorted and `Location`'s fields are declared in order, so no `Value` copy of a
    /// large map is needed to sort it.
    pub fn to_pretty(&self) -> String {
        canonical_json::to_pretty(self)
    }

    /// The sidecar file that travels with a canonical spec: `openapi.json` →
    /// `openapi.sourcemap.json`.
    pub fn sidecar_path(spec: &Path) -> std::path::PathBuf {
        let stem = spec
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("openapi");
        spec.with_file_name(format!("{stem}.sourcemap.json"))
    }
}

/// Carries the merge's source map through the later stages: hoisted schemas point at the page
/// they were first found on, and values the overlay changed point at the overlay action.
impl SourceMap {
    pub fn traced(mut self, edits: &[Edit], moves: &[Move], schemas: &[Hoisted]) -> SourceMap {
        // Every schema is located in the merge's map before any component entry is added, so
        // none is attributed to another component's entry.
        let components: Vec<(String, Location)> = schemas
            .iter()
            .filter(|schema| schema.how_named != Naming::Existing)
            .filter_map(|schema| {
                let at = self.locate(&schema.representative)?.clone();
                Some((pointer::join("/components/schemas", &schema.name), at))
            })
            .collect();
        for (pointer, at) in components {
            self.insert(pointer, at);
        }
        let by_source = index_moves(moves);
        for edit in edits {
            self.insert(relocate_with(&edit.pointer, &by_source), edit.by.clone());
        }
        self
    }
}

fn index_moves(moves: &[Move]) -> HashMap<&str, (usize, &str)> {
    let mut by_source = HashMap::new();
    for (order, step) in moves.iter().enumerate() {
        by_source
            .entry(step.from.as_str())
            .or_insert((order, step.to.as_str()));
    }
    by_source
}

/// Where a value that was at `pointer` before the moves ended up. Moves apply in the order they
/// happened; looking each one up by source prefix keeps this linear in the pointer's depth.
fn relocate_with(pointer: &str, by_source: &HashMap<&str, (usize, &str)>) -> String {
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

    fn at(line: usize) -> Location {
        Location {
            file: "spec/docs/a.md".into(),
            line,
            context: "## A".into(),
        }
    }

    #[test]
    fn locate_falls_back_to_the_nearest_recorded_ancestor() {
        let mut map = SourceMap::default();
        map.insert("/paths/~1a/get", at(5));
        map.insert("/paths/~1a/get/responses/200", at(9));
        assert_eq!(map.locate("/paths/~1a/get/parameters/0/name"), Some(&at(5)));
        assert_eq!(
            map.locate("/paths/~1a/get/responses/200/content"),
            Some(&at(9))
        );
        assert_eq!(map.locate("/info"), None);
    }

    #[test]
    fn the_source_map_serializes_straight_into_canonical_form() {
        let mut map = SourceMap::default();
        map.insert("/paths/~1b/get", at(5));
        map.insert("/components/schemas/A", at(9));
        map.insert("/paths/~1a", at(7));
        let value = serde_json::to_value(&map).unwrap();
        let canonical = canonical_json::to_pretty(&value);
        assert_eq!(map.to_pretty(), canonical);
    }

    #[test]
    fn sidecar_sits_beside_the_spec() {
        assert_eq!(
            SourceMap::sidecar_path(Path::new("spec/openapi.json")),
            Path::new("spec/openapi.sourcemap.json")
        );
    }

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
