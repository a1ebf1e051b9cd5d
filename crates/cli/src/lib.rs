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

use std::ffi::OsString;
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
    ExitCode::from(run(std::env::args_os()))
}

/// Runs the command line `args`, whose first item is the program name,
/// exactly as the `giggatek` binary does, and returns the exit status.
pub fn run<I, T>(args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    init_logging();
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            // Help and version requests are errors to clap but exit 0.
            let _ = error.print();
            return u8::try_from(error.exit_code()).unwrap_or(Failure::Usage.exit_code());
        }
    };
    match commands::run(cli) {
        Ok(()) => 0,
        Err(error) => {
            output::progress(&format!("giggatek: {}", error.message));
            error.failure.exit_code()
        }
    }
}

fn init_logging() {
    let Ok(filter) = std::env::var(LOG_FILTER_VAR) else {
        return;
    };
    let filter =
        tracing_subscriber::EnvFilter::try_new(&filter).unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // A second call in the same process keeps the first subscriber.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
