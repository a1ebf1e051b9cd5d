//! Rules that keep a store's settings, staff and cash safe from a mistyped
//! or reused command.

#![allow(clippy::unwrap_used, reason = "a test fails loudly on any unexpected error")]

mod support;

use support::{CLERK, MANAGER, Till};

const INIT: &[&str] = &[
    "init",
    "--store-code",
    "ZZ",
    "--terminal-code",
    "T9",
    "--name",
    "Other Store",
    "--tax-rate",
    "10",
    "--tax-rounding",
    "per-invoice",
    "--cash-rounding",
    "nickel",
    "--time-zone",
    "Europe/Berlin",
];

#[test]
fn init_on_set_up_store_is_conflict() {
    let till = Till::new();
    let run = till.run(INIT);
    assert_eq!(run.code, 7, "{}", run.stderr);
    assert!(run.stderr.contains("is already set up"), "{}", run.stderr);
    let settings = till.json(&["report"]);
    assert_eq!(settings["activity"]["sale_count"], 0);
    let cable = till.sku("USB cable");
    let sale = till.json(&["sale", "--staff", CLERK, "--item", &cable, "--cash", "5.00"]);
    assert_eq!(sale["receipt_number"], "S01-T01-000001");
}

#[test]
fn failed_init_leaves_no_store_file() {
    let till = Till::empty();
    let mut args = INIT.to_vec();
    let zone = args.len() - 1;
    args[zone] = "Mars/Olympus_Mons";
    let run = till.run(&args);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(!till.store.exists());
    let run = till.run(&["staff", "list"]);
    assert_eq!(run.code, 4, "{}", run.stderr);
}

#[test]
fn staff_add_needs_manager() {
    let till = Till::new();
    let add = [
        "staff",
        "add",
        "--code",
        "777",
        "--name",
        "New Boss",
        "--role",
        "manager",
        "--new-pin",
        "4444",
    ];
    let run = till.run(&add);
    assert_eq!(run.code, 6, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "giggatek: a manager must approve this: new staff are added with a manager's approval\n"
    );

    let clerk_approves = [&add[..], &["--manager", CLERK]].concat();
    let run = till.run(&clerk_approves);
    assert_eq!(run.code, 5, "{}", run.stderr);

    let approved = [&add[..], &["--manager", MANAGER]].concat();
    till.ok(&approved);
    let staff = till.json(&["staff", "list"]);
    assert_eq!(staff.as_array().unwrap().len(), 3);
}

#[test]
fn first_staff_must_be_manager() {
    let till = Till::empty();
    let mut args = INIT.to_vec();
    args[2] = "S02";
    till.ok(&args);
    let run = till.run(&[
        "staff",
        "add",
        "--code",
        "1",
        "--name",
        "Cara",
        "--role",
        "clerk",
        "--new-pin",
        "1111",
    ]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "giggatek: the store has no manager yet: add a manager first\n"
    );
    till.ok(&[
        "staff",
        "add",
        "--code",
        "2",
        "--name",
        "Max",
        "--role",
        "manager",
        "--new-pin",
        "2222",
    ]);
}

#[test]
fn client_id_reused_for_other_cart_is_conflict() {
    let till = Till::new();
    let cable = till.sku("USB cable");
    let mouse = till.sku("Mouse");
    let id = "0191d5d4-8c5e-7a3b-9f1e-2b6c8d4e5f60";
    let first = till.json(&[
        "sale",
        "--staff",
        CLERK,
        "--item",
        &cable,
        "--cash",
        "5.00",
        "--client-id",
        id,
    ]);
    let again = till.json(&[
        "sale",
        "--staff",
        CLERK,
        "--item",
        &cable,
        "--cash",
        "5.00",
        "--client-id",
        id,
    ]);
    assert_eq!(again["receipt_number"], first["receipt_number"]);

    let run = till.run(&[
        "sale",
        "--staff",
        CLERK,
        "--item",
        &mouse,
        "--cash",
        "10.00",
        "--client-id",
        id,
    ]);
    assert_eq!(run.code, 7, "{}", run.stderr);
    assert!(
        run.stderr.contains("already belongs to sale S01-T01-000001"),
        "{}",
        run.stderr
    );
    assert_eq!(till.sale_count(), 1);
}

#[test]
fn paid_out_above_drawer_is_invalid() {
    let till = Till::new();
    let run = till.run(&["shift", "paid-out", "--staff", CLERK, "200.01", "--reason", "Courier"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "giggatek: paid out of 200.01 is more than the 200.00 the drawer should hold: \
         count the drawer and enter a smaller amount\n"
    );
    till.ok(&["shift", "paid-out", "--staff", CLERK, "200.00", "--reason", "Courier"]);
    let report = till.json(&["report"]);
    assert_eq!(report["cash"]["expected"], 0);
}
