//! Logging: JSON lines on stderr, filtered by `GIGGATEK_SERVER_LOG`.

use tracing_subscriber::EnvFilter;

/// The environment variable that sets the log filter, such as `debug`.
pub const LOG_FILTER_VAR: &str = "GIGGATEK_SERVER_LOG";

/// Installs the global subscriber; later calls do nothing.
pub fn init() {
    let filter = EnvFilter::try_from_env(LOG_FILTER_VAR).unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
