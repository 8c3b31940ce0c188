//! How much memory the spec pipeline's trees take: `cargo run --release -p xtask --example
//! tree_size`. BENCHMARKS.md explains why this decides how the pipeline scales.
//!
//! Counts the bytes the program asks the allocator for (not what the allocator rounds them up
//! to) while the fragments of each corpus are parsed and kept, as serde_json's `Value` and as
//! the pipeline's own (`spec::json::Value`), and while `generate` runs. Name scales as arguments
//! (`-- 20 30`) to measure those instead of 1×, 10× and 100×.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use xtask::spec::{cli::workspace_root, generate};
use xtask::synthetic::{Corpus, parse_all, scales_from_args};

/// The size of a `BTreeMap<String, Value>` node is several hundred bytes; nothing else in a
/// parsed document comes near it.
const MAP_NODE_AT_LEAST: usize = 500;

struct Counting;

static LIVE_BYTES: AtomicUsize = AtomicUsize::new(0);
static LIVE_BLOCKS: AtomicUsize = AtomicUsize::new(0);
static LIVE_MAP_NODE_BYTES: AtomicUsize = AtomicUsize::new(0);

/// Applies `change` to every counter `layout` counts in.
fn record(layout: Layout, change: impl Fn(&AtomicUsize, usize)) {
    change(&LIVE_BYTES, layout.size());
    change(&LIVE_BLOCKS, 1);
    if layout.size() >= MAP_NODE_AT_LEAST {
        change(&LIVE_MAP_NODE_BYTES, layout.size());
    }
}

// SAFETY: every call goes straight to the system allocator; the counters only observe.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        record(layout, |counter, amount| {
            counter.fetch_add(amount, Relaxed);
        });
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        record(layout, |counter, amount| {
            counter.fetch_sub(amount, Relaxed);
        });
        unsafe { System.dealloc(block, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[derive(Clone, Copy)]
struct Live {
    bytes: usize,
    blocks: usize,
    map_node_bytes: usize,
}

impl Live {
    fn now() -> Self {
        Self {
            bytes: LIVE_BYTES.load(Relaxed),
            blocks: LIVE_BLOCKS.load(Relaxed),
            map_node_bytes: LIVE_MAP_NODE_BYTES.load(Relaxed),
        }
    }

    fn since(self, before: Self) -> Self {
        Self {
            bytes: self.bytes - before.bytes,
            blocks: self.blocks - before.blocks,
            map_node_bytes: self.map_node_bytes - before.map_node_bytes,
        }
    }
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1 << 20) as f64
}

/// What the fragments take when all of them are parsed into `T` and kept.
fn kept<T: serde::de::DeserializeOwned>(fragments: &[String]) -> Live {
    let before = Live::now();
    let kept: Vec<T> = parse_all(fragments);
    let live = Live::now().since(before);
    drop(kept);
    live
}

fn main() {
    let root = workspace_root();
    println!(
        "corpus | fragment text | parsed and kept as serde_json::Value | of it in map nodes \
         | as spec::json::Value | generate's result"
    );
    for scale in scales_from_args(&[1, 10, 100]) {
        let corpus = Corpus::write(&root, scale).expect("the synthetic corpus is written");
        let fragments = corpus.fragment_texts().expect("the corpus extracts");
        let text: usize = fragments.iter().map(String::len).sum();

        let parsed = kept::<serde_json::Value>(&fragments);
        let parsed_sorted = kept::<xtask::spec::json::Value>(&fragments);

        let before = Live::now();
        let generated = generate(&corpus.inputs()).expect("the corpus generates");
        let result = Live::now().since(before);
        drop(generated);

        println!(
            "{scale}× | {:.2} MiB | {:.1} MiB in {} blocks | {:.1} MiB | {:.1} MiB in {} blocks \
             | {:.1} MiB in {} blocks",
            mib(text),
            mib(parsed.bytes),
            parsed.blocks,
            mib(parsed.map_node_bytes),
            mib(parsed_sorted.bytes),
            parsed_sorted.blocks,
            mib(result.bytes),
            result.blocks,
        );
    }
}
