//! Generates the Tauri context and the permissions for the app's own commands.

use std::path::Path;

/// Every command the window may call. Each one becomes a permission
/// `allow-<name>` that `capabilities/terminal.json` grants.
const COMMANDS: &[&str] = &[
    "session_status",
    "sign_in",
    "sign_out",
    "scan_code",
    "search_products",
    "add_product",
    "get_cart",
    "set_quantity",
    "remove_line",
    "set_line_discount",
    "set_cart_discount",
    "override_price",
    "void_cart",
    "begin_tender",
    "cancel_tender",
    "complete_sale",
    "new_sale",
    "print_receipt",
    "open_shift",
    "paid_in",
    "paid_out",
    "no_sale",
    "x_report",
    "close_shift",
    "find_sale_for_return",
    "record_return",
    "search_customers",
    "save_customer",
    "preview_contract",
    "create_contract",
    "get_contract",
    "take_contract_payment",
    "buy_out_contract",
    "return_contract",
    "print_agreement",
    "charge_off_contract",
    "reinstate_contract",
    "receive_unit",
    "rent_out",
    "get_short_term_rental",
    "return_short_term",
];

fn main() {
    // The window's pages are embedded at compile time, so a missing UI build
    // must stop here with the fix rather than deep inside the context macro.
    let dist = Path::new("../ui/dist/index.html");
    println!("cargo:rerun-if-changed=../ui/dist");
    if !dist.exists() {
        println!("cargo::error=ui/dist/index.html is missing: run `npm ci && npm run build` in ui/ first");
        return;
    }
    let attributes = tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        println!("cargo::error=tauri build step failed: {error:#}");
    }
}
