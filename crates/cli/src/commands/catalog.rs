//! `import-catalog`, `product find|search` and `stock receive`.

use std::path::Path;

use giggatek_store::{ImportPhase, ImportSummary, MAX_SEARCH_RESULTS, Product, Store};

use super::Context;
use crate::args::{ProductCommand, StockCommand};
use crate::error::{CliError, Failure};
use crate::output::{emit, progress};

pub fn import(context: &mut Context, dir: &Path) -> Result<(), CliError> {
    let summary = import_with_progress(&mut context.store, dir)?;
    emit(context.json, &summary, |s| {
        format!(
            "Imported {} rows from {} files: {} new, {} updated, {} unchanged; {} for sale, {} without a price.",
            s.rows, s.files, s.inserted, s.updated, s.unchanged, s.priced, s.unpriced
        )
    })
}

/// Imports the catalog, reporting each file and every few thousand rows on
/// stderr so stdout keeps only the result.
pub fn import_with_progress(store: &mut Store, dir: &Path) -> Result<ImportSummary, CliError> {
    let mut report = |step: &giggatek_store::ImportProgress| {
        let phase = match step.phase {
            ImportPhase::Reading => "reading",
            ImportPhase::Writing => "writing",
        };
        progress(&format!("{phase} {}: {} rows", step.file, step.rows_done));
    };
    Ok(store.import_catalog(dir, &mut report)?)
}

pub fn product(context: &Context, command: ProductCommand) -> Result<(), CliError> {
    match command {
        ProductCommand::Find { code } => {
            let product = find(&context.store, &code)?;
            emit(context.json, &product, product_text)
        }
        ProductCommand::Search { text, limit } => {
            if limit == 0 || limit > MAX_SEARCH_RESULTS {
                return Err(CliError::invalid(format!(
                    "--limit {limit} is invalid: use 1 to {MAX_SEARCH_RESULTS}"
                )));
            }
            let products = context.store.search_products(&text, limit)?;
            emit(context.json, &products, |products| {
                if products.is_empty() {
                    return format!("No product matches \"{text}\".");
                }
                products.iter().map(product_line).collect::<Vec<_>>().join("\n")
            })
        }
    }
}

pub fn stock(context: &mut Context, command: StockCommand) -> Result<(), CliError> {
    match command {
        StockCommand::Receive { code, quantity } => {
            let product = find(&context.store, &code)?;
            let product = context.store.receive_stock(product.id, quantity)?;
            emit(context.json, &product, |p| {
                format!(
                    "Received {quantity} of {} ({}); {} on hand.",
                    p.name, p.sku, p.stock_on_hand
                )
            })
        }
    }
}

/// Finds a product by barcode or SKU, or fails with `NotFound`.
pub fn find(store: &Store, code: &str) -> Result<Product, CliError> {
    store.lookup(code)?.ok_or_else(|| {
        CliError::new(
            Failure::NotFound,
            format!(
                "no product has barcode or SKU \"{}\": check the code, or search by name with `giggatek product search`",
                code.trim()
            ),
        )
    })
}

/// Receives `units` of stock for the first `per_category` priced products
/// of each category, by id. Returns how many products got stock.
pub fn stock_first_priced(store: &mut Store, per_category: u32, units: u32) -> Result<usize, CliError> {
    // The store has no listing by category; this read-only query picks the
    // products, and the stock itself goes through `receive_stock`.
    let ids: Vec<i64> = {
        let mut statement = store
            .connection()
            .prepare(
                "SELECT id FROM (
                     SELECT id, row_number() OVER (PARTITION BY category ORDER BY id) AS n
                     FROM products WHERE price_cents IS NOT NULL)
                 WHERE n <= ?1 ORDER BY id",
            )
            .map_err(giggatek_store::StoreError::from)?;
        let rows = statement
            .query_map([per_category], |row| row.get(0))
            .map_err(giggatek_store::StoreError::from)?;
        rows.collect::<Result<_, _>>()
            .map_err(giggatek_store::StoreError::from)?
    };
    for id in &ids {
        store.receive_stock(*id, units)?;
    }
    Ok(ids.len())
}

fn product_text(product: &Product) -> String {
    let price = match product.price {
        Some(price) => price.to_string(),
        None => "not for sale".to_string(),
    };
    format!(
        "{}\n  SKU {}  barcode {}\n  category {}  price {price}  {}\n  stock on hand {}",
        product.name,
        product.sku,
        product.barcode,
        product.category,
        if product.taxable { "taxable" } else { "not taxable" },
        product.stock_on_hand
    )
}

fn product_line(product: &Product) -> String {
    let price = match product.price {
        Some(price) => format!("{price:>10}"),
        None => format!("{:>10}", "-"),
    };
    format!("{:<12} {} {price}  {}", product.sku, product.barcode, product.name)
}
