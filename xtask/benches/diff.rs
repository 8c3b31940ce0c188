//! `cargo xtask diff` on the canonical spec of the vendor's 40 pages against itself, where every
//! operation and schema is matched and walked: the API-level comparison (parsing included)
//! against a bare `serde_json` parse of both files, in the same run, and once, the whole
//! comparison with both clients generated. `cargo bench -p xtask --bench diff`; BENCHMARKS.md
//! records the figures.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use xtask::diff::{Spec, diff};
use xtask::spec::cli::workspace_root;

fn comparison(c: &mut Criterion) {
    let path = workspace_root().join("spec/openapi.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let parse = |label: &str| Spec::parse(label.into(), text.clone()).unwrap();

    let started = Instant::now();
    let report = diff(&parse("old"), &parse("new"), true).unwrap();
    println!(
        "whole comparison, both clients generated: {:.2} s, {} changes",
        started.elapsed().as_secs_f64(),
        report.changes.len()
    );

    let mut group = c.benchmark_group("diff");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("api_level_with_parse", |b| {
        b.iter(|| black_box(diff(&parse("old"), &parse("new"), false).unwrap()))
    });
    group.bench_function("bare_parse_of_both", |b| {
        b.iter(|| {
            black_box(serde_json::from_str::<serde_json::Value>(&text).unwrap());
            black_box(serde_json::from_str::<serde_json::Value>(&text).unwrap());
        })
    });
    group.finish();
}

criterion_group!(benches, comparison);
criterion_main!(benches);
