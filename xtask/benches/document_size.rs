//! What the pipeline's document type buys over serde_json's: `cargo bench -p xtask --bench
//! document_size`.
//!
//! A `serde_json::Value` object is a `BTreeMap` node of 632 bytes however few members it has
//! (`examples/tree_size.rs`); the pipeline's `spec::json::Value` keeps an object's members in
//! one sorted array. This benchmark parses the fragments of each corpus into both, and times
//! building and freeing all of them, and one walk over all of them of the kind every pipeline
//! stage makes.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use serde_json::Value;
use xtask::spec::cli::workspace_root;
use xtask::spec::json;
use xtask::synthetic::{Corpus, parse_all};

/// The allocator `cargo xtask` runs with, as in `benches/pipeline.rs`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

fn count_refs_sorted(value: &json::Value) -> usize {
    match value {
        json::Value::Object(members) => {
            usize::from(members.contains_key("$ref"))
                + members.values().map(count_refs_sorted).sum::<usize>()
        }
        json::Value::Array(elements) => elements.iter().map(count_refs_sorted).sum(),
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
            b.iter(|| black_box(parse_all::<Value>(&fragments)))
        });
        group.bench_function(id("sorted_parse_kept"), |b| {
            b.iter(|| black_box(parse_all::<json::Value>(&fragments)))
        });

        let trees: Vec<Value> = parse_all(&fragments);
        let sorted: Vec<json::Value> = parse_all(&fragments);
        let refs = trees.iter().map(count_refs).sum::<usize>();
        assert_eq!(refs, sorted.iter().map(count_refs_sorted).sum::<usize>());
        group.bench_function(id("serde_json_walk"), |b| {
            b.iter(|| black_box(trees.iter().map(count_refs).sum::<usize>()))
        });
        group.bench_function(id("sorted_walk"), |b| {
            b.iter(|| black_box(sorted.iter().map(count_refs_sorted).sum::<usize>()))
        });
    }
    group.finish();
}

criterion_group!(benches, corpora);
criterion_main!(benches);
