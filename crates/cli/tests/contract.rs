//! `customer`, `unit` and `contract` run through the built binary on a real
//! store file. The store's clock is the system clock here, so these tests
//! check amounts and states, and the dates are checked in the store's tests.

#![allow(clippy::unwrap_used, reason = "a test fails loudly on any unexpected error")]

mod support;

use std::process::Command;

use support::{CLERK, MANAGER, Till};

/// A store with one customer, co-signer and sofa unit.
fn rental_till() -> Till {
    let till = Till::new();
    till.ok(&[
        "customer",
        "add",
        "--staff",
        CLERK,
        "--name",
        "山田 花子 (Hanako Yamada)",
        "--address",
        "1 Main St",
        "--address",
        "New York, NY 10118",
        "--phone",
        "212-555-0101",
        "--id-document",
        "Passport TK1234567",
    ]);
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
        "sn-sofa-1",
        "--description",
        "Sofá Ñandú 3-plazas",
        "--condition",
        "new",
        "--cost",
        "600.00",
    ]);
    till
}

fn create(till: &Till, payments: &str, cash_price: &str, amount_option: &str, amount: &str) -> serde_json::Value {
    till.json(&[
        "contract",
        "create",
        "--manager",
        MANAGER,
        "--customer",
        "1",
        "--co-signer",
        "2",
        "--serial",
        "SN-SOFA-1",
        "--term",
        "monthly",
        "--payments",
        payments,
        "--cash-price",
        cash_price,
        amount_option,
        amount,
        "--deposit",
        "120.00",
        "--cash",
        "150.00",
    ])
}

#[test]
fn contract_schedule_in_cents() {
    let till = rental_till();
    let contract = create(&till, "3", "800.00", "--total", "1000.00");
    let amounts: Vec<i64> = contract["disclosures"]["schedule"]
        .as_array()
        .unwrap()
        .iter()
        .map(|installment| installment["amount"].as_i64().unwrap())
        .collect();
    assert_eq!(amounts, [33_334, 33_333, 33_333]);
    assert_eq!(contract["contract_number"], "S01-T01-R000001");
    assert_eq!(contract["status"], "active");
    assert_eq!(contract["disclosures"]["cost_of_lease_services"], 20_000);
    assert_eq!(contract["disclosures"]["initial_payment"], 12_000);
    assert_eq!(contract["unit"]["status"], "on_rent");
}

#[test]
fn contract_payment_prints_receipt() {
    let till = rental_till();
    create(&till, "52", "1200.00", "--payment", "45.00");
    let paid = till.json(&[
        "contract",
        "pay",
        "S01-T01-R000001",
        "--staff",
        CLERK,
        "--amount",
        "45.00",
        "--cash",
        "50.00",
    ]);
    // Receipt 000001 is the deposit taken at signing.
    assert_eq!(paid["receipt_number"], "S01-T01-000002");
    assert_eq!(paid["split"]["rent"], 4500);
    assert_eq!(paid["receipt"]["change"], 500);
    assert_eq!(paid["receipt"]["remaining_to_own"], 229_500);
    assert_eq!(paid["receipt"]["buyout_price"], 117_692);
    let text = till
        .ok(&["contract", "receipt", "S01-T01-000002", "--format", "text58"])
        .stdout;
    assert!(
        text.lines().any(|line| line == "Customer           Hanako Yamada"),
        "{text}"
    );
    assert!(
        text.lines().any(|line| line == "Buyout price today      1,176.92"),
        "{text}"
    );
}

#[test]
fn contract_buyout_and_unit_sold() {
    let till = rental_till();
    create(&till, "52", "1200.00", "--payment", "45.00");
    let quote = till.json(&["contract", "buyout", "S01-T01-R000001"]);
    assert_eq!(quote["total"], 120_000);
    let bought = till.json(&[
        "contract",
        "buyout",
        "S01-T01-R000001",
        "--pay",
        "--staff",
        CLERK,
        "--card",
        "1200.00:A1B2C3:4242",
    ]);
    assert_eq!(bought["status"], "bought_out");
    let unit = till.json(&["unit", "show", "SN-SOFA-1"]);
    assert_eq!(unit["unit"]["status"], "sold");
    assert_eq!(unit["history"].as_array().unwrap().len(), 3);
}

#[test]
fn contract_return_and_reinstate() {
    let till = rental_till();
    create(&till, "12", "300.00", "--payment", "40.00");
    let returned = till.json(&[
        "contract",
        "return",
        "S01-T01-R000001",
        "--manager",
        MANAGER,
        "--condition",
        "used",
        "--note",
        "Customer moved",
    ]);
    assert_eq!(returned["status"], "returned");
    assert_eq!(returned["unit"]["status"], "in_stock");
    assert_eq!(returned["unit"]["condition"], "used");
    let active = till.json(&["contract", "reinstate", "S01-T01-R000001", "--manager", MANAGER]);
    assert_eq!(active["status"], "active");
    assert_eq!(active["unit"]["status"], "on_rent");
}

#[test]
fn contract_overpayment_exits_3() {
    let till = rental_till();
    create(&till, "2", "80.00", "--total", "90.00");
    let run = till.run(&[
        "contract",
        "pay",
        "S01-T01-R000001",
        "--staff",
        CLERK,
        "--amount",
        "90.01",
        "--cash",
        "100.00",
    ]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_eq!(
        run.stderr.trim(),
        "giggatek: the payment of 90.01 is more than the 90.00 still owed: take at most 90.00"
    );
}

#[test]
fn contract_by_clerk_exits_6() {
    let till = rental_till();
    let run = till.run(&[
        "contract",
        "create",
        "--manager",
        CLERK,
        "--manager-pin",
        support::CLERK_PIN,
        "--customer",
        "1",
        "--serial",
        "SN-SOFA-1",
        "--term",
        "weekly",
        "--payments",
        "4",
        "--cash-price",
        "100.00",
        "--payment",
        "30.00",
    ]);
    assert_eq!(run.code, 6, "{}", run.stderr);
}

#[test]
fn contract_above_price_cap_exits_3() {
    let till = rental_till();
    let run = till.run(&[
        "contract",
        "create",
        "--manager",
        MANAGER,
        "--customer",
        "1",
        "--serial",
        "SN-SOFA-1",
        "--term",
        "weekly",
        "--payments",
        "52",
        "--cash-price",
        "100.00",
        "--payment",
        "45.00",
    ]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(run.stderr.contains("cap of 240 %"), "{}", run.stderr);
}

#[test]
fn customer_edit_stale_version_exits_7() {
    let till = rental_till();
    till.ok(&[
        "customer",
        "edit",
        "2",
        "--staff",
        CLERK,
        "--version",
        "1",
        "--phone",
        "212-555-0199",
    ]);
    let stale = till.run(&[
        "customer",
        "edit",
        "2",
        "--staff",
        CLERK,
        "--version",
        "1",
        "--phone",
        "212-555-0100",
    ]);
    assert_eq!(stale.code, 7, "{}", stale.stderr);
    let found = till.json(&["customer", "search", "0199"]);
    assert_eq!(found[0]["full_name"], "Zoë Ångström");
    assert_eq!(found[0]["version"], 2);
}

#[test]
fn agreement_pdf_names_exact() {
    let till = rental_till();
    create(&till, "12", "300.00", "--payment", "40.00");
    let out = till.dir.path().join("agreement.pdf");
    till.ok(&[
        "contract",
        "agreement",
        "S01-T01-R000001",
        "--out",
        out.to_str().unwrap(),
    ]);
    let output = Command::new("pdftotext").arg(&out).arg("-").output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.lines().any(|line| line == "山田 花子 (Hanako Yamada)"), "{text}");
    assert!(text.lines().any(|line| line == "Zoë Ångström"), "{text}");
    assert!(text.lines().any(|line| line == "Sofá Ñandú 3-plazas"), "{text}");
}
