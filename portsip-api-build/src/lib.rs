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
//!   │ fields      properties whose fields would clash or not be ASCII get free spec keys
//!   │ optional    optional arrays and maps nullable, so absent and empty differ on the wire
//!   │ tolerant    the tolerant-reader profile (nullable response fields, no decode-time checks)
//!   │ responses   error responses left to the client's error layer; a redirect-only
//!   │             success stands in as a 2xx placeholder
//!   ▼
//! openapiv3::OpenAPI ── generate ── progenitor (builder interface) → syn → prettyplease
//!   − public constructors       (generate: the client is built by the hand-written builder)
//!   + open enum types           (enums)
//!   + serde renames             (fields: the wire names of renamed properties)
//!   + SecretString              (secrets)
//!   + redirect status codes     (responses: the placeholders back to 3xx)
//!   + list-operation impls      (pagination)
//!   + `cfg(feature)` gates      (features: one feature per tag, types by what reaches them)
//!   + `x-idempotent` table      (idempotence: which operations retries may repeat)
//!   + test-only decoder table   (decoders)
//!   ▼
//! $OUT_DIR/portsip_api.rs, included by portsip-api's lib.rs
//! ```
//!
//! The hand-written side of the contract (the paths named in [`Build`]) lives in `portsip-api`:
//! the client's inner type that carries auth and retry state, and the list-operation trait the
//! generated pagination impls implement.
//!
//! [`openapi`] is the one OpenAPI walker of the workspace (operations, pointers, `$ref`s,
//! schemas, list operations); `xtask` and the mock server use it too. It is all that builds
//! without the default `generator` feature, so the spec tooling does not compile progenitor.

pub mod openapi;

#[cfg(feature = "generator")]
pub mod ast;
#[cfg(feature = "generator")]
mod build_script;
#[cfg(feature = "generator")]
pub mod builders;
#[cfg(feature = "generator")]
pub mod convert;
#[cfg(feature = "generator")]
pub mod decoders;
#[cfg(feature = "generator")]
pub mod enums;
#[cfg(feature = "generator")]
pub mod features;
#[cfg(feature = "generator")]
pub mod fields;
#[cfg(feature = "generator")]
pub mod generate;
#[cfg(feature = "generator")]
pub mod idempotence;
#[cfg(feature = "generator")]
pub mod naming;
#[cfg(feature = "generator")]
pub mod optional;
#[cfg(feature = "generator")]
pub mod pagination;
#[cfg(feature = "generator")]
pub mod responses;
#[cfg(feature = "generator")]
pub mod secrets;
#[cfg(feature = "generator")]
pub mod tolerant;
#[cfg(feature = "generator")]
mod walk;

#[cfg(feature = "generator")]
pub use build_script::Build;
#[cfg(feature = "generator")]
pub use features::FeatureGates;
#[cfg(feature = "generator")]
pub use generate::{Generated, Settings, generate};

/// A problem at one place in the spec, named by its JSON pointer.
#[cfg(feature = "generator")]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("at {pointer}: {message}")]
pub struct SpecError {
    pub pointer: String,
    pub message: String,
}

#[cfg(feature = "generator")]
impl SpecError {
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

/// Why generation failed.
#[cfg(feature = "generator")]
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
