//! Codegen time of the client on the canonical spec, in the release profile:
//! `cargo bench -p portsip-api-build --bench codegen`. `generate` is the pipeline on the spec
//! text in memory; `build_script_write` is what `portsip-api/build.rs` does (read the spec,
//! generate, write `portsip_api.rs`) into a temporary directory. BENCHMARKS.md records the
//! figures, and the cost of the same run inside `cargo build`, whose build scripts are not
//! optimized.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use portsip_api_build::{Build, Settings, generate};

const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/openapi.json");

fn codegen(c: &mut Criterion) {
    let text = std::fs::read_to_string(SPEC).unwrap();
    let generated =
        generate(SPEC, &text, &Settings::portsip_api()).unwrap_or_else(|e| panic!("{e}"));
    println!(
        "codegen: spec {} bytes -> {} lines ({} bytes) of Rust, {} types, {} list operations",
        text.len(),
        generated.code.lines().count(),
        generated.code.len(),
        generated.type_names.len(),
        generated.list_operations.len(),
    );

    let out_dir = std::env::temp_dir().join(format!("portsip-api-codegen-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).unwrap();
    let output = out_dir.join("portsip_api.rs");
    let build = Build::new(SPEC, Settings::portsip_api());

    let mut group = c.benchmark_group("codegen");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("generate", |b| {
        b.iter(|| generate(SPEC, black_box(&text), &Settings::portsip_api()).unwrap())
    });
    // A fresh output file each time: an unchanged one is left alone, which is cheaper.
    group.bench_function("build_script_write", |b| {
        b.iter_batched(
            || remove(&output),
            |()| build.write(Path::new(SPEC), &output).unwrap(),
            BatchSize::PerIteration,
        )
    });
    group.finish();
    std::fs::remove_dir_all(&out_dir).unwrap();
}

fn remove(path: &Path) {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => panic!("{}: {e}", path.display()),
        _ => {}
    }
}

criterion_group!(benches, codegen);
criterion_main!(benches);
