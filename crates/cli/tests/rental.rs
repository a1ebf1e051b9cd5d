//! `rental` (short-term rentals), `customer ledger` and the initial payment
//! of `contract create`, run through the built binary on a real store
//! file. The store's clock is the system clock here, so the exact FC-style
//! dates are checked in the store's tests; these check amounts and states.

#![allow(clippy::unwrap_used, reason = "a test fails loudly on any unexpected error")]

mod support;

use std::process::Command;

use giggatek_store::Store;
use support::{CLERK, MANAGER, Till};

/// A store with one customer and a carpet cleaner unit, CC-1.
fn cleaner_till() -> Till {
    let till = Till::new();
    till.ok(&[
        "customer",
        "add",
        "--staff",
        CLERK,
        "--name",
        "Zoë Ångström",
        "--address",
        "2 Main St",
        "--phone",
        "212-555-0102",
        "--id-document",
        "DL 42",
    ]);
    till.ok(&[
        "unit",
        "add",
        "--manager",
        MANAGER,
        "--serial",
        "CC-1",
        "--description",
        "Carpet cleaner",
        "--condition",
        "used",
        "--cost",
        "250.00",
    ]);
    till
}

fn rent_out(till: &Till) -> serde_json::Value {
    till.json(&[
        "rental",
        "out",
        "--staff",
        CLERK,
        "--customer",
        "1",
        "--serial",
        "CC-1",
        "--due",
        "2099-12-31",
        "--late-fee",
        "35.00",
    ])
}

/// Returns `contract create` for ten weekly payments of 40.00 on CC-1,
/// followed by `extra`.
fn contract_create<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "contract",
        "create",
        "--manager",
        MANAGER,
        "--customer",
        "1",
        "--serial",
        "CC-1",
        "--term",
        "weekly",
        "--payments",
        "10",
        "--cash-price",
        "300.00",
        "--payment",
        "40.00",
    ];
    args.extend_from_slice(extra);
    args
}

fn pdf_text(path: &std::path::Path) -> String {
    let output = Command::new("pdftotext").arg(path).arg("-").output().unwrap();
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn rental_out_and_on_time_return() {
    let till = cleaner_till();
    let rental = rent_out(&till);
    assert_eq!(rental["rental_number"], "S01-T01-S000001");
    assert_eq!(rental["status"], "out");
    assert_eq!(rental["late_fee_per_day"], 3500);
    assert_eq!(rental["unit"]["status"], "on_rent");
    let pdf = till.dir.path().join("return.pdf");
    let done = till.json(&[
        "rental",
        "return",
        "S01-T01-S000001",
        "--staff",
        CLERK,
        "--condition",
        "used",
        "--pdf",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(done["late_fee"]["days_late"], 0);
    assert_eq!(done["late_fee"]["total"], 0);
    assert_eq!(done["receipt"]["total"], 0);
    assert_eq!(done["rental"]["status"], "returned");
    assert_eq!(done["rental"]["unit"]["status"], "in_stock");
    let text = pdf_text(&pdf);
    assert!(text.contains("Zoë Ångström"), "{text}");
    assert!(text.contains("Rental return"), "{text}");
}

#[test]
fn late_return_charges_whole_days() {
    let till = cleaner_till();
    rent_out(&till);
    Store::open(&till.store)
        .unwrap()
        .connection()
        .execute("UPDATE short_term_rentals SET due_date = '2026-01-01'", [])
        .unwrap();
    let quoted = till.json(&["rental", "show", "S01-T01-S000001"]);
    let days = quoted["late_fee"]["days_late"].as_i64().unwrap();
    assert!(days >= 1, "{quoted}");
    assert_eq!(quoted["late_fee"]["total"].as_i64().unwrap(), days * 3500);

    let without_tender = till.run(&[
        "rental",
        "return",
        "S01-T01-S000001",
        "--staff",
        CLERK,
        "--condition",
        "used",
    ]);
    assert_eq!(without_tender.code, 3, "{}", without_tender.stderr);
    assert!(
        without_tender.stderr.contains("add a cash or card tender"),
        "{}",
        without_tender.stderr
    );

    let fee = format!("{}.00", days * 35);
    let printed = till.ok(&[
        "rental",
        "return",
        "S01-T01-S000001",
        "--staff",
        CLERK,
        "--condition",
        "used",
        "--cash",
        &fee,
        "--format",
        "text80",
    ]);
    assert!(printed.stdout.contains("at 35.00 per day"), "{}", printed.stdout);
    let ledger = till.json(&["customer", "ledger", "1"]);
    assert_eq!(ledger[0]["kind"], "late_return_fee");
    assert_eq!(ledger[0]["amount"].as_i64().unwrap(), days * 3500);
    assert_eq!(ledger[0]["rate_per_day"], 3500);
    assert_eq!(ledger[0]["days"].as_i64().unwrap(), days);
}

#[test]
fn contract_create_takes_initial_payment() {
    let till = cleaner_till();
    let contract = till.json(&contract_create(&[
        "--delivery-fee",
        "25.00",
        "--damage-waiver",
        "10.00",
        "--deposit",
        "50.00",
        "--card",
        "60.00:A1B2C3:4242",
        "--cash",
        "30.00",
    ]));
    assert_eq!(contract["status"], "active");
    assert_eq!(contract["initial_payment"]["total"], 8500);
    assert_eq!(contract["initial_payment"]["change"], 500);
    assert_eq!(contract["initial_payment"]["receipt_number"], "S01-T01-000001");
    assert_eq!(contract["ledger"]["rent_paid"], 0);
    let pdf = till.dir.path().join("initial.pdf");
    let text = till
        .ok(&["contract", "receipt", "S01-T01-000001", "--pdf", pdf.to_str().unwrap()])
        .stdout;
    assert!(
        text.lines().any(|line| line == "TOTAL                      85.00"),
        "{text}"
    );
    assert!(pdf_text(&pdf).contains("Security deposit"));
    let ledger = till.json(&["customer", "ledger", "1"]);
    let kinds: Vec<&str> = ledger
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["delivery_fee", "damage_waiver", "deposit"]);
}

#[test]
fn contract_without_initial_tender_exits_3() {
    let till = cleaner_till();
    let run = till.run(&contract_create(&["--deposit", "50.00"]));
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_eq!(
        run.stderr.trim(),
        "giggatek: the initial payment of 50.00 is due at signing: add a cash or card tender"
    );
    let unit = till.json(&["unit", "show", "CC-1"]);
    assert_eq!(unit["unit"]["status"], "in_stock");
}
