//! The pseudo-random numbers of the differential tests: a fixed seed, so a failure replays.

/// A source of numbers below a bound, the same sequence on every run.
pub fn numbers_below() -> impl FnMut(usize) -> usize {
    let mut seed: u64 = 0x5eed;
    move |bound| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(seed >> 33).expect("31 bits fit in usize") % bound
    }
}
