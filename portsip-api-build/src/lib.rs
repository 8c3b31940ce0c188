//! Build-time generator of the `portsip-api` client.
//!
//! `portsip-api/build.rs` calls [`Build::run`]; everything else here is a stage of that one
//! pipeline, each a module with one concern. Data flows one way:
//!
//! ```text
//! spec/openapi.json (OpenAPI 3.1, canonical)
//!   │ convert     3.1 → 3.0 on the JSON value (type lists, const, examples, bounds, $ref siblings)
//!   │ secrets     `format: password` strings point at one component, the redacting SecretString
//!   │ enums       inline string enums hoisted into components; each becomes an open enum
//!   │ tolerant    the tolerant-reader profile (nullable response fields, no decode-time checks)
//!   │ responses   error responses left to the client's error layer
//!   ▼
//! openapiv3::OpenAPI ── generate ── progenitor (builder interface) → syn → prettyplease
//!   + open enum types           (enums)
//!   + SecretString              (secrets)
//!   + list-operation impls      (pagination)
//!   + test-only decoder table   (decoders)
//!   ▼
//! $OUT_DIR/portsip_api.rs, included by portsip-api's lib.rs
//! ```
//!
//! The hand-written side of the contract (the paths named in [`Build`]) lives in `portsip-api`:
//! the client's inner type that carries auth and retry state, and the list-operation trait the
//! generated pagination impls implement.

mod ast;
mod build_script;
pub mod convert;
pub mod decoders;
pub mod enums;
pub mod generate;
pub mod naming;
pub mod pagination;
pub mod responses;
pub mod secrets;
pub mod tolerant;
mod walk;

pub use build_script::Build;
pub use generate::{Generated, Settings, generate};

/// A problem at one place in the spec, named by its JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("at {pointer}: {message}")]
pub struct SpecError {
    pub pointer: String,
    pub message: String,
}

impl SpecError {
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read the spec {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("the spec {path} is not JSON: {source}")]
    Json {
        path: String,
        source: serde_json::Error,
    },
    #[error("the spec {path} {source}")]
    Spec { path: String, source: SpecError },
    #[error(
        "the spec {path}, once converted to OpenAPI 3.0, is not readable at {pointer}: {message}"
    )]
    OpenApi {
        path: String,
        pointer: String,
        message: String,
    },
    #[error("progenitor cannot generate a client from {path}: {source}")]
    Progenitor {
        path: String,
        source: progenitor::Error,
    },
    #[error("the generated client does not parse as Rust: {0}")]
    Syntax(#[from] syn::Error),
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}
