//! The terminal's log file, written through `tracing`.

use std::fs::{self, OpenOptions};
use std::path::Path;
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;

use crate::config::LOG_ENV;

/// Sends `tracing` events to `log_file`, appending, at the level set by
/// [`LOG_ENV`] (default `info`). Returns an error text when the file cannot
/// be opened; the terminal then runs without a log rather than not at all.
pub fn init(log_file: &Path) -> Result<(), String> {
    if let Some(folder) = log_file.parent() {
        fs::create_dir_all(folder).map_err(|error| format!("cannot create {}: {error}", folder.display()))?;
    }
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(log_file)
        .map_err(|error| format!("cannot open {}: {error}", log_file.display()))?;
    let filter = EnvFilter::try_from_env(LOG_ENV).unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(Mutex::new(file))
        .try_init()
        .map_err(|error| format!("a log subscriber is already set: {error}"))
}
