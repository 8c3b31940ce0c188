//! Placeholder until the lint lands.

use std::process::ExitCode;

#[derive(clap::Args)]
pub struct LintArgs {}

pub fn run(_args: LintArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("lint is not implemented yet")
}
