//! Makes a fresh demo store for trying the terminal and for its end-to-end test.
//!
//! ```text
//! cargo run -p giggatek-terminal --example demo_store -- \
//!     --store FILE --catalog CSV_FOLDER [--products OUT.json]
//! ```
//!
//! The store gets settings: S01/T01, 8.25 % tax rounded per line, no cash
//! rounding, America/New_York. It gets a clerk `1001` with PIN `1234` and a
//! manager `9001` with PIN `9876`, and one unit in rental stock, serial
//! `SN-DEMO-SOFA-1`. It also gets every row of the CSV files
//! in the folder (columns `name,price,...`, one file per category) through
//! the store's catalog import, which assigns SKUs and in-store barcodes. The
//! optional JSON file lists the products with their barcodes.

use std::error::Error;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use giggatek_domain::{CashRounding, Money, Percent, TaxRounding, TaxSettings};
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
    let manager = store.add_staff("9001", "Max Manager", Role::Manager, "9876")?;
    let sofa = giggatek_store::NewUnit {
        serial_number: "SN-DEMO-SOFA-1".to_string(),
        description: "Sofá Ñandú 3-plazas".to_string(),
        product: None,
        condition: giggatek_domain::rental::UnitCondition::New,
        cost: Money::from_cents(60_000),
    };
    store.add_unit(&manager, &uuid::Uuid::now_v7().to_string(), &sofa)?;

    let listed = insert_catalog(&mut store, &options.catalog)?;
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

/// Imports the catalog folder and lists every product with its barcode.
fn insert_catalog(store: &mut Store, folder: &Path) -> Result<Vec<serde_json::Value>, Box<dyn Error>> {
    let summary = store.import_catalog(folder, &mut |_| {})?;
    eprintln!(
        "demo_store: imported {} rows from {} files",
        summary.rows, summary.files
    );
    let (count, _) = store.product_counts()?;
    let mut listed = Vec::new();
    for id in 1..=i64::try_from(count)? {
        let product = store.product(id)?;
        listed.push(json!({
            "name": product.name,
            "sku": product.sku,
            "barcode": product.barcode,
            "price_cents": product.price.map(Money::cents),
        }));
    }
    Ok(listed)
}
