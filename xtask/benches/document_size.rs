//! Whether a smaller document would let the spec pipeline scale across the cache boundary:
//! `cargo bench -p xtask --bench document_size`.
//!
//! The pipeline holds every fragment as a `serde_json::Value`, whose objects are `BTreeMap`
//! nodes of 632 bytes however few members they have (`examples/tree_size.rs`). This benchmark
//! parses the fragments of each corpus into that and into [`Dense`], a stand-in for a document
//! type whose objects keep their members in one sorted array, and times building and freeing
//! all of them, and one walk over all of them of the kind every pipeline stage makes. It is an
//! experiment to decide a redesign on (BENCHMARKS.md), not a type the pipeline uses.

use std::fmt;
use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use xtask::spec::cli::workspace_root;
use xtask::synthetic::Corpus;

/// The allocator `cargo xtask` runs with, as in `benches/pipeline.rs`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A JSON value whose objects are one allocation of exactly their members, sorted by name.
#[expect(
    dead_code,
    reason = "it holds what a document holds; the walk reads only names and containers"
)]
enum Dense {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(Box<str>),
    Array(Box<[Dense]>),
    Object(Box<[(Box<str>, Dense)]>),
}

impl<'de> Deserialize<'de> for Dense {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DenseVisitor)
    }
}

struct DenseVisitor;

impl<'de> Visitor<'de> for DenseVisitor {
    type Value = Dense;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Dense, E> {
        Ok(Dense::Null)
    }

    fn visit_bool<E>(self, value: bool) -> Result<Dense, E> {
        Ok(Dense::Bool(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Dense, E> {
        Ok(Dense::Number(value.into()))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Dense, E> {
        Ok(Dense::Number(value.into()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Dense, E> {
        Ok(serde_json::Number::from_f64(value).map_or(Dense::Null, Dense::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Dense, E> {
        Ok(Dense::String(value.into()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut elements: A) -> Result<Dense, A::Error> {
        let mut all = Vec::new();
        while let Some(element) = elements.next_element()? {
            all.push(element);
        }
        Ok(Dense::Array(all.into_boxed_slice()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut members: A) -> Result<Dense, A::Error> {
        let mut all: Vec<(Box<str>, Dense)> = Vec::new();
        while let Some((name, value)) = members.next_entry::<String, Dense>()? {
            all.push((name.into_boxed_str(), value));
        }
        all.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(Dense::Object(all.into_boxed_slice()))
    }
}

/// The walk every stage makes in some form: every member of every object, looking one name up.
fn count_refs(value: &Value) -> usize {
    match value {
        Value::Object(members) => {
            usize::from(members.contains_key("$ref"))
                + members.values().map(count_refs).sum::<usize>()
        }
        Value::Array(elements) => elements.iter().map(count_refs).sum(),
        _ => 0,
    }
}

fn count_refs_dense(value: &Dense) -> usize {
    match value {
        Dense::Object(members) => {
            let has_ref = members
                .binary_search_by(|(name, _)| (**name).cmp("$ref"))
                .is_ok();
            usize::from(has_ref)
                + members
                    .iter()
                    .map(|(_, v)| count_refs_dense(v))
                    .sum::<usize>()
        }
        Dense::Array(elements) => elements.iter().map(count_refs_dense).sum(),
        _ => 0,
    }
}

/// The bytes the value's allocations hold (what it asks for, as `examples/tree_size.rs` counts).
fn heap_bytes(value: &Dense) -> usize {
    match value {
        Dense::String(text) => text.len(),
        Dense::Array(elements) => {
            std::mem::size_of_val::<[Dense]>(elements)
                + elements.iter().map(heap_bytes).sum::<usize>()
        }
        Dense::Object(members) => {
            std::mem::size_of_val::<[(Box<str>, Dense)]>(members)
                + members
                    .iter()
                    .map(|(name, value)| name.len() + heap_bytes(value))
                    .sum::<usize>()
        }
        _ => 0,
    }
}

fn corpora(c: &mut Criterion) {
    let root = workspace_root();
    let mut group = c.benchmark_group("document_size");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    for scale in [1, 10, 100] {
        let fragments = Corpus::write(&root, scale)
            .unwrap()
            .fragment_texts()
            .unwrap();
        let bytes: usize = fragments.iter().map(String::len).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        let id = |what: &str| BenchmarkId::new(what, format!("{scale}x"));

        group.bench_function(id("serde_json_parse_kept"), |b| {
            b.iter(|| {
                let parsed: Vec<Value> = fragments
                    .iter()
                    .map(|fragment| serde_json::from_str(fragment).unwrap())
                    .collect();
                black_box(parsed)
            })
        });
        group.bench_function(id("dense_parse_kept"), |b| {
            b.iter(|| {
                let parsed: Vec<Dense> = fragments
                    .iter()
                    .map(|fragment| serde_json::from_str(fragment).unwrap())
                    .collect();
                black_box(parsed)
            })
        });

        let trees: Vec<Value> = fragments
            .iter()
            .map(|fragment| serde_json::from_str(fragment).unwrap())
            .collect();
        let dense: Vec<Dense> = fragments
            .iter()
            .map(|fragment| serde_json::from_str(fragment).unwrap())
            .collect();
        let held: usize =
            dense.iter().map(heap_bytes).sum::<usize>() + std::mem::size_of_val::<[Dense]>(&dense);
        eprintln!(
            "{scale}x: {:.2} MiB of fragments held as Dense in {:.1} MiB",
            bytes as f64 / f64::from(1 << 20),
            held as f64 / f64::from(1 << 20)
        );
        let refs = trees.iter().map(count_refs).sum::<usize>();
        assert_eq!(refs, dense.iter().map(count_refs_dense).sum::<usize>());
        group.bench_function(id("serde_json_walk"), |b| {
            b.iter(|| black_box(trees.iter().map(count_refs).sum::<usize>()))
        });
        group.bench_function(id("dense_walk"), |b| {
            b.iter(|| black_box(dense.iter().map(count_refs_dense).sum::<usize>()))
        });
    }
    group.finish();
}

criterion_group!(benches, corpora);
criterion_main!(benches);
