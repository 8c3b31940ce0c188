//! Where each part of the canonical spec came from, so diagnostics can point a maintainer at
//! the vendor page (or overlay action) to fix rather than at the generated file.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::canonical_json;

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
        let value: crate::spec::json::Value =
            serde_json::from_value(serde_json::to_value(&map).unwrap()).unwrap();
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
}
