//! The JSON document every stage works on: serde_json's `Value`, except that an object is one
//! array of its members sorted by name ([`Map`]) instead of a `BTreeMap`.
//!
//! A `BTreeMap` node is 632 bytes however few members it holds, and most objects in an OpenAPI
//! document have two to four: parsed that way, the fragments of the 100× corpus took 84 MiB,
//! more than this machine's cache, and every pass over them was slow for it (BENCHMARKS.md). As
//! sorted arrays, with short names held inline ([`Key`]), they take 21 MiB. Members stay in name
//! order, so every walk visits them in the order the `BTreeMap` did and the output is the same.
//!
//! The interface follows serde_json's so the stages read as they would on it. jsonschema reads a
//! `Value` directly ([`Sorted`]); conversions to and from `serde_json::Value` serve
//! serde_json_path and the tests' `json!` literals.

mod access;
mod convert;
mod map;
mod schema_check;
mod serde_impl;

pub use map::{Entry, Key, Map};
pub use schema_check::Sorted;
pub use serde_json::Number;

/// Any JSON value; objects keep their members sorted by name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Value>),
    Object(Map),
}

/// `serde_json::json!`, giving a [`Value`]: for tests and fixed fragments.
macro_rules! json {
    ($($json:tt)+) => {
        $crate::spec::json::Value::from(::serde_json::json!($($json)+))
    };
}
pub(crate) use json;
