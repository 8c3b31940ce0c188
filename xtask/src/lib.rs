//! The maintainer's tooling behind `cargo xtask`: the spec pipeline and the spec lint.

pub mod lint;
pub mod openapi_schema;
pub mod spec;
