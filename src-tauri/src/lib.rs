//! The desktop terminal: start-up, state and the Tauri commands.
//!
//! `main` only calls [`run`]. Every command lives in `commands/<area>.rs` and
//! is a thin call into the store or the domain crate.

pub mod bindings;
pub mod commands;
pub mod config;
pub mod error;
mod logging;
pub mod receipt_files;
pub mod rental_views;
pub mod short_term_views;
pub mod state;
pub mod views;

use std::ffi::OsString;

use tauri::Manager;

use giggatek_store::Store;

use crate::config::{Paths, STORE_ENV};
use crate::state::AppState;

/// Builds the Tauri application: opens the store at start-up and registers
/// every command.
pub fn builder<R: tauri::Runtime>() -> tauri::Builder<R> {
    let builder = tauri::Builder::<R>::new().setup(|app| {
        let app_data = app.path().app_data_dir()?;
        let args: Vec<OsString> = std::env::args_os().collect();
        let paths = Paths::resolve(&args, std::env::var_os(STORE_ENV), &app_data);
        if let Err(error) = logging::init(&paths.log_file) {
            eprintln!("giggatek-terminal: logging disabled: {error}");
        }
        tracing::info!(store = %paths.store.display(), "terminal starting");
        app.manage(AppState::new(open_store(&paths), paths));
        Ok(())
    });
    with_commands(builder)
}

/// Registers every command on `builder`; the caller manages an [`AppState`].
pub fn with_commands<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(tauri::generate_handler![
        commands::session::session_status,
        commands::session::sign_in,
        commands::session::sign_out,
        commands::catalog::scan_code,
        commands::catalog::search_products,
        commands::catalog::add_product,
        commands::cart::get_cart,
        commands::cart::set_quantity,
        commands::cart::remove_line,
        commands::cart::set_line_discount,
        commands::cart::set_cart_discount,
        commands::cart::override_price,
        commands::cart::void_cart,
        commands::sale::begin_tender,
        commands::sale::cancel_tender,
        commands::sale::complete_sale,
        commands::sale::new_sale,
        commands::receipts::print_receipt,
        commands::shift::open_shift,
        commands::shift::paid_in,
        commands::shift::paid_out,
        commands::shift::no_sale,
        commands::shift::x_report,
        commands::shift::close_shift,
        commands::returns::find_sale_for_return,
        commands::returns::record_return,
        commands::rentals::search_customers,
        commands::rentals::save_customer,
        commands::rentals::preview_contract,
        commands::rentals::create_contract,
        commands::rentals::get_contract,
        commands::rentals::take_contract_payment,
        commands::rentals::buy_out_contract,
        commands::rentals::return_contract,
        commands::rentals::print_agreement,
        commands::rentals::charge_off_contract,
        commands::rentals::reinstate_contract,
        commands::short_term::receive_unit,
        commands::short_term::rent_out,
        commands::short_term::get_short_term_rental,
        commands::short_term::return_short_term,
    ])
}

/// Returns the context built from `tauri.conf.json`: the embedded UI, the
/// icons and the capabilities that limit what the window may call.
pub fn context<R: tauri::Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

/// Opens the store file, or returns the message every command shows when
/// it cannot be opened.
fn open_store(paths: &Paths) -> Result<Store, String> {
    if let Some(folder) = paths.store.parent().filter(|folder| !folder.as_os_str().is_empty())
        && let Err(error) = std::fs::create_dir_all(folder)
    {
        tracing::error!(folder = %folder.display(), %error, "cannot create the store folder");
    }
    Store::open(&paths.store).map_err(|error| {
        tracing::error!(store = %paths.store.display(), %error, "cannot open the store");
        format!(
            "The store file {} could not be opened, so the terminal cannot sell. Call a manager. ({error})",
            paths.store.display()
        )
    })
}

/// Starts the terminal window and blocks until it closes.
pub fn run() {
    if let Err(error) = builder::<tauri::Wry>().run(context()) {
        tracing::error!(%error, "terminal stopped with an error");
        eprintln!("giggatek-terminal: {error}");
        std::process::exit(1);
    }
}
