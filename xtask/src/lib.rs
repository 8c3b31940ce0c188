//! The maintainer's tooling behind `cargo xtask`: the spec pipeline, the spec lint, and the
//! comparison of two releases.

pub mod diff;
pub mod lint;
pub mod openapi_schema;
pub mod spec;
