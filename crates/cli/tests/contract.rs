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

#[test]
fn buyout_tenders_without_pay_exits_2() {
    let till = rental_till();
    create(&till, "52", "1200.00", "--payment", "45.00");
    let run = till.run(&[
        "contract",
        "buyout",
        "S01-T01-R000001",
        "--staff",
        CLERK,
        "--cash",
        "2000.00",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr.trim(),
        "giggatek: --pay is missing: the payment options given (--staff, --cash) need it. \
         Add --pay to pay the buyout, or leave them out to get a quote"
    );
    let contract = till.json(&["contract", "show", "S01-T01-R000001"]);
    assert_eq!(contract["status"], "active");
    assert_eq!(contract["buyout"]["total"], 120_000);
}

#[test]
fn bought_out_show_owes_nothing() {
    let till = rental_till();
    create(&till, "52", "1200.00", "--payment", "45.00");
    till.ok(&[
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
    till.ok(&[
        "contract",
        "buyout",
        "S01-T01-R000001",
        "--pay",
        "--staff",
        CLERK,
        "--cash",
        "1200.00",
    ]);
    let text = till.ok(&["contract", "show", "S01-T01-R000001"]).stdout;
    assert!(text.contains("(bought out)"), "{text}");
    assert!(text.contains("still needed to own 0.00\n"), "{text}");
    assert!(text.trim_end().ends_with("Buyout price today 0.00"), "{text}");
    let quote = till.json(&["contract", "buyout", "S01-T01-R000001"]);
    assert_eq!(quote["total"], 0);
}

#[test]
fn pay_client_id_reused_exits_7() {
    let till = rental_till();
    create(&till, "52", "1200.00", "--payment", "45.00");
    let id = "0b9f5c3e-8d6a-4f55-9a51-2f1c7e0d4b21";
    let pay = |amount: &str| {
        till.run(&[
            "--json",
            "contract",
            "pay",
            "S01-T01-R000001",
            "--staff",
            CLERK,
            "--amount",
            amount,
            "--cash",
            amount,
            "--client-id",
            id,
        ])
    };
    let first = pay("40.00");
    assert_eq!(first.code, 0, "{}", first.stderr);
    let replay = pay("40.00");
    assert_eq!(replay.code, 0, "{}", replay.stderr);
    assert_eq!(replay.json()["replayed"], true);
    let other = pay("80.00");
    assert_eq!(other.code, 7, "{}", other.stderr);
    assert!(other.stderr.contains("make a new client id"), "{}", other.stderr);
    let contract = till.json(&["contract", "show", "S01-T01-R000001"]);
    assert_eq!(contract["ledger"]["rent_paid"], 4000);
}

#[test]
fn preview_checks_customer_and_unit() {
    let till = rental_till();
    let preview = |customer: &str| {
        till.run(&[
            "contract",
            "preview",
            "--customer",
            customer,
            "--serial",
            "SN-SOFA-1",
            "--term",
            "semi-monthly",
            "--payments",
            "6",
            "--cash-price",
            "600.00",
            "--payment",
            "100.00",
        ])
    };
    let unknown = preview("999");
    assert_eq!(unknown.code, 4, "{}", unknown.stderr);
    assert!(unknown.stdout.is_empty(), "{}", unknown.stdout);
    assert_eq!(preview("1").code, 0);

    create(&till, "3", "800.00", "--total", "1000.00");
    let on_rent = preview("1");
    assert_eq!(on_rent.code, 7, "{}", on_rent.stderr);
    assert_eq!(
        on_rent.stderr.trim(),
        "giggatek: unit SN-SOFA-1 is on rent, not in stock: scan another unit"
    );
    let unit = till.ok(&["unit", "show", "SN-SOFA-1"]).stdout;
    assert!(unit.contains("Status on rent, condition new"), "{unit}");
    assert!(unit.contains("in stock -> on rent"), "{unit}");
}

#[test]
fn customer_without_email_omits_it() {
    let till = Till::new();
    let text = till
        .ok(&[
            "customer",
            "add",
            "--staff",
            CLERK,
            "--name",
            "Ana Ruiz",
            "--address",
            "1 Main St",
            "--phone",
            "212-555-0101",
            "--id-document",
            "DL 42",
        ])
        .stdout;
    assert!(!text.contains("Email"), "{text}");
    assert!(text.contains("Phone 212-555-0101\nID DL 42"), "{text}");
}
