//! `demo`, `staff`, `product` and `stock` through the `giggatek` binary.

#![allow(clippy::unwrap_used, reason = "a test fails loudly on any unexpected error")]

mod support;

use support::Till;

/// Writes a two-file catalog: 3 CPUs (2 priced) and 1 priced memory kit.
fn write_catalog(till: &Till) -> String {
    let catalog = till.dir.path().join("demo-catalog");
    std::fs::create_dir(&catalog).unwrap();
    std::fs::write(
        catalog.join("cpu.csv"),
        "name,price,core_count\nRyzen 5 7600,199.99,6\nCore i9-9900K,,8\nRyzen 7 7700,293.97,8\n",
    )
    .unwrap();
    std::fs::write(catalog.join("memory.csv"), "name,price\nDDR5 16 GB kit,54.99\n").unwrap();
    catalog.to_str().unwrap().to_string()
}

#[test]
fn demo_sets_up_store() {
    let till = Till::empty();
    let catalog = write_catalog(&till);

    let demo = till.json(&["demo", "--catalog", &catalog]);

    assert_eq!(demo["settings"]["store_code"], "S01");
    assert_eq!(demo["settings"]["tax"]["rate"], 82_500);
    assert_eq!(demo["settings"]["tax"]["rounding"], "per_line");
    assert_eq!(demo["settings"]["time_zone"], "America/New_York");
    assert_eq!(demo["clerk"]["code"], "1001");
    assert_eq!(demo["clerk"]["pin"], "1234");
    assert_eq!(demo["manager"]["code"], "9001");
    assert_eq!(demo["manager"]["pin"], "9876");
    assert_eq!(demo["catalog"]["rows"], 4);
    assert_eq!(demo["catalog"]["priced"], 3);
    assert_eq!(demo["stocked_products"], 3);
    let staff = till.json(&["staff", "list"]);
    assert_eq!(staff[0]["code"], "1001");
    assert_eq!(staff[0]["role"], "clerk");
    assert_eq!(staff[1]["code"], "9001");
    assert_eq!(staff[1]["role"], "manager");
    let kit = till.json(&["product", "search", "DDR5"]);
    assert_eq!(kit[0]["stock_on_hand"], 10);
    let unpriced = till.json(&["product", "search", "9900K"]);
    assert_eq!(unpriced[0]["stock_on_hand"], 0);
}

#[test]
fn demo_twice_is_conflict() {
    let till = Till::empty();
    let catalog = write_catalog(&till);
    till.ok(&["demo", "--catalog", &catalog]);
    let audit_before = till.json(&["audit", "--limit", "1000"]).as_array().unwrap().len();

    let run = till.run(&["demo", "--catalog", &catalog]);

    assert_eq!(run.code, 7);
    assert_eq!(
        run.stderr,
        format!(
            "giggatek: the store {} is already set up: pass a new file name for the demo store\n",
            till.store.display()
        )
    );
    let audit_after = till.json(&["audit", "--limit", "1000"]).as_array().unwrap().len();
    assert_eq!(audit_after, audit_before);
}

#[test]
fn product_find_by_barcode_and_sku() {
    let till = Till::new();
    let sku = till.sku("Keyboard");
    let by_sku = till.json(&["product", "find", &sku]);
    let barcode = by_sku["barcode"].as_str().unwrap().to_string();

    let by_barcode = till.json(&["product", "find", &barcode]);

    assert_eq!(by_barcode, by_sku);
    assert_eq!(by_barcode["name"], "Keyboard");
    assert_eq!(by_barcode["price"], 1299);
    assert_eq!(by_barcode["category"], "accessories");
    assert_eq!(barcode.len(), 13);
}

#[test]
fn stock_receive_adds_units() {
    let till = Till::new();
    let sku = till.sku("Mouse");

    let product = till.json(&["stock", "receive", &sku, "--quantity", "7"]);

    assert_eq!(product["stock_on_hand"], 7);
    let again = till.json(&["stock", "receive", &sku, "--quantity", "3"]);
    assert_eq!(again["stock_on_hand"], 10);
}

#[test]
fn import_bad_row_keeps_catalog() {
    let till = Till::new();
    let bad = till.dir.path().join("bad-catalog");
    std::fs::create_dir(&bad).unwrap();
    std::fs::write(bad.join("cables.csv"), "name,price\nHDMI cable,12.345\n").unwrap();

    let run = till.run(&["import-catalog", bad.to_str().unwrap()]);

    assert_eq!(run.code, 3);
    assert_eq!(
        run.stderr,
        "giggatek: cables.csv line 2: price: \"12.345\" is not an amount: use digits with at most two decimals, \
         like 19.99; nothing was imported\n"
    );
    let hdmi = till.json(&["product", "search", "HDMI"]);
    assert_eq!(hdmi.as_array().unwrap().len(), 0);
}
