//! Bad input through the `giggatek` binary: each gives one clear sentence
//! on stderr, its own exit code, nothing on stdout, and writes nothing.

#![allow(clippy::unwrap_used, reason = "a test fails loudly on any unexpected error")]

mod support;

use support::{CLERK, MANAGER, Till};

/// Runs `args`, which must fail with `code` and `message`, and checks that
/// the store kept no trace of the attempt.
fn rejected(till: &Till, args: &[&str], code: i32, message: &str) {
    let audit_before = till.audit_count();
    let sales_before = till.sale_count();

    let run = till.run(args);

    assert_eq!(run.code, code, "exit code of {args:?}");
    assert_eq!(run.stderr, format!("giggatek: {message}\n"));
    assert_eq!(run.stdout, "");
    assert_eq!(till.audit_count(), audit_before);
    assert_eq!(till.sale_count(), sales_before);
}

#[test]
fn unknown_barcode() {
    let till = Till::new();
    rejected(
        &till,
        &["sale", "--staff", CLERK, "--item", "4006381333931", "--cash", "10"],
        4,
        "no product has barcode or SKU \"4006381333931\": check the code, or search by name with `giggatek product search`",
    );
}

#[test]
fn amount_with_three_decimals() {
    let till = Till::new();
    let cable = till.sku("USB cable");
    rejected(
        &till,
        &["sale", "--staff", CLERK, "--item", &cable, "--cash", "12.345"],
        3,
        "--cash: \"12.345\" is not an amount: use digits with at most two decimals, like 19.99",
    );
}

#[test]
fn discount_above_price() {
    let till = Till::new();
    let cable = till.sku("USB cable");
    rejected(
        &till,
        &[
            "sale",
            "--staff",
            CLERK,
            "--item",
            &cable,
            "--line-discount",
            "1=5.00",
            "--cash",
            "10",
        ],
        3,
        "--line-discount line 1: a discount of 5.00 is more than the 1.99 it applies to; the largest allowed is 1.99",
    );
}

#[test]
fn discount_on_missing_line() {
    let till = Till::new();
    let cable = till.sku("USB cable");
    rejected(
        &till,
        &[
            "sale",
            "--staff",
            CLERK,
            "--item",
            &cable,
            "--line-discount",
            "2=10%",
            "--cash",
            "10",
        ],
        3,
        "--line-discount: there is no line 2; the cart has 1 lines",
    );
}

#[test]
fn wrong_pin() {
    let till = Till::new();
    let cable = till.sku("USB cable");
    rejected(
        &till,
        &[
            "sale", "--staff", CLERK, "--pin", "0000", "--item", &cable, "--cash", "10",
        ],
        5,
        "wrong staff code or PIN",
    );
}

#[test]
fn override_without_manager() {
    let till = Till::new();
    let cable = till.sku("USB cable");
    rejected(
        &till,
        &[
            "sale",
            "--staff",
            CLERK,
            "--item",
            &cable,
            "--override",
            "1=1.00",
            "--cash",
            "10",
        ],
        6,
        "a manager must approve this: line 1 is charged at a price other than the catalog price",
    );
}

#[test]
fn unpriced_product() {
    let till = Till::new();
    let scanner = till.sku("Old scanner");
    rejected(
        &till,
        &["sale", "--staff", CLERK, "--item", &scanner, "--cash", "10"],
        3,
        &format!("Old scanner ({scanner}) has no price and is not for sale: ask a manager to price it"),
    );
}

#[test]
fn cash_short_of_total() {
    let till = Till::new();
    let keyboard = till.sku("Keyboard");
    rejected(
        &till,
        &["sale", "--staff", CLERK, "--item", &keyboard, "--cash", "10.00"],
        3,
        "4.06 is still due: add a tender",
    );
}

#[test]
fn return_more_than_sold() {
    let till = Till::new();
    let cable = till.sku("USB cable");
    till.ok(&["sale", "--staff", CLERK, "--item", &cable, "--cash", "5"]);
    let run = till.run(&[
        "return",
        "--staff",
        CLERK,
        "--manager",
        MANAGER,
        "--receipt",
        "S01-T01-000001",
        "--line",
        "1=2",
        "--reason",
        "broken",
    ]);
    assert_eq!(run.code, 3);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "giggatek: line 1 (USB cable): cannot return 2: only 1 of this line remain unreturned\n"
    );
    assert_eq!(till.json(&["report"])["activity"]["return_count"], 0);
    assert_eq!(till.json(&["audit", "--limit", "1"])[0]["action"], "sale_completed");
}

#[test]
fn missing_store_is_not_created() {
    let till = Till::empty();
    let run = till.run(&["staff", "list"]);
    assert_eq!(run.code, 4);
    assert_eq!(
        run.stderr,
        format!(
            "giggatek: the store file {} does not exist: check the path, or create it with `giggatek init` or `giggatek demo`\n",
            till.store.display()
        )
    );
    assert!(!till.store.exists());
}

#[test]
fn sale_without_open_shift() {
    let till = Till::new();
    till.ok(&["shift", "close", "--manager", MANAGER, "--cash", "200"]);
    let cable = till.sku("USB cable");
    let run = till.run(&["sale", "--staff", CLERK, "--item", &cable, "--cash", "5"]);
    assert_eq!(run.code, 7);
    assert_eq!(
        run.stderr,
        "giggatek: no shift is open: open a shift with its cash float first\n"
    );
}

#[test]
fn bad_tax_rate_in_init() {
    let till = Till::empty();
    let run = till.run(&[
        "init",
        "--store-code",
        "S01",
        "--terminal-code",
        "T01",
        "--name",
        "X",
        "--tax-rate",
        "8.25.1",
        "--time-zone",
        "America/New_York",
    ]);
    assert_eq!(run.code, 3);
    assert_eq!(
        run.stderr,
        "giggatek: --tax-rate: \"8.25.1\" is not a percentage: use a number like 8.25 with at most four decimals\n"
    );
}
