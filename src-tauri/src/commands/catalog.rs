//! Adding products to the cart: by scanned code, or picked from a name search.

use tauri::State;

use giggatek_store::Product;

use crate::commands::cart::change_cart;
use crate::error::{CommandError, ErrorKind};
use crate::state::AppState;
use crate::views::{CartView, ProductHit};

/// The maximum number of search hits the window shows at once.
const SEARCH_LIMIT: usize = 20;

/// Adds one unit of the product whose barcode or SKU was scanned or typed.
#[tauri::command(rename_all = "snake_case")]
pub fn scan_code(state: State<'_, AppState>, code: String) -> Result<CartView, CommandError> {
    let code = code.trim().to_string();
    if code.is_empty() {
        return Err(CommandError::invalid("Scan a barcode or type a SKU, then press Enter."));
    }
    let Some(product) = state.with_store(|store| store.lookup(&code))? else {
        tracing::info!(%code, "scanned code not in the catalog");
        return Err(CommandError::new(
            ErrorKind::NotFound,
            format!("No product has the barcode or SKU \"{code}\". Check the code, or search by name (F2)."),
        ));
    };
    add_to_cart(&state, &product)
}

/// Adds one unit of a product picked from the search results.
#[tauri::command(rename_all = "snake_case")]
pub fn add_product(state: State<'_, AppState>, product_id: i64) -> Result<CartView, CommandError> {
    let product = state.with_store(|store| store.product(product_id))?;
    add_to_cart(&state, &product)
}

/// Searches the catalog by name or SKU, products for sale first.
#[tauri::command(rename_all = "snake_case")]
pub fn search_products(state: State<'_, AppState>, query: String) -> Result<Vec<ProductHit>, CommandError> {
    let products = state.with_store(|store| store.search_products(&query, SEARCH_LIMIT))?;
    Ok(products
        .into_iter()
        .map(|product| ProductHit {
            product_id: product.id,
            sku: product.sku,
            barcode: product.barcode,
            name: product.name,
            price: product.price,
        })
        .collect())
}

fn add_to_cart(state: &AppState, product: &Product) -> Result<CartView, CommandError> {
    let item = product.cart_item()?;
    change_cart(state, |cart| {
        cart.add(item, 1)?;
        Ok(())
    })
}
