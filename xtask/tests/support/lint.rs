//! The lint run as a maintainer runs it, through the command, with the workspace's config.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The lint's report on `spec` in a machine `format` (json or sarif).
pub fn lint(spec: &Path, format: &str) -> Value {
    let config = workspace().join("spec/lint.toml");
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args([
            "lint",
            spec.to_str().unwrap(),
            "--format",
            format,
            "--config",
        ])
        .arg(config)
        .output()
        .unwrap();
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "{error}: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// The lint's report on the vendor pages as published: merged without the overlay.
pub fn lint_raw_merge(format: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let raw = dir.path().join("openapi.json");
    let built = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["spec", "--no-overlay", "--out", raw.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    lint(&raw, format)
}
