//! How the spec pipeline scales: `cargo bench -p xtask --bench pipeline`.
//!
//! The vendor's two pages, and synthetic corpora with 10× and 100× the operations
//! (`xtask::synthetic`), each timed through the whole pipeline and as a bare `serde_json` parse
//! of the same fragments, one at a time and all kept at once. BENCHMARKS.md records the
//! figures.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use xtask::spec::{cli::workspace_root, generate};
use xtask::synthetic::{Corpus, parse_all};

/// The allocator `cargo xtask` runs with, for both sides of the comparison.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn corpora(c: &mut Criterion) {
    let root = workspace_root();
    let mut group = c.benchmark_group("spec_pipeline");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for scale in [1, 10, 100] {
        let corpus = Corpus::write(&root, scale).unwrap();
        let fragments = corpus.fragment_texts().unwrap();
        let bytes: usize = fragments.iter().map(String::len).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        let inputs = corpus.inputs();
        group.bench_with_input(
            BenchmarkId::new("generate", format!("{scale}x")),
            &inputs,
            |b, inputs| b.iter(|| black_box(generate(inputs).unwrap())),
        );
        group.bench_with_input(
            BenchmarkId::new("bare_parse", format!("{scale}x")),
            &fragments,
            |b, fragments| {
                b.iter(|| {
                    for fragment in fragments {
                        black_box(serde_json::from_str::<serde_json::Value>(fragment).unwrap());
                    }
                })
            },
        );
        // The pipeline has to hold every fragment at once; this baseline does too, so its
        // trees outgrow the caches as the pipeline's do.
        group.bench_with_input(
            BenchmarkId::new("bare_parse_kept", format!("{scale}x")),
            &fragments,
            |b, fragments| b.iter(|| black_box(parse_all::<serde_json::Value>(fragments))),
        );
    }
    group.finish();
}

criterion_group!(benches, corpora);
criterion_main!(benches);
