//! The desktop terminal: start-up, state and the Tauri commands.
//!
//! `main` only calls [`run`]. Every command lives in `commands/<area>.rs` and
//! is a thin call into the store or the domain crate.

pub mod config;
mod logging;

use std::ffi::OsString;

use tauri::Manager;

use crate::config::{Paths, STORE_ENV};

/// Builds the Tauri application around the store, ready to run.
pub fn builder<R: tauri::Runtime>() -> tauri::Builder<R> {
    tauri::Builder::<R>::new().setup(|app| {
        let app_data = app.path().app_data_dir()?;
        let args: Vec<OsString> = std::env::args_os().collect();
        let paths = Paths::resolve(&args, std::env::var_os(STORE_ENV), &app_data);
        if let Err(error) = logging::init(&paths.log_file) {
            eprintln!("giggatek-terminal: logging disabled: {error}");
        }
        tracing::info!(store = %paths.store.display(), "terminal starting");
        Ok(())
    })
}

/// Starts the terminal window and blocks until it closes.
pub fn run() {
    let context = tauri::generate_context!();
    if let Err(error) = builder::<tauri::Wry>().run(context) {
        tracing::error!(%error, "terminal stopped with an error");
        eprintln!("giggatek-terminal: {error}");
        std::process::exit(1);
    }
}
