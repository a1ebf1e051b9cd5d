//! Makes a fresh demo store for trying the terminal and for its end-to-end test.
//!
//! ```text
//! cargo run -p giggatek-terminal --example demo_store -- \
//!     --store FILE --catalog CSV_FOLDER [--products OUT.json]
//! ```
//!
//! The store gets settings (S01/T01, 8.25 % tax rounded per line, no cash
//! rounding, America/New_York), a clerk `1001` with PIN `1234`, a manager
//! `9001` with PIN `9876`, and every row of the CSV files in the folder
//! (columns `name,price,...`, one file per category). Each product gets the
//! SKU `GG` + seven digits and an in-store EAN-13 from its number. The
//! optional JSON file lists the products with their barcodes.

use std::error::Error;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use giggatek_domain::{CashRounding, Ean13, Money, Percent, TaxRounding, TaxSettings, sku_for};
use giggatek_store::{Role, Store, StoreSettings};
use serde_json::json;

struct Options {
    store: PathBuf,
    catalog: PathBuf,
    products: Option<PathBuf>,
}

fn main() {
    if let Err(error) = run() {
        eprintln!("demo_store: {error}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Box<dyn Error>> {
    let options = parse_options(std::env::args_os().skip(1).collect())?;
    if options.store.exists() {
        return Err(format!("{} already exists: pass a new file name", options.store.display()).into());
    }
    let mut store = Store::open(&options.store)?;
    store.save_settings(&StoreSettings {
        store_code: "S01".to_string(),
        terminal_code: "T01".to_string(),
        store_name: "GigGatek Demo Store".to_string(),
        store_address: vec!["12 Main St".to_string(), "Springfield, IL 62701".to_string()],
        tax: TaxSettings {
            rate: Percent::parse("8.25")?,
            rounding: TaxRounding::PerLine,
        },
        cash_rounding: CashRounding::None,
        time_zone: "America/New_York".to_string(),
    })?;
    store.add_staff("1001", "Ana Clerk", Role::Clerk, "1234")?;
    store.add_staff("9001", "Max Manager", Role::Manager, "9876")?;

    let listed = insert_catalog(&store, &options.catalog)?;
    if let Some(path) = &options.products {
        fs::write(path, serde_json::to_string_pretty(&listed)?)?;
    }
    eprintln!(
        "demo_store: {} ready with {} products",
        options.store.display(),
        listed.len()
    );
    Ok(())
}

fn parse_options(args: Vec<OsString>) -> Result<Options, String> {
    let usage = "usage: demo_store --store FILE --catalog CSV_FOLDER [--products OUT.json]";
    let mut store = None;
    let mut catalog = None;
    let mut products = None;
    let mut iter = args.into_iter();
    while let Some(flag) = iter.next() {
        let value = iter.next().map(PathBuf::from);
        match flag.to_str() {
            Some("--store") => store = value,
            Some("--catalog") => catalog = value,
            Some("--products") => products = value,
            _ => return Err(format!("unknown argument {flag:?}; {usage}")),
        }
    }
    Ok(Options {
        store: store.ok_or(usage)?,
        catalog: catalog.ok_or(usage)?,
        products,
    })
}

/// Inserts every CSV row as a product, numbered in file-name order.
///
/// NOTE: this writes the products table directly, as the store's own tests
/// do, because the store crate has no catalog import yet; switch to it once
/// it does.
fn insert_catalog(store: &Store, folder: &Path) -> Result<Vec<serde_json::Value>, Box<dyn Error>> {
    let mut files: Vec<PathBuf> = fs::read_dir(folder)?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "csv"))
        .collect();
    files.sort();
    let mut listed = Vec::new();
    let mut number: u64 = 0;
    for file in files {
        let category = file
            .file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or("other")
            .to_string();
        let mut reader = csv::Reader::from_path(&file)?;
        for (row_index, record) in reader.records().enumerate() {
            let record = record?;
            let name = record.get(0).unwrap_or("").trim().to_string();
            let price_text = record.get(1).unwrap_or("").trim();
            let price = if price_text.is_empty() {
                None
            } else {
                Some(
                    Money::parse(price_text)
                        .map_err(|error| format!("{} row {}: price: {error}", file.display(), row_index + 2))?,
                )
            };
            number += 1;
            let sku = sku_for(number);
            let barcode = Ean13::in_store(number)?.to_string();
            store.connection().execute(
                "INSERT INTO products (sku, barcode, name, category, price_cents, taxable, stock_on_hand, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, 1, 10, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                rusqlite::params![sku, barcode, name, category, price.map(Money::cents)],
            )?;
            listed.push(json!({
                "name": name,
                "sku": sku,
                "barcode": barcode,
                "price_cents": price.map(Money::cents),
            }));
        }
    }
    Ok(listed)
}
