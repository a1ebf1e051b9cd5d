//! Finding imported products: scans by barcode or SKU, name search with
//! hostile input, and received stock.

#![allow(clippy::unwrap_used, reason = "a test fails loudly on any unexpected error")]

use std::fs;

use giggatek_domain::{Cart, Money};
use giggatek_store::{ErrorKind, Store};

const CPU: &str = "name,price,core_count,graphics\n\
AMD Ryzen 7 9800X3D,451.5,8,Radeon\n\
Intel Core i5-12400F,,6,\n\
Intel Core i5-12400F,,6,\n\
\"Halo² Edition, \u{200e}Zoë\",19.99,2,\"1,2050\"\n\
Intel Core i5-12400,169.00,6,UHD 730\n\
AMD Ryzen 5 7600 \"NEAR\" (boxed),199.00,6,Radeon\n";

/// Opens a store holding the six products of [`CPU`], ids 1 to 6.
fn catalog_store() -> Store {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("cpu.csv"), CPU).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    store.import_catalog(dir.path(), &mut |_| {}).unwrap();
    store
}

fn search_ids(store: &Store, query: &str) -> Vec<i64> {
    store
        .search_products(query, 10)
        .unwrap()
        .into_iter()
        .map(|product| product.id)
        .collect()
}

#[test]
fn lookup_finds_barcode() {
    let store = catalog_store();
    let product = store.lookup(" 2000000000015\n").unwrap().unwrap();
    assert_eq!(product.id, 1);
    assert_eq!(product.name, "AMD Ryzen 7 9800X3D");
    assert_eq!(product.category, "cpu");
    assert_eq!(product.price, Some(Money::from_cents(45_150)));
    assert_eq!(product.stock_on_hand, 0);
    assert!(product.taxable);
}

#[test]
fn lookup_finds_sku_any_case() {
    let store = catalog_store();
    let product = store.lookup("gg0000004").unwrap().unwrap();
    assert_eq!(product.id, 4);
    assert_eq!(product.price, Some(Money::from_cents(1999)));
    assert_eq!(store.lookup("GG0000002").unwrap().map(|p| p.id), Some(2));
}

#[test]
fn lookup_misses_return_none() {
    let store = catalog_store();
    assert_eq!(store.lookup("9999999999994").unwrap(), None);
    assert_eq!(store.lookup("200000000001").unwrap(), None);
    assert_eq!(store.lookup("").unwrap(), None);
    assert_eq!(store.lookup("  \t").unwrap(), None);
    assert_eq!(store.lookup("' OR 1=1 --").unwrap(), None);
}

#[test]
fn find_by_barcode_and_sku_are_exact() {
    let store = catalog_store();
    assert_eq!(store.find_by_barcode("2000000000022").unwrap().map(|p| p.id), Some(2));
    assert_eq!(store.find_by_barcode("200000000002").unwrap(), None);
    assert_eq!(store.find_by_sku("GG000000").unwrap(), None);
    assert_eq!(store.find_by_sku("GG0000006").unwrap().map(|p| p.id), Some(6));
}

#[test]
fn product_by_id() {
    let store = catalog_store();
    assert_eq!(store.product(5).unwrap().name, "Intel Core i5-12400");
    let missing = store.product(99).unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::NotFound);
    assert_eq!(missing.to_string(), "product 99 is not in the catalog");
}

#[test]
fn cart_item_from_scan() {
    let store = catalog_store();
    let product = store.lookup("2000000000015").unwrap().unwrap();
    let item = product.cart_item().unwrap();
    assert_eq!(item.product_id, 1);
    assert_eq!(item.sku, "GG0000001");
    assert_eq!(item.barcode, "2000000000015");
    assert_eq!(item.unit_price, Money::from_cents(45_150));
    let mut cart = Cart::new();
    cart.add(item, 2).unwrap();
    assert_eq!(cart.lines().len(), 1);
}

#[test]
fn cart_item_rejects_unpriced() {
    let store = catalog_store();
    let product = store.lookup("GG0000002").unwrap().unwrap();
    let error = product.cart_item().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Invalid);
    assert_eq!(
        error.to_string(),
        "Intel Core i5-12400F (GG0000002) has no price and is not for sale: ask a manager to price it"
    );
}

#[test]
fn search_matches_word_prefixes() {
    let store = catalog_store();
    assert_eq!(search_ids(&store, "ryz"), vec![1, 6]);
    assert_eq!(search_ids(&store, "ryzen 98"), vec![1]);
    assert_eq!(search_ids(&store, "RYZEN 7 9800x3d"), vec![1]);
    assert_eq!(search_ids(&store, "zoe"), vec![4]);
    assert_eq!(search_ids(&store, "halo²"), vec![4]);
    assert_eq!(search_ids(&store, "gg0000004"), vec![4]);
    assert_eq!(search_ids(&store, "gg000000").len(), 6);
    assert!(search_ids(&store, "radeon").is_empty());
}

#[test]
fn search_puts_for_sale_first() {
    let store = catalog_store();
    let intel = store.search_products("intel core", 10).unwrap();
    let ids: Vec<i64> = intel.iter().map(|p| p.id).collect();
    assert_eq!(ids, vec![5, 2, 3]);
    assert_eq!(intel[0].price, Some(Money::from_cents(16_900)));
    assert_eq!(intel[1].price, None);
}

#[test]
fn search_respects_limit() {
    let store = catalog_store();
    assert_eq!(store.search_products("intel", 2).unwrap().len(), 2);
    assert!(store.search_products("intel", 0).unwrap().is_empty());
}

#[test]
fn search_treats_syntax_as_text() {
    let store = catalog_store();
    assert_eq!(search_ids(&store, "\"ryzen\""), vec![1, 6]);
    assert_eq!(search_ids(&store, "-ryzen"), vec![1, 6]);
    assert_eq!(search_ids(&store, "ryzen*"), vec![1, 6]);
    assert_eq!(search_ids(&store, "NEAR("), vec![6]);
    assert_eq!(search_ids(&store, "(boxed)"), vec![6]);
    assert_eq!(search_ids(&store, "ryzen OR intel"), Vec::<i64>::new());
    assert_eq!(search_ids(&store, "ryzen AND"), Vec::<i64>::new());
    assert_eq!(search_ids(&store, "name:ryzen"), Vec::<i64>::new());
    assert_eq!(search_ids(&store, "^ryzen"), vec![1, 6]);
}

#[test]
fn search_survives_hostile_input() {
    let store = catalog_store();
    let long = "x".repeat(10_000);
    let hostile = [
        "\"",
        "*",
        "-",
        "NEAR(",
        "NEAR",
        "AND",
        "OR",
        "NOT",
        "a\"b",
        "(((",
        ")",
        "{",
        ":",
        "^",
        "+",
        "'; DROP TABLE products; --",
        "\u{0}",
        "ryzen\u{0}",
        "\u{0345}",
        "\u{200e}",
        "\u{fffd}",
        "🙂",
        &long,
    ];
    for query in hostile {
        let result = store.search_products(query, 10);
        assert!(result.is_ok(), "search for {query:?} failed: {result:?}");
    }
    assert_eq!(store.product(1).unwrap().name, "AMD Ryzen 7 9800X3D");
}

#[test]
fn search_empty_query_is_empty() {
    let store = catalog_store();
    assert!(store.search_products("", 10).unwrap().is_empty());
    assert!(store.search_products("   ", 10).unwrap().is_empty());
    assert!(store.search_products("- * (", 10).unwrap().is_empty());
}

#[test]
fn received_stock_adds_up() {
    let mut store = catalog_store();
    store.receive_stock(1, 5).unwrap();
    let product = store.receive_stock(1, 2).unwrap();
    assert_eq!(product.stock_on_hand, 7);
    let movements: Vec<(i64, String)> = {
        let mut statement = store
            .connection()
            .prepare("SELECT delta, reason FROM stock_movements WHERE product_id = 1 ORDER BY id")
            .unwrap();
        statement
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(
        movements,
        vec![(5, "receiving".to_string()), (2, "receiving".to_string())]
    );
}

#[test]
fn received_stock_rejects_bad_input() {
    let mut store = catalog_store();
    let zero = store.receive_stock(1, 0).unwrap_err();
    assert_eq!(zero.kind(), ErrorKind::Invalid);
    let missing = store.receive_stock(999, 1).unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::NotFound);
    let count: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM stock_movements", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 0);
    assert_eq!(store.product(1).unwrap().stock_on_hand, 0);
}
