//! Catalog files the import rejects: each error names the file and the
//! line, and the store keeps exactly what it had.

#![allow(clippy::unwrap_used, reason = "a test fails loudly on any unexpected error")]

use std::fs;
use std::path::Path;

use giggatek_store::{ImportError, ImportSummary, Store};

fn write(dir: &Path, file: &str, text: &[u8]) {
    fs::write(dir.join(file), text).unwrap();
}

fn import(store: &mut Store, dir: &Path) -> Result<ImportSummary, ImportError> {
    store.import_catalog(dir, &mut |_| {})
}

fn prices(store: &Store) -> Vec<(String, Option<i64>)> {
    let mut statement = store
        .connection()
        .prepare("SELECT name, price_cents FROM products ORDER BY id")
        .unwrap();
    statement
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Imports a good file, then imports it again with a new price and a new
/// row next to the file `bad`. Returns the second import's error message
/// and the store.
fn reject(bad: &[u8]) -> (String, Store) {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a-ok.csv", b"name,price\nKept,2.00\n");
    let mut store = Store::open_in_memory().unwrap();
    import(&mut store, dir.path()).unwrap();
    write(dir.path(), "cpu.csv", bad);
    write(dir.path(), "a-ok.csv", b"name,price\nKept,3.00\nAdded,4.00\n");
    let error = import(&mut store, dir.path()).unwrap_err().to_string();
    (error, store)
}

#[test]
fn bad_files_name_file_and_line() {
    let cases: [(&[u8], &str); 12] = [
        (
            b"name,price,x\nGood,1.00,a\nBad,-3,b\n",
            "cpu.csv line 3: price: -3 is negative: amounts here must be zero or more",
        ),
        (
            b"name,price,x\nGood,1.00,a\nBad,12.345,b\n",
            "cpu.csv line 3: price: \"12.345\" is not an amount: use digits with at most two decimals, like 19.99",
        ),
        (
            b"name,price,x\nBad,abc,b\n",
            "cpu.csv line 2: price: \"abc\" is not an amount: use digits with at most two decimals, like 19.99",
        ),
        (
            b"name,price,x\nBad,1e3,b\n",
            "cpu.csv line 2: price: \"1e3\" is not an amount: use digits with at most two decimals, like 19.99",
        ),
        (
            b"name,price,x\n  ,1.00,b\n",
            "cpu.csv line 2: the name is empty: every product needs a name",
        ),
        (
            b"name,price,x\n,,b\n",
            "cpu.csv line 2: the name is empty: every product needs a name",
        ),
        (
            b"name,price,x\nGood,1.00,a\nShort,1.00\n",
            "cpu.csv line 3: 2 fields where the header has 3: check the quoting of fields with commas",
        ),
        (
            b"name,price,x\nLong,1.00,a,\"5,6000\"\n",
            "cpu.csv line 2: 4 fields where the header has 3: check the quoting of fields with commas",
        ),
        (
            b"name,price,x\n\"Two\nlines\",1.00,a\nBad,x,b\n",
            "cpu.csv line 4: price: \"x\" is not an amount: use digits with at most two decimals, like 19.99",
        ),
        (
            b"title,price\nGood,1.00\n",
            "cpu.csv line 1: the header needs a \"name\" and a \"price\" column",
        ),
        (
            b"name,cost\nGood,1.00\n",
            "cpu.csv line 1: the header needs a \"name\" and a \"price\" column",
        ),
        (
            b"name,price,x,x\nGood,1.00,a,b\n",
            "cpu.csv line 1: the header has two \"x\" columns: give every column its own name",
        ),
    ];
    for (text, expected) in cases {
        let (error, store) = reject(text);
        assert_eq!(error, expected);
        assert_eq!(prices(&store), vec![("Kept".to_string(), Some(200))], "{expected}");
    }
}

#[test]
fn invalid_utf8_row_is_rejected() {
    let (error, store) = reject(b"name,price\nOk,1.00\nBad \xff name,2.00\n");
    assert_eq!(
        error,
        "cpu.csv line 3: the row is not valid UTF-8 text: save the file as UTF-8"
    );
    assert_eq!(prices(&store), vec![("Kept".to_string(), Some(200))]);
}

#[test]
fn invalid_utf8_header_is_rejected() {
    let (error, store) = reject(b"name,price,gr\xf6\xdfe\nOk,1.00,L\n");
    assert_eq!(
        error,
        "cpu.csv line 1: the header is not valid UTF-8 text: save the file as UTF-8"
    );
    assert_eq!(prices(&store), vec![("Kept".to_string(), Some(200))]);
}

#[test]
fn folder_without_csv_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let error = import(&mut store, dir.path()).unwrap_err().to_string();
    let expected = format!(
        "{}: no .csv files found: give the folder that holds the catalog files",
        dir.path().display()
    );
    assert_eq!(error, expected);
}

#[test]
fn missing_folder_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing");
    let mut store = Store::open_in_memory().unwrap();
    let error = import(&mut store, &missing).unwrap_err().to_string();
    let prefix = format!("{}: cannot read the folder: ", missing.display());
    assert!(error.starts_with(&prefix), "{error}");
}
