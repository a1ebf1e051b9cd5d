//! The whole real catalog (25 files, 66,778 rows) imported into a terminal
//! store: counts, valid and unique barcodes, named prices, and a re-import
//! that writes nothing.

#![allow(clippy::unwrap_used, reason = "a test fails loudly on any unexpected error")]

use std::collections::HashSet;
use std::path::PathBuf;

use giggatek_domain::{Ean13, Money};
use giggatek_store::{ImportPhase, Store};

fn catalog_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/data/pc-parts"))
}

fn attributes_of(store: &Store, category: &str, name: &str) -> String {
    store
        .connection()
        .query_row(
            "SELECT attributes FROM products WHERE category = ?1 AND name = ?2 ORDER BY id LIMIT 1",
            [category, name],
            |row| row.get(0),
        )
        .unwrap()
}

fn price_of(store: &Store, category: &str, name: &str) -> Vec<Option<i64>> {
    let mut statement = store
        .connection()
        .prepare("SELECT price_cents FROM products WHERE category = ?1 AND name = ?2 ORDER BY id")
        .unwrap();
    statement
        .query_map([category, name], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn full_catalog_imports_with_exact_counts() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("store.sqlite")).unwrap();
    let mut files_read = HashSet::new();
    let mut files_written = HashSet::new();
    let summary = store
        .import_catalog(&catalog_dir(), &mut |progress| match progress.phase {
            ImportPhase::Reading => {
                files_read.insert(progress.file.clone());
            }
            ImportPhase::Writing => {
                files_written.insert(progress.file.clone());
            }
        })
        .unwrap();

    assert_eq!(summary.files, 25);
    assert_eq!(files_read.len(), 25);
    assert_eq!(files_written, files_read);
    assert!(files_read.contains("video-card.csv"));
    assert_eq!(summary.rows, 66_778);
    assert_eq!(summary.inserted, 66_778);
    assert_eq!(summary.priced, 16_222);
    assert_eq!(summary.unpriced, 50_556);
    assert_eq!(store.product_counts().unwrap(), (66_778, 16_222));

    assert_eq!(price_of(&store, "cpu", "AMD Ryzen 7 9800X3D"), vec![Some(45_150)]);
    assert_eq!(
        price_of(&store, "video-card", "MSI GeForce RTX 3060 Ventus 2X 12G"),
        vec![Some(29_997)]
    );
    assert_eq!(
        price_of(&store, "monitor", "Asus TUF Gaming VG27AQ"),
        vec![Some(24_900)]
    );
    assert_eq!(
        price_of(&store, "case-fan", "Cooler Master MasterFan MF120 Halo² 3in1 3-Pack"),
        vec![Some(5_499)]
    );
    assert_eq!(
        price_of(&store, "cpu-cooler", "Alpenföhn BLACK RIDGE"),
        vec![Some(6_961)]
    );
    assert_eq!(
        price_of(&store, "video-card", "HIS IceQ X² OC"),
        vec![None, None, None, None]
    );

    assert_eq!(
        price_of(&store, "case", "BGears \u{200e}b-BlackWidow-RGB"),
        vec![Some(8_547), None]
    );
    assert_eq!(
        attributes_of(&store, "case", "BGears \u{200e}b-BlackWidow-RGB"),
        r#"{"color":"Black","external_volume":"41.2","internal_35_bays":"2","psu":"","side_panel":"Tinted Tempered Glass","type":"ATX Mid Tower"}"#
    );
    assert_eq!(
        attributes_of(&store, "memory", "Corsair Vengeance RGB 32 GB"),
        r#"{"cas_latency":"36","color":"Black","first_word_latency":"12","modules":"2,16","price_per_gb":"2.968","speed":"5,6000"}"#
    );

    let ryzen = store.search_products("ryzen 9800x3d", 5).unwrap();
    assert_eq!(ryzen[0].name, "AMD Ryzen 7 9800X3D");
    let scanned = store.lookup(&ryzen[0].barcode).unwrap().unwrap();
    assert_eq!(scanned.price, Some(Money::from_cents(45_150)));

    let mut statement = store.connection().prepare("SELECT barcode FROM products").unwrap();
    let barcodes: Vec<String> = statement
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let unique: HashSet<&String> = barcodes.iter().collect();
    assert_eq!(unique.len(), 66_778);
    let invalid: Vec<&String> = barcodes.iter().filter(|code| Ean13::parse(code).is_err()).collect();
    assert!(
        invalid.is_empty(),
        "invalid barcodes: {:?}",
        &invalid[..invalid.len().min(5)]
    );
    drop(statement);

    let last_change = |store: &Store| -> (i64, String) {
        store
            .connection()
            .query_row("SELECT max(change_seq), max(updated_at) FROM products", [], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .unwrap()
    };
    let before = last_change(&store);
    assert_eq!(before.0, 66_778);

    let again = store.import_catalog(&catalog_dir(), &mut |_| {}).unwrap();
    assert_eq!(last_change(&store), before);
    assert_eq!(again.inserted, 0);
    assert_eq!(again.updated, 0);
    assert_eq!(again.unchanged, 66_778);
}
