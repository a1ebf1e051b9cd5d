//! Catalog import from CSV files: identity across imports, price updates,
//! rejected files, lookups and search.

#![allow(clippy::unwrap_used, reason = "a test fails loudly on any unexpected error")]

use std::fs;
use std::path::Path;

use giggatek_domain::{Ean13, Money};
use giggatek_store::{ImportError, ImportSummary, Store};

fn write(dir: &Path, file: &str, text: &str) {
    fs::write(dir.join(file), text).unwrap();
}

fn import(store: &mut Store, dir: &Path) -> Result<ImportSummary, ImportError> {
    store.import_catalog(dir, &mut |_| {})
}

const CPU: &str = "name,price,core_count,graphics\n\
AMD Ryzen 7 9800X3D,451.5,8,Radeon\n\
Intel Core i5-12400F,,6,\n\
Intel Core i5-12400F,,6,\n\
\"Halo² Edition, \u{200e}Zoë\",19.99,2,\"1,2050\"\n";

fn product_rows(store: &Store) -> Vec<(i64, String, String, String, Option<i64>, String)> {
    let mut statement = store
        .connection()
        .prepare("SELECT id, sku, barcode, name, price_cents, attributes FROM products ORDER BY id")
        .unwrap();
    statement
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
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

    let rows = product_rows(&store);
    assert_eq!(rows[0].3, "AMD Ryzen 7 9800X3D");
    assert_eq!(rows[0].4, Some(45150));
    assert_eq!(rows[1].4, None);
    assert_eq!(rows[3].3, "Halo² Edition, \u{200e}Zoë");
    assert_eq!(rows[3].4, Some(1999));
    assert_eq!(rows[3].5, r#"{"core_count":"2","graphics":"1,2050"}"#);
    for row in &rows {
        assert!(Ean13::parse(&row.2).is_ok(), "{} is not a valid EAN-13", row.2);
    }
    assert_eq!(rows[0].1, "GG0000001");
    assert_eq!(rows[0].2, "2000000000015");
}

#[test]
fn reimport_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cpu.csv", CPU);
    let mut store = Store::open_in_memory().unwrap();
    import(&mut store, dir.path()).unwrap();
    let before = product_rows(&store);

    let again = import(&mut store, dir.path()).unwrap();
    assert_eq!(again.inserted, 0);
    assert_eq!(again.updated, 0);
    assert_eq!(again.unchanged, 4);
    assert_eq!(product_rows(&store), before);
}

#[test]
fn changed_price_updates_in_place() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cpu.csv", CPU);
    let mut store = Store::open_in_memory().unwrap();
    import(&mut store, dir.path()).unwrap();
    let before = store.find_by_sku("GG0000001").unwrap().unwrap();

    write(dir.path(), "cpu.csv", &CPU.replace("451.5", "429.99"));
    let summary = import(&mut store, dir.path()).unwrap();
    assert_eq!(summary.updated, 1);
    assert_eq!(summary.inserted, 0);

    let after = store.find_by_sku("GG0000001").unwrap().unwrap();
    assert_eq!(after.id, before.id);
    assert_eq!(after.barcode, before.barcode);
    assert_eq!(after.price, Some(Money::from_cents(42_999)));
}

#[test]
fn removed_price_makes_product_not_for_sale() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cpu.csv", CPU);
    let mut store = Store::open_in_memory().unwrap();
    import(&mut store, dir.path()).unwrap();
    write(dir.path(), "cpu.csv", &CPU.replace("451.5", ""));
    import(&mut store, dir.path()).unwrap();

    let product = store.find_by_sku("GG0000001").unwrap().unwrap();
    assert_eq!(product.price, None);
    let error = product.cart_item().unwrap_err().to_string();
    assert!(error.contains("not for sale"), "{error}");
}

#[test]
fn bad_rows_name_file_and_line_and_store_nothing() {
    let cases = [
        (
            "name,price,x\nGood,1.00,a\nBad,-3,b\n",
            "cpu.csv line 3: price: -3 is negative",
        ),
        (
            "name,price,x\nGood,1.00,a\nBad,12.345,b\n",
            "cpu.csv line 3: price: \"12.345\" is not an amount",
        ),
        (
            "name,price,x\nBad,abc,b\n",
            "cpu.csv line 2: price: \"abc\" is not an amount",
        ),
        ("name,price,x\n  ,1.00,b\n", "cpu.csv line 2: the name is empty"),
        (
            "name,price,x\nGood,1.00,a\nShort,1.00\n",
            "cpu.csv line 3: 2 fields where the header has 3",
        ),
        (
            "title,cost\nGood,1.00\n",
            "cpu.csv line 1: the header needs a \"name\" and a \"price\" column",
        ),
    ];
    for (text, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a-ok.csv", "name,price\nKept,2.00\n");
        let mut store = Store::open_in_memory().unwrap();
        import(&mut store, dir.path()).unwrap();
        write(dir.path(), "cpu.csv", text);
        write(dir.path(), "a-ok.csv", "name,price\nKept,3.00\n");

        let error = import(&mut store, dir.path()).unwrap_err().to_string();
        assert!(error.starts_with(expected), "expected \"{expected}\", got \"{error}\"");
        let rows = product_rows(&store);
        assert_eq!(rows.len(), 1, "{expected}: nothing new is stored");
        assert_eq!(rows[0].4, Some(200), "{expected}: the stored price is unchanged");
    }
}

#[test]
fn invalid_utf8_row_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("mouse.csv"),
        b"name,price\nOk,1.00\nBad \xff name,2.00\n",
    )
    .unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let error = import(&mut store, dir.path()).unwrap_err().to_string();
    assert_eq!(
        error,
        "mouse.csv line 3: the row is not valid UTF-8 text: save the file as UTF-8"
    );
    assert_eq!(store.product_counts().unwrap(), (0, 0));
}

#[test]
fn folder_without_csv_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let error = import(&mut store, dir.path()).unwrap_err().to_string();
    assert!(
        error.ends_with("no .csv files found: give the folder that holds the catalog files"),
        "{error}"
    );
}

#[test]
fn lookup_finds_barcode_and_sku() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cpu.csv", CPU);
    let mut store = Store::open_in_memory().unwrap();
    import(&mut store, dir.path()).unwrap();

    let by_barcode = store.lookup(" 2000000000015\n").unwrap().unwrap();
    assert_eq!(by_barcode.name, "AMD Ryzen 7 9800X3D");
    assert_eq!(by_barcode.category, "cpu");
    let by_sku = store.lookup("gg0000004").unwrap().unwrap();
    assert_eq!(by_sku.price, Some(Money::from_cents(1999)));
    assert_eq!(store.lookup("2000000000022").unwrap().map(|p| p.id), Some(2));
    assert_eq!(store.lookup("9999999999994").unwrap(), None);
    assert_eq!(store.lookup("").unwrap(), None);
}

#[test]
fn search_ranks_for_sale_first_and_ignores_syntax() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cpu.csv", CPU);
    let mut store = Store::open_in_memory().unwrap();
    import(&mut store, dir.path()).unwrap();

    let names: Vec<String> = store
        .search_products("ryz", 10)
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, vec!["AMD Ryzen 7 9800X3D".to_string()]);
    let zoe = store.search_products("zoe", 10).unwrap();
    assert_eq!(zoe.len(), 1);
    assert_eq!(zoe[0].price, Some(Money::from_cents(1999)));
    let intel = store.search_products("intel core", 10).unwrap();
    assert_eq!(intel.len(), 2);

    for hostile in [
        "\"",
        "*",
        "-ryzen",
        "NEAR(",
        "ryzen OR",
        "a\"b",
        "(((",
        "'; DROP TABLE products; --",
    ] {
        assert!(
            store.search_products(hostile, 10).is_ok(),
            "search for {hostile:?} failed"
        );
    }
    assert!(store.search_products("   ", 10).unwrap().is_empty());
    assert_eq!(store.search_products("-ryzen", 10).unwrap().len(), 1);
}

#[test]
fn received_stock_adds_up() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cpu.csv", CPU);
    let mut store = Store::open_in_memory().unwrap();
    import(&mut store, dir.path()).unwrap();
    store.receive_stock(1, 5).unwrap();
    let product = store.receive_stock(1, 2).unwrap();
    assert_eq!(product.stock_on_hand, 7);
    assert!(store.receive_stock(1, 0).is_err());
    assert!(store.receive_stock(999, 1).is_err());
}
