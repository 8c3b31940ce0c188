//! Walking an OpenAPI 3.1 document held as a `serde_json::Value`: the one place that knows where
//! operations and schemas sit, how JSON pointers are spelled and how a `$ref` is followed. The
//! spec pipeline (`xtask`), the lint, this crate's generator and the mock server all walk
//! documents through here, so they agree on what they find.
//!
//! - [`METHODS`], [`operations`]: the operations of `paths` and `webhooks`;
//! - [`mod@pointer`]: RFC 6901 escaping and joining;
//! - [`refs`]: local `$ref`s, percent-decoded, followed;
//! - [`for_each_root`], [`for_each_subschema`], [`schema_sites`]: every schema, parents before
//!   children, with the field it constrains and a readable site;
//! - [`list`]: the one rule for what a list operation is;
//! - [`resources`]: the cargo feature of each tag, and its operations;
//! - [`uses`]: the schema components each operation uses, through other components too.

pub mod list;
mod operations;
pub mod pointer;
pub mod refs;
pub mod resources;
mod roots;
mod sites;
mod subschemas;
mod tree;
pub mod uses;

pub use operations::{METHODS, Operation, for_each_path_operation_mut, operations};
pub use roots::{Place, Root, for_each_root};
pub use sites::{SchemaSite, schema_sites};
pub use subschemas::{ANNOTATIONS, Slot, for_each_subschema, is_applicator};
pub use tree::Tree;
