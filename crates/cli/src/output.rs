//! Writing a command's result: one JSON document or readable text on stdout.

use std::io::Write;

use serde::Serialize;

use crate::error::{CliError, Failure};

/// Writes `value` as pretty JSON when `json` is set, otherwise the text
/// that `text` builds. Text ends with exactly one newline.
pub fn emit<T: Serialize>(json: bool, value: &T, text: impl FnOnce(&T) -> String) -> Result<(), CliError> {
    let body = if json {
        serde_json::to_string_pretty(value).map_err(|error| {
            CliError::new(
                Failure::Internal,
                format!("the result cannot be written as JSON: {error}"),
            )
        })?
    } else {
        text(value)
    };
    write_stdout(body.trim_end().as_bytes())?;
    write_stdout(b"\n")
}

pub fn write_stdout(bytes: &[u8]) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .map_err(|error| CliError::new(Failure::File, format!("writing to stdout failed: {error}")))
}

/// Writes a progress line to stderr; a failure to write it is not worth
/// stopping the command for.
pub fn progress(line: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{line}");
}
