//! `cargo xtask lint` on the canonical spec against a bare `serde_json` parse of the same file,
//! in the same run: `cargo bench -p xtask --bench lint`. Both start from the file's text in
//! memory; the lint also parses the source map beside it, as `cargo xtask lint` does.
//! BENCHMARKS.md records the figures.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use xtask::lint::config::Config;
use xtask::lint::document::Document;
use xtask::lint::{Options, lint, rules};
use xtask::spec::cli::workspace_root;
use xtask::spec::source_map::SourceMap;

fn lint_bench(c: &mut Criterion) {
    let root = workspace_root();
    let spec = std::fs::read_to_string(root.join("spec/openapi.json")).unwrap();
    let map = std::fs::read_to_string(root.join("spec/openapi.sourcemap.json")).unwrap();
    let options = Options {
        config: Config::load(
            &root.join("spec/lint.toml"),
            "spec/lint.toml",
            true,
            &rules::ids(),
        )
        .unwrap(),
        deny_warnings: false,
    };
    let lint_text = || {
        let document = Document::new(serde_json::from_str(&spec).unwrap());
        let source_map: SourceMap = serde_json::from_str(&map).unwrap();
        lint(&document, Some(&source_map), &options)
    };
    let (diagnostics, allowed) = lint_text();
    println!(
        "spec/openapi.json: {} bytes, {} diagnostics, {allowed} allowed",
        spec.len(),
        diagnostics.len()
    );

    let mut group = c.benchmark_group("lint");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Bytes(spec.len() as u64));
    group.bench_function("lint", |b| b.iter(|| black_box(lint_text())));
    group.bench_function("bare_parse", |b| {
        b.iter(|| black_box(serde_json::from_str::<serde_json::Value>(&spec).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, lint_bench);
criterion_main!(benches);
