use std::time::Instant;
use xtask::spec::{Inputs, cli::workspace_root, generate};
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
fn main() {
    let root = workspace_root();
    let scale = std::env::args().nth(1).unwrap();
    let runs: usize = std::env::args().nth(2).map_or(6, |r| r.parse().unwrap());
    let inputs = Inputs {
        root: root.clone(),
        docs: format!("/work/baseline/c{scale}").into(),
        overlay: Some(root.join("spec/overlay.json")),
        names: Some(root.join("spec/names.toml")),
    };
    for _ in 0..runs {
        let t = Instant::now();
        let g = generate(&inputs).unwrap();
        let total = t.elapsed();
        let stages: Vec<String> = g
            .timings
            .stages
            .iter()
            .map(|(n, d)| format!("{n}={:.1}", d.as_secs_f64() * 1e3))
            .collect();
        let t2 = Instant::now();
        drop(g);
        eprintln!(
            "{} total={:.1} drop={:.1}",
            stages.join(" "),
            total.as_secs_f64() * 1e3,
            t2.elapsed().as_secs_f64() * 1e3
        );
    }
}
