//! The spec pipeline on the vendor's pages against a bare `serde_json` parse of the same
//! fragment texts, in the same run: `cargo bench -p xtask --bench pipeline`. The pages are the
//! folder `PIPELINE_BENCH_DOCS` names, else the vendor's 40 pages in `../shared/docs` beside
//! the workspace when they are there, else `spec/docs`. BENCHMARKS.md records the figures.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use xtask::spec::{Inputs, cli::workspace_root, generate};

fn docs() -> PathBuf {
    let root = workspace_root();
    if let Some(docs) = std::env::var_os("PIPELINE_BENCH_DOCS") {
        return docs.into();
    }
    let vendor = root.join("../shared/docs");
    if vendor.is_dir() {
        vendor
    } else {
        root.join("spec/docs")
    }
}

/// The text of every fenced `json` block of every page: what the pipeline parses.
fn fragment_texts(docs: &std::path::Path) -> Vec<String> {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(docs)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    pages.sort();
    let mut texts = Vec::new();
    for page in pages {
        let text = std::fs::read_to_string(page).unwrap();
        let mut rest = text.as_str();
        while let Some(start) = rest.find("```json\n") {
            let block = &rest[start + "```json\n".len()..];
            let end = block.find("\n```").expect("a closed fence");
            texts.push(block[..end].to_owned());
            rest = &block[end..];
        }
    }
    texts
}

fn pipeline(c: &mut Criterion) {
    let root = workspace_root();
    let docs = docs();
    let fragments = fragment_texts(&docs);
    let bytes: usize = fragments.iter().map(String::len).sum();
    let inputs = Inputs {
        root: root.clone(),
        docs: docs.clone(),
        overlay: Some(root.join("spec/overlay.json")),
        names: Some(root.join("spec/names.toml")),
    };
    let generated = generate(&inputs).unwrap();
    println!(
        "{}: {} fragments, {bytes} bytes, {} operations, {} schemas",
        docs.display(),
        fragments.len(),
        generated.operations,
        generated.schemas.len()
    );

    let mut group = c.benchmark_group("spec_pipeline");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("generate", |b| {
        b.iter(|| black_box(generate(&inputs).unwrap()))
    });
    group.bench_function("bare_parse", |b| {
        b.iter(|| {
            for fragment in &fragments {
                black_box(serde_json::from_str::<serde_json::Value>(fragment).unwrap());
            }
        })
    });
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
