//! Catalog import from CSV files: fields kept intact, identity across
//! imports, price updates, change numbers and progress reports.

#![allow(clippy::unwrap_used, reason = "a test fails loudly on any unexpected error")]

use std::fs;
use std::path::Path;
use std::sync::Arc;

use giggatek_domain::{Ean13, Money};
use giggatek_store::{FixedClock, ImportError, ImportPhase, ImportSummary, Store};
use jiff::Timestamp;

const CPU: &str = "name,price,core_count,graphics\n\
AMD Ryzen 7 9800X3D,451.5,8,Radeon\n\
Intel Core i5-12400F,,6,\n\
Intel Core i5-12400F,,6,\n\
\"Halo² Edition, \u{200e}Zoë\",19.99,2,\"1,2050\"\n";

/// One stored product as the import wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stored {
    id: i64,
    sku: String,
    barcode: String,
    name: String,
    price_cents: Option<i64>,
    attributes: String,
    change_seq: i64,
    updated_at: String,
}

fn write(dir: &Path, file: &str, text: &str) {
    fs::write(dir.join(file), text).unwrap();
}

fn import(store: &mut Store, dir: &Path) -> Result<ImportSummary, ImportError> {
    store.import_catalog(dir, &mut |_| {})
}

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

/// Opens an empty store whose clock stays at `2026-03-02T10:00:00Z`.
fn store_with_clock() -> (Store, Arc<FixedClock>) {
    let clock = Arc::new(FixedClock::new(at("2026-03-02T10:00:00Z")));
    let mut store = Store::open_in_memory().unwrap();
    store.set_clock(clock.clone());
    (store, clock)
}

fn stored(store: &Store) -> Vec<Stored> {
    let mut statement = store
        .connection()
        .prepare(
            "SELECT id, sku, barcode, name, price_cents, attributes, change_seq, updated_at
             FROM products ORDER BY id",
        )
        .unwrap();
    statement
        .query_map([], |r| {
            Ok(Stored {
                id: r.get(0)?,
                sku: r.get(1)?,
                barcode: r.get(2)?,
                name: r.get(3)?,
                price_cents: r.get(4)?,
                attributes: r.get(5)?,
                change_seq: r.get(6)?,
                updated_at: r.get(7)?,
            })
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn product_change_counter(store: &Store) -> Option<i64> {
    store
        .connection()
        .query_row("SELECT value FROM counters WHERE name = 'product_change'", [], |r| {
            r.get(0)
        })
        .ok()
}

#[test]
fn import_keeps_fields_intact() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cpu.csv", CPU);
    let mut store = Store::open_in_memory().unwrap();

    let summary = import(&mut store, dir.path()).unwrap();
    assert_eq!(summary.files, 1);
    assert_eq!(summary.rows, 4);
    assert_eq!(summary.inserted, 4);
    assert_eq!(summary.priced, 2);
    assert_eq!(summary.unpriced, 2);

    let rows = stored(&store);
    assert_eq!(rows[0].name, "AMD Ryzen 7 9800X3D");
    assert_eq!(rows[0].price_cents, Some(45150));
    assert_eq!(rows[1].price_cents, None);
    assert_eq!(rows[3].name, "Halo² Edition, \u{200e}Zoë");
    assert_eq!(rows[3].name.as_bytes(), "Halo² Edition, \u{200e}Zoë".as_bytes());
    assert_eq!(rows[3].price_cents, Some(1999));
    assert_eq!(rows[3].attributes, r#"{"core_count":"2","graphics":"1,2050"}"#);
    assert_eq!(rows[1].attributes, r#"{"core_count":"6","graphics":""}"#);
    for row in &rows {
        assert!(
            Ean13::parse(&row.barcode).is_ok(),
            "{} is not a valid EAN-13",
            row.barcode
        );
    }
    assert_eq!(rows[0].sku, "GG0000001");
    assert_eq!(rows[0].barcode, "2000000000015");
    assert_eq!(rows[3].sku, "GG0000004");
    assert_eq!(rows[3].barcode, "2000000000046");
}

#[test]
fn import_categories_from_file_names() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "video-card.csv", "name,price\nRTX,299.97\n");
    write(dir.path(), "case-fan.csv", "name,price\nFan,5\n");
    write(dir.path(), "notes.txt", "not a catalog file\n");
    let mut store = Store::open_in_memory().unwrap();

    let summary = import(&mut store, dir.path()).unwrap();
    assert_eq!(summary.files, 2);
    let fan = store.product(1).unwrap();
    assert_eq!(fan.category, "case-fan");
    assert_eq!(fan.price, Some(Money::from_cents(500)));
    let card = store.product(2).unwrap();
    assert_eq!(card.category, "video-card");
    assert_eq!(card.price, Some(Money::from_cents(29_997)));
}

#[test]
fn import_reads_bom_and_crlf() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "mouse.csv",
        "\u{feff}name,price,color\r\n\"Two\r\nlines\",9.50,\"Black, matte\"\r\n",
    );
    let mut store = Store::open_in_memory().unwrap();

    import(&mut store, dir.path()).unwrap();
    let rows = stored(&store);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].name, "Two\r\nlines");
    assert_eq!(rows[0].price_cents, Some(950));
    assert_eq!(rows[0].attributes, r#"{"color":"Black, matte"}"#);
}

#[test]
fn reimport_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cpu.csv", CPU);
    let (mut store, clock) = store_with_clock();
    import(&mut store, dir.path()).unwrap();
    let before = stored(&store);
    let counter = product_change_counter(&store);
    clock.set(at("2026-03-03T10:00:00Z"));

    let again = import(&mut store, dir.path()).unwrap();
    assert_eq!(again.inserted, 0);
    assert_eq!(again.updated, 0);
    assert_eq!(again.unchanged, 4);
    assert_eq!(again.rows, 4);
    assert_eq!(stored(&store), before);
    assert_eq!(product_change_counter(&store), counter);
    assert_eq!(counter, Some(4));
}

#[test]
fn changed_price_updates_in_place() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cpu.csv", CPU);
    let (mut store, clock) = store_with_clock();
    import(&mut store, dir.path()).unwrap();
    let before = stored(&store);
    clock.set(at("2026-03-03T10:00:00Z"));

    write(dir.path(), "cpu.csv", &CPU.replace("451.5", "429.99"));
    let summary = import(&mut store, dir.path()).unwrap();
    assert_eq!(summary.updated, 1);
    assert_eq!(summary.inserted, 0);
    assert_eq!(summary.unchanged, 3);

    let after = stored(&store);
    assert_eq!(after.len(), 4);
    assert_eq!(after[0].id, before[0].id);
    assert_eq!(after[0].sku, before[0].sku);
    assert_eq!(after[0].barcode, before[0].barcode);
    assert_eq!(after[0].price_cents, Some(42_999));
    assert_eq!(after[0].change_seq, 5);
    assert_eq!(after[0].updated_at, "2026-03-03T10:00:00.000Z");
    assert_eq!(before[0].updated_at, "2026-03-02T10:00:00.000Z");
    assert_eq!(after[1..], before[1..]);
    assert_eq!(product_change_counter(&store), Some(5));
}

#[test]
fn repeated_rows_keep_their_own_identity() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cpu.csv", CPU);
    let mut store = Store::open_in_memory().unwrap();
    import(&mut store, dir.path()).unwrap();

    // The second of the two identical Intel rows gets a price.
    let priced_second = CPU.replacen(
        "Intel Core i5-12400F,,6,\nIntel Core i5-12400F,,6,",
        "Intel Core i5-12400F,,6,\nIntel Core i5-12400F,129.00,6,",
        1,
    );
    write(dir.path(), "cpu.csv", &priced_second);
    let summary = import(&mut store, dir.path()).unwrap();
    assert_eq!(summary.updated, 1);
    assert_eq!(summary.inserted, 0);

    let rows = stored(&store);
    assert_eq!(rows[1].price_cents, None);
    assert_eq!(rows[2].price_cents, Some(12_900));
    assert_eq!(rows[2].sku, "GG0000003");
}

#[test]
fn new_rows_get_next_numbers() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cpu.csv", CPU);
    let mut store = Store::open_in_memory().unwrap();
    import(&mut store, dir.path()).unwrap();
    let before = stored(&store);

    let with_new_first = format!(
        "name,price,core_count,graphics\nAMD Ryzen 5 7600,199.00,6,Radeon\n{}",
        &CPU[31..]
    );
    write(dir.path(), "cpu.csv", &with_new_first);
    let summary = import(&mut store, dir.path()).unwrap();
    assert_eq!(summary.inserted, 1);
    assert_eq!(summary.unchanged, 4);

    let rows = stored(&store);
    assert_eq!(rows[..4], before[..]);
    assert_eq!(rows[4].name, "AMD Ryzen 5 7600");
    assert_eq!(rows[4].sku, "GG0000005");
    assert_eq!(rows[4].barcode, "2000000000053");
}

#[test]
fn removed_price_makes_product_not_for_sale() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cpu.csv", CPU);
    let mut store = Store::open_in_memory().unwrap();
    import(&mut store, dir.path()).unwrap();
    write(dir.path(), "cpu.csv", &CPU.replace("451.5", ""));
    let summary = import(&mut store, dir.path()).unwrap();
    assert_eq!(summary.updated, 1);
    assert_eq!(summary.priced, 1);
    assert_eq!(summary.unpriced, 3);

    let product = store.find_by_sku("GG0000001").unwrap().unwrap();
    assert_eq!(product.price, None);
    let error = product.cart_item().unwrap_err().to_string();
    assert_eq!(
        error,
        "AMD Ryzen 7 9800X3D (GG0000001) has no price and is not for sale: ask a manager to price it"
    );
}

#[test]
fn progress_reports_every_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cpu.csv", CPU);
    write(dir.path(), "case.csv", "name,price\nTower,79.99\n");
    let mut store = Store::open_in_memory().unwrap();
    let mut reports = Vec::new();

    store
        .import_catalog(dir.path(), &mut |step| {
            reports.push((step.phase, step.file.clone(), step.rows_done));
        })
        .unwrap();
    let expected = vec![
        (ImportPhase::Reading, "case.csv".to_string(), 1),
        (ImportPhase::Reading, "cpu.csv".to_string(), 4),
        (ImportPhase::Writing, "case.csv".to_string(), 1),
        (ImportPhase::Writing, "cpu.csv".to_string(), 4),
    ];
    assert_eq!(reports, expected);
}

#[test]
fn progress_reports_within_large_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("name,price\n");
    for n in 0..12_001 {
        text.push_str(&format!("Cable {n},1.00\n"));
    }
    write(dir.path(), "cable.csv", &text);
    let mut store = Store::open_in_memory().unwrap();
    let mut reading = Vec::new();
    let mut writing = Vec::new();

    store
        .import_catalog(dir.path(), &mut |step| match step.phase {
            ImportPhase::Reading => reading.push(step.rows_done),
            ImportPhase::Writing => writing.push(step.rows_done),
        })
        .unwrap();
    assert_eq!(reading, vec![5_000, 10_000, 12_001]);
    assert_eq!(writing, vec![5_000, 10_000, 12_001]);
}
