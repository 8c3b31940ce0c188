//! Where the spec pipeline spends its time: `cargo run --release -p xtask --example stage_times`.
//!
//! Runs `generate` on the 10× and 100× synthetic corpora many times in one process, as the
//! pipeline benchmark does, and prints the median wall time of each stage and of freeing the
//! result. Name scales as arguments (`-- 100`) to run only those, for example under a profiler.
use xtask::spec::cli::workspace_root;
use xtask::synthetic::{Corpus, scales_from_args};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let root = workspace_root();
    for scale in scales_from_args(&[10, 100]) {
        let corpus = Corpus::write(&root, scale).unwrap();
        let inputs = corpus.inputs();
        let runs = (2500 / scale).clamp(25, 200);
        let mut per_stage: Vec<(&str, Vec<f64>)> = Vec::new();
        let mut drops = Vec::new();
        for _ in 0..runs {
            let generated = xtask::spec::generate(&inputs).unwrap();
            for (index, (stage, time)) in generated.timings.stages.iter().enumerate() {
                if per_stage.len() <= index {
                    per_stage.push((stage, Vec::new()));
                }
                per_stage[index].1.push(time.as_secs_f64() * 1e3);
            }
            let started = std::time::Instant::now();
            drop(generated);
            drops.push(started.elapsed().as_secs_f64() * 1e3);
        }
        per_stage.push(("drop", drops));
        for (stage, mut times) in per_stage {
            times.sort_by(f64::total_cmp);
            println!("{scale}x {stage}: {:.2} ms", times[times.len() / 2]);
        }
    }
}
