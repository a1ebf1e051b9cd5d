//! The `giggatek` command-line tool: the terminal's operations for scripts
//! and tests, on the same store file the desktop terminal uses.
//!
//! Each command parses its arguments into domain types, calls the store and
//! prints the result; no pricing or tax rule lives here.

mod args;
mod commands;
mod error;
mod input;
mod output;

use std::process::ExitCode;

use clap::Parser;

pub use args::Cli;
pub use error::{CliError, Failure};

/// Environment variable with a `tracing` filter for log lines on stderr,
/// such as `info` or `giggatek_store=debug`. Unset, nothing is logged, so
/// stderr carries only progress and the error sentence.
pub const LOG_FILTER_VAR: &str = "GIGGATEK_LOG";

/// Parses the process arguments, runs the command and returns the exit code.
pub fn main() -> ExitCode {
    init_logging();
    let cli = Cli::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            output::progress(&format!("giggatek: {}", error.message));
            error.exit_code()
        }
    }
}

fn init_logging() {
    let Ok(filter) = std::env::var(LOG_FILTER_VAR) else {
        return;
    };
    let filter =
        tracing_subscriber::EnvFilter::try_new(&filter).unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}
