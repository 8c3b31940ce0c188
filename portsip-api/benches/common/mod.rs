//! What the client benchmarks share: realistic response bodies, the structs a user would write
//! by hand for them, and the alternating measurement that compares the two sides.

pub mod bodies;
pub mod handwritten;
pub mod paired;
