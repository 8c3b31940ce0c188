//! Two implementations of one operation measured in alternation, so that load from elsewhere on
//! the machine falls on both alike: every criterion sample runs the generated side and the
//! hand-written side the same number of times, back to back, in alternating order. Criterion
//! drives warm-up, sample count and iteration counts; the comparison is computed here from the
//! per-sample times of each side, which criterion cannot tell apart.

use std::time::Duration;

use criterion::{Criterion, Throughput};

/// Which implementation a run is of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Generated,
    Handwritten,
}

/// Benchmarks `run(side, iters)`, which must do `iters` operations on `side` and return the
/// time they took, as the criterion benchmark `{group}/alternating` (for `measurement_time`,
/// both sides together); then prints the medians of
/// the last 100 samples (the earlier calls are criterion's warm-up) and the median ratio of the
/// generated side's operations per second to the hand-written side's.
pub fn compare(
    c: &mut Criterion,
    group: &str,
    measurement_time: Duration,
    mut run: impl FnMut(Side, u64) -> Duration,
) {
    const SAMPLES: usize = 100;
    let mut samples: Vec<(f64, f64)> = Vec::new();
    let mut benchmark = c.benchmark_group(group);
    // One iteration is one operation on each side.
    benchmark
        .throughput(Throughput::Elements(2))
        .sample_size(SAMPLES)
        .measurement_time(measurement_time);
    benchmark.bench_function("alternating", |b| {
        b.iter_custom(|iters| {
            let order = if samples.len().is_multiple_of(2) {
                [Side::Generated, Side::Handwritten]
            } else {
                [Side::Handwritten, Side::Generated]
            };
            let mut times = [Duration::ZERO; 2];
            for side in order {
                times[side as usize] = run(side, iters);
            }
            let per_operation = |t: Duration| t.as_secs_f64() / iters as f64;
            samples.push((per_operation(times[0]), per_operation(times[1])));
            times[0] + times[1]
        })
    });
    benchmark.finish();

    // Under `cargo test` criterion runs each benchmark once: nothing to compare.
    let samples = &samples[samples.len().saturating_sub(SAMPLES)..];
    if samples.len() < SAMPLES {
        return;
    }
    let generated = median(samples.iter().map(|s| s.0));
    let handwritten = median(samples.iter().map(|s| s.1));
    let ratios = sorted(samples.iter().map(|s| s.1 / s.0));
    println!(
        "{group}: median per operation: generated {:.2} µs ({:.0}/s), handwritten {:.2} µs \
         ({:.0}/s); generated/handwritten operations per second: median {:.3} (quartiles \
         {:.3}..{:.3}, {} paired samples)",
        generated * 1e6,
        1.0 / generated,
        handwritten * 1e6,
        1.0 / handwritten,
        median(ratios.iter().copied()),
        ratios[ratios.len() / 4],
        ratios[ratios.len() * 3 / 4],
        samples.len(),
    );
}

fn sorted(values: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut values: Vec<f64> = values.collect();
    values.sort_by(f64::total_cmp);
    values
}

fn median(values: impl Iterator<Item = f64>) -> f64 {
    let values = sorted(values);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}
