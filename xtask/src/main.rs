//! `cargo xtask`: the maintainer's commands. Each subcommand is a thin shell over the library.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The spec pipeline builds, rewrites and frees a tree of hundreds of thousands of small
/// allocations; mimalloc handles that about a fifth faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "portsip-api maintenance tasks")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Turn the vendor's API pages into the canonical OpenAPI 3.1 file.
    Spec(xtask::spec::cli::SpecArgs),
    /// Write N renamed copies of every vendor page, for benchmarking the pipeline.
    Synth {
        /// How many copies of each page
        #[arg(long)]
        scale: usize,
        /// Folder to write the pages to
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Lint the canonical spec for defects that break generated clients.
    Lint(xtask::lint::LintArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Spec(args) => xtask::spec::cli::run(args),
        Command::Lint(args) => xtask::lint::run(args),
        Command::Synth { scale, out } => {
            let docs = xtask::spec::cli::workspace_root().join("spec/docs");
            xtask::synthetic::write_scaled(&docs, scale, &out).map(|pages| {
                eprintln!("wrote {} pages to {}", pages.len(), out.display());
                ExitCode::SUCCESS
            })
        }
    };
    match outcome {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
