//! Decoding cost of the generated types against hand-written structs with the same fields, both
//! `serde_json::from_slice`, measured in alternation (`common::paired`):
//! `cargo bench -p portsip-api --bench decode`. BENCHMARKS.md records the figures.

mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use serde::Serialize;
use serde::de::DeserializeOwned;

use common::paired::{self, Side};
use common::{bodies, handwritten};

/// Compares decoding `body` into `G` (generated) and `H` (hand-written), after checking that
/// the body fills the spec's schema `schema` and that both types keep all of it.
fn compare<G, H>(c: &mut Criterion, name: &str, schema: &str, body: &str)
where
    G: DeserializeOwned + Serialize,
    H: DeserializeOwned + Serialize,
{
    bodies::assert_fills_schema(body, schema);
    let bytes = body.as_bytes();
    let original: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    let generated = serde_json::to_value(serde_json::from_slice::<G>(bytes).unwrap()).unwrap();
    let by_hand = serde_json::to_value(serde_json::from_slice::<H>(bytes).unwrap()).unwrap();
    assert_eq!(
        generated, original,
        "the generated type loses part of {name}"
    );
    assert_eq!(
        by_hand, original,
        "the hand-written type loses part of {name}"
    );

    println!("decode/{name}: {} bytes", bytes.len());
    let measurement = Duration::from_secs(5);
    paired::compare(
        c,
        &format!("decode/{name}"),
        measurement,
        |side, iters| match side {
            Side::Generated => time(iters, || serde_json::from_slice::<G>(black_box(bytes))),
            Side::Handwritten => time(iters, || serde_json::from_slice::<H>(black_box(bytes))),
        },
    );
}

fn time<T>(iters: u64, mut decode: impl FnMut() -> serde_json::Result<T>) -> Duration {
    let start = Instant::now();
    for _ in 0..iters {
        black_box(decode().unwrap());
    }
    start.elapsed()
}

fn decode(c: &mut Criterion) {
    compare::<portsip_api::types::HolidayList, handwritten::HolidayList>(
        c,
        "holiday_page_100",
        "HolidayList",
        &bodies::holiday_page(100),
    );
    compare::<portsip_api::types::Tenant, handwritten::Tenant>(
        c,
        "tenant",
        "Tenant",
        &bodies::tenant(),
    );
}

criterion_group!(benches, decode);
criterion_main!(benches);
