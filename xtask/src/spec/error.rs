//! Everything that can make `cargo xtask spec` refuse its input. Each error names the input file
//! and line (or both places, for a conflict) so the maintainer knows where to look.

use std::path::PathBuf;

use super::source_map::Location;

#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    #[error("{}: cannot read: {cause}", path.display())]
    Unreadable {
        path: PathBuf,
        cause: std::io::Error,
    },

    #[error("{}:{line}: not valid UTF-8 (byte {byte})", path.display())]
    NotUtf8 {
        path: PathBuf,
        line: usize,
        byte: usize,
    },

    #[error("{}: no vendor pages (*.md) found", docs.display())]
    NoPages { docs: PathBuf },

    #[error("{}: no OpenAPI fragment: {reason}", path.display())]
    NoFragments { path: PathBuf, reason: String },

    #[error("{at}: fragment is not valid JSON: {message}")]
    InvalidJson { at: Location, message: String },

    #[error("{at}: fragment has no operation: {reason}")]
    NoOperation { at: Location, reason: String },

    #[error("fragments disagree on `{part}`: {first} and {second}")]
    Disagree {
        part: String,
        first: Box<Location>,
        second: Box<Location>,
    },

    #[error("{method} {path} is defined twice, differently: {first} and {second}")]
    ConflictingOperation {
        method: String,
        path: String,
        first: Box<Location>,
        second: Box<Location>,
    },

    #[error("operationId `{id}` is used twice: {first} and {second}")]
    DuplicateOperationId {
        id: String,
        first: Box<Location>,
        second: Box<Location>,
    },

    #[error("{at}: `$ref` at {pointer} points to nothing: {target}")]
    DanglingRef {
        at: Location,
        pointer: String,
        target: String,
    },

    #[error("{at}: overlay action target `{target}` matches nothing")]
    OverlayMatchesNothing { at: Location, target: String },

    #[error("{at}: {message}")]
    BadOverlay { at: Location, message: String },

    #[error("{at}: {message}")]
    BadNames { at: Location, message: String },

    #[error("the canonical spec is not valid OpenAPI 3.1:\n{}", problems.join("\n"))]
    NotOpenApi31 { problems: Vec<String> },

    #[error("{at}: {message}")]
    NoFeature { at: String, message: String },

    #[error("{}: {message}", path.display())]
    BadManifest { path: PathBuf, message: String },

    #[error("cannot write {}: {cause}", path.display())]
    Unwritable {
        path: PathBuf,
        cause: std::io::Error,
    },
}
