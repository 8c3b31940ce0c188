//! `cargo xtask`: the maintainer's commands. Each subcommand is a thin shell over the library.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    /// Lint the canonical spec for defects that break generated clients.
    Lint(xtask::lint::LintArgs),
    /// Compare two canonical specs: changes, breaking ones for this crate, the release to make.
    Diff(xtask::diff::DiffArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Spec(args) => xtask::spec::cli::run(args),
        Command::Lint(args) => xtask::lint::run(args),
        Command::Diff(args) => xtask::diff::run(args),
    };
    match outcome {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
