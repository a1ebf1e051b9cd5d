//! Rent-to-own at the terminal: customers, units, contracts, payments,
//! buyouts, returns and their audit and outbox records, on a real SQLite
//! store.

#![allow(clippy::unwrap_used, reason = "a test fails loudly on any unexpected error")]

mod rentals_support;
mod sales_support;

use giggatek_domain::rental::{ContractStatus, Standing, Term, UnitCondition, UnitStatus};
use giggatek_domain::{CardApproval, Money, Tender, ThermalWidth};
use giggatek_store::{ContractDraft, ContractRequest, ContractView, ErrorKind};
use jiff::civil::date;
use rentals_support::{cash, cents, customer, details, unit};
use sales_support::{Till, new_id};

fn request(till: &Till, customer_id: i64, serial: &str, term: Term, count: u32, total: i64) -> ContractRequest {
    ContractRequest {
        client_id: new_id(),
        manager: till.manager.clone(),
        customer_id,
        co_signer_id: None,
        serial_number: serial.to_string(),
        draft: ContractDraft {
            term,
            payment_count: count,
            cash_price: cents(total * 10 / 19),
            total_of_payments: cents(total),
            delivery_fee: Money::ZERO,
            damage_waiver: Money::ZERO,
            deposit: Money::ZERO,
        },
        initial_tenders: Vec::new(),
    }
}

/// Sets the clock to `instant` and writes a weekly contract of 52 payments
/// of 45.00 for a 1,200.00 item.
fn weekly_contract(till: &mut Till, instant: &str, serial: &str) -> ContractView {
    till.clock.set(instant.parse().unwrap());
    let customer = customer(till, "Marta Ilves");
    unit(till, serial);
    let mut contract = request(till, customer.id, serial, Term::Weekly, 52, 234_000);
    contract.draft.cash_price = cents(120_000);
    till.store.create_contract(&contract).unwrap()
}

fn schedule_dates(view: &ContractView) -> Vec<String> {
    view.disclosures
        .schedule
        .iter()
        .map(|i| i.due_date.to_string())
        .collect()
}

#[test]
fn customer_name_in_any_script_round_trips() {
    let mut till = Till::new();
    let stored = customer(&mut till, "山田 花子 (Hanako Yamada)");
    assert_eq!(
        till.store.customer(stored.id).unwrap().details.full_name,
        "山田 花子 (Hanako Yamada)"
    );
    let found = till.store.search_customers("山田", 10).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].details.full_name, "山田 花子 (Hanako Yamada)");
}

#[test]
fn customer_search_matches_phone_and_name() {
    let mut till = Till::new();
    customer(&mut till, "Zoë Ångström");
    customer(&mut till, "Marta Ilves");
    // Case folding covers ASCII letters only (SQLite's LIKE).
    let by_name = till.store.search_customers("Ångström", 10).unwrap();
    assert_eq!(by_name.len(), 1);
    let by_phone = till.store.search_customers("555-0142", 10).unwrap();
    assert_eq!(by_phone.len(), 2);
    let none = till.store.search_customers("100%", 10).unwrap();
    assert!(none.is_empty());
    assert_eq!(
        till.store.search_customers("  ", 10).unwrap_err().kind(),
        ErrorKind::Invalid
    );
}

#[test]
fn customer_edit_checks_version() {
    let mut till = Till::new();
    let stored = customer(&mut till, "Marta Ilves");
    let clerk = till.clerk.clone();
    let mut changed = details("Marta Ilves");
    changed.phone = "212-555-0199".to_string();
    let updated = till.store.update_customer(&clerk, stored.id, 1, &changed).unwrap();
    assert_eq!(updated.version, 2);
    assert_eq!(updated.details.phone, "212-555-0199");
    let stale = till
        .store
        .update_customer(&clerk, stored.id, 1, &details("Marta Ilves"))
        .unwrap_err();
    assert_eq!(stale.kind(), ErrorKind::Conflict);
    let audit = till.store.audit_entries(1).unwrap();
    assert_eq!(audit[0].action, "customer_updated");
    assert_eq!(audit[0].detail["fields"], serde_json::json!(["phone"]));
    assert!(
        !audit[0].detail.to_string().contains("0199"),
        "the audit log must not hold personal data"
    );
}

#[test]
fn customer_add_rejects_missing_fields() {
    let mut till = Till::new();
    let clerk = till.clerk.clone();
    let mut blank_id = details("Marta Ilves");
    blank_id.id_document = " ".to_string();
    let error = till.store.add_customer(&clerk, &new_id(), &blank_id).unwrap_err();
    assert_eq!(error.to_string(), "the customer's ID document is missing");
    let mut bad_email = details("Marta Ilves");
    bad_email.email = "marta@".to_string();
    assert_eq!(
        till.store
            .add_customer(&clerk, &new_id(), &bad_email)
            .unwrap_err()
            .kind(),
        ErrorKind::Invalid
    );
}

#[test]
fn customer_add_is_idempotent() {
    let mut till = Till::new();
    let clerk = till.clerk.clone();
    let id = new_id();
    let first = till.store.add_customer(&clerk, &id, &details("Marta Ilves")).unwrap();
    let second = till.store.add_customer(&clerk, &id, &details("Marta Ilves")).unwrap();
    assert_eq!(first.id, second.id);
    let outbox = till.store.pending_outbox(100).unwrap();
    assert_eq!(outbox.iter().filter(|r| r.kind == "customer").count(), 1);
}

#[test]
fn contract_schedule_of_thousand_over_three() {
    let mut till = Till::new();
    // 2027-01-31 at 12:00 in New York.
    till.clock.set("2027-01-31T17:00:00Z".parse().unwrap());
    let customer = customer(&mut till, "Marta Ilves");
    unit(&mut till, "SN-1000");
    let view = till
        .store
        .create_contract(&request(&till, customer.id, "SN-1000", Term::Monthly, 3, 100_000))
        .unwrap();
    let amounts: Vec<i64> = view.disclosures.schedule.iter().map(|i| i.amount.cents()).collect();
    assert_eq!(amounts, [33_334, 33_333, 33_333]);
    assert_eq!(schedule_dates(&view), ["2027-02-28", "2027-03-31", "2027-04-30"]);
    let stored: i64 = till
        .store
        .connection()
        .query_row(
            "SELECT sum(amount_cents) FROM contract_installments WHERE contract_id = ?1",
            [view.id],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(stored, 100_000);
}

#[test]
fn contract_month_end_dates() {
    let mut till = Till::new();
    till.clock.set("2027-01-31T17:00:00Z".parse().unwrap());
    let customer = customer(&mut till, "Marta Ilves");
    unit(&mut till, "SN-2027");
    let view = till
        .store
        .create_contract(&request(&till, customer.id, "SN-2027", Term::Monthly, 6, 60_000))
        .unwrap();
    assert_eq!(
        schedule_dates(&view),
        [
            "2027-02-28",
            "2027-03-31",
            "2027-04-30",
            "2027-05-31",
            "2027-06-30",
            "2027-07-31"
        ]
    );
    till.clock.set("2028-01-31T17:00:00Z".parse().unwrap());
    unit(&mut till, "SN-2028");
    let leap = till
        .store
        .create_contract(&request(&till, customer.id, "SN-2028", Term::Monthly, 2, 20_000))
        .unwrap();
    assert_eq!(schedule_dates(&leap), ["2028-02-29", "2028-03-31"]);
}

#[test]
fn contract_date_is_store_local() {
    let mut till = Till::new();
    // 2027-02-01T03:00Z is still 2027-01-31 in New York.
    till.clock.set("2027-02-01T03:00:00Z".parse().unwrap());
    let customer = customer(&mut till, "Marta Ilves");
    unit(&mut till, "SN-LOCAL");
    let view = till
        .store
        .create_contract(&request(&till, customer.id, "SN-LOCAL", Term::Monthly, 2, 20_000))
        .unwrap();
    assert_eq!(view.terms.contract_date, date(2027, 1, 31));
    assert_eq!(schedule_dates(&view), ["2027-02-28", "2027-03-31"]);
}

#[test]
fn unit_on_one_active_contract() {
    let mut till = Till::new();
    let view = weekly_contract(&mut till, "2027-01-04T15:00:00Z", "SN-ONE");
    assert_eq!(view.unit.status, UnitStatus::OnRent);
    let other = customer(&mut till, "Zoë Ångström");
    let error = till
        .store
        .create_contract(&request(&till, other.id, "sn-one", Term::Weekly, 10, 10_000))
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Conflict);
    assert_eq!(
        error.to_string(),
        "unit SN-ONE is on rent, not in stock: scan another unit"
    );
}

#[test]
fn contract_needs_a_manager() {
    let mut till = Till::new();
    let customer = customer(&mut till, "Marta Ilves");
    unit(&mut till, "SN-CLERK");
    let mut contract = request(&till, customer.id, "SN-CLERK", Term::Weekly, 10, 10_000);
    contract.manager = till.clerk.clone();
    assert_eq!(
        till.store.create_contract(&contract).unwrap_err().kind(),
        ErrorKind::ManagerRequired
    );
}

#[test]
fn contract_save_is_idempotent() {
    let mut till = Till::new();
    let customer = customer(&mut till, "Marta Ilves");
    unit(&mut till, "SN-TWICE");
    let contract = request(&till, customer.id, "SN-TWICE", Term::Weekly, 12, 60_000);
    let first = till.store.create_contract(&contract).unwrap();
    let second = till.store.create_contract(&contract).unwrap();
    assert_eq!(first.contract_number, second.contract_number);
    assert_eq!(first.contract_number, "S01-T01-R000001");
    let count: i64 = till
        .store
        .connection()
        .query_row("SELECT count(*) FROM contract_installments", [], |row| row.get(0))
        .unwrap();
    assert_eq!(count, 12);
}

#[test]
fn payment_at_2330_local_counts_on_due_date() {
    let mut till = Till::new();
    // Signed Thursday 2026-10-22 in New York; payments due Thursdays.
    let view = weekly_contract(&mut till, "2026-10-22T16:00:00Z", "SN-DST");
    assert_eq!(view.disclosures.schedule[0].due_date, date(2026, 10, 29));
    assert_eq!(view.disclosures.schedule[1].due_date, date(2026, 11, 5));
    assert_eq!(view.disclosures.schedule[19].due_date, date(2027, 3, 11));
    assert_eq!(view.disclosures.schedule[20].due_date, date(2027, 3, 18));
    let number = view.contract_number.clone();

    till.clock.set("2026-10-29T15:00:00Z".parse().unwrap());
    till.store.take_contract_payment(&cash(&till, &number, 4500)).unwrap();
    // 23:30 on 2026-11-05 in New York, after DST ended, is 04:30 UTC next day.
    till.clock.set("2026-11-06T04:30:00Z".parse().unwrap());
    let paid = till.store.take_contract_payment(&cash(&till, &number, 4500)).unwrap();
    assert_eq!(paid.split.late_fee, Money::ZERO);
    assert_eq!(paid.split.rent, cents(4500));

    // Checked after the grace period of the second payment.
    till.clock.set("2026-11-10T15:00:00Z".parse().unwrap());
    let later = till.store.contract(&number).unwrap();
    assert_eq!(later.ledger.installments[1].paid_on, Some(date(2026, 11, 5)));
    assert!(!later.ledger.installments[1].past_due);
    assert_eq!(later.ledger.late_fees_charged, Money::ZERO);
    assert_eq!(later.ledger.standing, Standing::Current);
}

#[test]
fn payment_receipt_shows_what_is_left() {
    let mut till = Till::new();
    let view = weekly_contract(&mut till, "2027-01-04T15:00:00Z", "SN-RCPT");
    till.clock.set("2027-01-11T15:00:00Z".parse().unwrap());
    let paid = till
        .store
        .take_contract_payment(&cash(&till, &view.contract_number, 4500))
        .unwrap();
    assert_eq!(paid.receipt.amount_paid, cents(4500));
    assert_eq!(paid.receipt.remaining_to_own, cents(229_500));
    // Pro rata: 1,200.00 x 2,295.00 / 2,340.00 = 1,176.92.
    assert_eq!(paid.receipt.buyout_price, cents(117_692));
    assert_eq!(paid.receipt.next_due, Some(("2027-01-18".to_string(), cents(4500))));
    assert_eq!(paid.receipt_number, "S01-T01-000001");
    let text = paid.receipt.render(ThermalWidth::Mm58);
    assert!(
        text.lines().any(|line| line == "Still needed to own     2,295.00"),
        "{text}"
    );
    assert!(
        text.lines().any(|line| line == "Buyout price today      1,176.92"),
        "{text}"
    );
    assert!(text.lines().all(|line| line.chars().count() <= 32), "{text}");
    let reprint = till.store.contract_payment_receipt(&paid.receipt_number).unwrap();
    assert_eq!(reprint, paid.receipt);
}

#[test]
fn thermal_receipt_transliterates_names() {
    let mut till = Till::new();
    till.clock.set("2027-01-04T15:00:00Z".parse().unwrap());
    let customer = customer(&mut till, "山田 花子 (Hanako Yamada)");
    unit(&mut till, "SN-CJK");
    let mut contract = request(&till, customer.id, "SN-CJK", Term::Weekly, 10, 10_000);
    contract.draft.cash_price = cents(10_000);
    let view = till.store.create_contract(&contract).unwrap();
    till.clock.set("2027-01-11T15:00:00Z".parse().unwrap());
    let paid = till
        .store
        .take_contract_payment(&cash(&till, &view.contract_number, 1000))
        .unwrap();
    let text = paid.receipt.render(ThermalWidth::Mm58);
    assert!(
        text.lines().any(|line| line == "Customer           Hanako Yamada"),
        "{text}"
    );
    assert!(
        text.lines().any(|line| line == "  Sofa Nandu 3-plazas S/N SN-CJK"),
        "{text}"
    );
    assert!(text.is_ascii(), "{text}");
    assert_eq!(paid.receipt.customer_name, "山田 花子 (Hanako Yamada)");
}

#[test]
fn split_tender_payment_gives_change() {
    let mut till = Till::new();
    let view = weekly_contract(&mut till, "2027-01-04T15:00:00Z", "SN-SPLIT");
    till.clock.set("2027-01-11T15:00:00Z".parse().unwrap());
    let mut payment = cash(&till, &view.contract_number, 9000);
    payment.tenders = vec![
        Tender::Card {
            amount: cents(5000),
            approval: CardApproval::parse("A1B2C3", "4242").unwrap(),
        },
        Tender::Cash { tendered: cents(5000) },
    ];
    let paid = till.store.take_contract_payment(&payment).unwrap();
    assert_eq!(paid.receipt.change, cents(1000));
    assert_eq!(paid.split.rent, cents(9000));
    // 90.00 pays the first payment and the next one ahead.
    let after = till.store.contract(&view.contract_number).unwrap();
    assert_eq!(after.ledger.installments[1].paid, cents(4500));
    assert_eq!(after.ledger.rent_paid, cents(9000));
}

#[test]
fn payment_replay_writes_once() {
    let mut till = Till::new();
    let view = weekly_contract(&mut till, "2027-01-04T15:00:00Z", "SN-REPLAY");
    let payment = cash(&till, &view.contract_number, 4500);
    let first = till.store.take_contract_payment(&payment).unwrap();
    let second = till.store.take_contract_payment(&payment).unwrap();
    assert!(!first.replayed);
    assert!(second.replayed);
    assert_eq!(first.receipt_number, second.receipt_number);
    let after = till.store.contract(&view.contract_number).unwrap();
    assert_eq!(after.ledger.rent_paid, cents(4500));
}

#[test]
fn overpayment_above_total_is_rejected() {
    let mut till = Till::new();
    till.clock.set("2027-01-04T15:00:00Z".parse().unwrap());
    let customer = customer(&mut till, "Marta Ilves");
    unit(&mut till, "SN-OVER");
    let mut contract = request(&till, customer.id, "SN-OVER", Term::Weekly, 2, 9000);
    contract.draft.cash_price = cents(8000);
    let view = till.store.create_contract(&contract).unwrap();
    let error = till
        .store
        .take_contract_payment(&cash(&till, &view.contract_number, 9001))
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Invalid);
    assert_eq!(
        error.to_string(),
        "the payment of 90.01 is more than the 90.00 still owed: take at most 90.00"
    );
}

#[test]
fn late_payment_pays_fee_apart_from_rent() {
    let mut till = Till::new();
    let view = weekly_contract(&mut till, "2027-01-04T15:00:00Z", "SN-LATE");
    // Due 2027-01-11, grace to 01-14: paid on 01-16 with the 2.25 fee.
    till.clock.set("2027-01-16T15:00:00Z".parse().unwrap());
    let paid = till
        .store
        .take_contract_payment(&cash(&till, &view.contract_number, 4725))
        .unwrap();
    assert_eq!(paid.split.rent, cents(4500));
    assert_eq!(paid.split.late_fee, cents(225));
    let text = paid.receipt.render(ThermalWidth::Mm80);
    assert!(text.contains("Late fee"), "{text}");
    let stored: (i64, i64) = till
        .store
        .connection()
        .query_row("SELECT rent_cents, late_fee_cents FROM contract_payments", [], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .unwrap();
    assert_eq!(stored, (4500, 225));
}

#[test]
fn final_payment_pays_out_contract() {
    let mut till = Till::new();
    till.clock.set("2027-01-04T15:00:00Z".parse().unwrap());
    let customer = customer(&mut till, "Marta Ilves");
    unit(&mut till, "SN-FINAL");
    let mut contract = request(&till, customer.id, "SN-FINAL", Term::Weekly, 2, 9000);
    contract.draft.cash_price = cents(8000);
    let view = till.store.create_contract(&contract).unwrap();
    let paid = till
        .store
        .take_contract_payment(&cash(&till, &view.contract_number, 9000))
        .unwrap();
    assert_eq!(paid.status, ContractStatus::PaidOut);
    assert_eq!(paid.receipt.remaining_to_own, Money::ZERO);
    assert_eq!(
        paid.receipt.status_line.as_deref(),
        Some("Paid out: the property is yours")
    );
    assert_eq!(till.store.unit("SN-FINAL").unwrap().status, UnitStatus::Sold);
    let again = till
        .store
        .take_contract_payment(&cash(&till, &view.contract_number, 100))
        .unwrap_err();
    assert_eq!(again.kind(), ErrorKind::Conflict);
}

#[test]
fn buyout_at_quoted_price() {
    let mut till = Till::new();
    let view = weekly_contract(&mut till, "2027-01-04T15:00:00Z", "SN-BUY");
    let number = view.contract_number.clone();
    for week in 1..=20 {
        let day = date(2027, 1, 4).checked_add(jiff::Span::new().days(7 * week)).unwrap();
        till.clock.set(format!("{day}T15:00:00Z").parse().unwrap());
        till.store.take_contract_payment(&cash(&till, &number, 4500)).unwrap();
    }
    let quote = till.store.contract(&number).unwrap().buyout;
    assert_eq!(quote.total, cents(73_846));
    let wrong = till.store.buy_out_contract(&cash(&till, &number, 70_000)).unwrap_err();
    assert_eq!(wrong.kind(), ErrorKind::Invalid);
    let bought = till.store.buy_out_contract(&cash(&till, &number, 73_846)).unwrap();
    assert_eq!(bought.status, ContractStatus::BoughtOut);
    assert_eq!(
        bought.receipt.status_line.as_deref(),
        Some("Bought out: the property is yours")
    );
    assert_eq!(till.store.unit("SN-BUY").unwrap().status, UnitStatus::Sold);
}

#[test]
fn return_puts_unit_back_in_stock() {
    let mut till = Till::new();
    let view = weekly_contract(&mut till, "2027-01-04T15:00:00Z", "SN-BACK");
    let manager = till.manager.clone();
    till.clock.set("2027-01-20T15:00:00Z".parse().unwrap());
    let returned = till
        .store
        .return_contract(
            &manager,
            &view.contract_number,
            UnitCondition::Used,
            "Customer moved away",
        )
        .unwrap();
    assert_eq!(returned.status, ContractStatus::Returned);
    let unit = till.store.unit("SN-BACK").unwrap();
    assert_eq!(unit.status, UnitStatus::InStock);
    assert_eq!(unit.condition, UnitCondition::Used);
    let history: Vec<UnitStatus> = till
        .store
        .unit_history(unit.id)
        .unwrap()
        .iter()
        .map(|e| e.to_status)
        .collect();
    assert_eq!(history, [UnitStatus::InStock, UnitStatus::OnRent, UnitStatus::InStock]);
    // Nothing accrues after the return: the ledger stays on 2027-01-20.
    till.clock.set("2027-03-01T15:00:00Z".parse().unwrap());
    let later = till.store.contract(&view.contract_number).unwrap();
    assert_eq!(later.ledger.as_of, date(2027, 1, 20));
    assert_eq!(later.ledger.late_fees.len(), 1);
}

#[test]
fn damaged_return_holds_unit() {
    let mut till = Till::new();
    let view = weekly_contract(&mut till, "2027-01-04T15:00:00Z", "SN-DMG");
    let manager = till.manager.clone();
    till.store
        .return_contract(
            &manager,
            &view.contract_number,
            UnitCondition::Damaged,
            "Cracked screen",
        )
        .unwrap();
    let unit = till.store.unit("SN-DMG").unwrap();
    assert_eq!(unit.status, UnitStatus::Returned);
    assert_eq!(unit.condition, UnitCondition::Damaged);
}

#[test]
fn reinstatement_within_window() {
    let mut till = Till::new();
    let view = weekly_contract(&mut till, "2027-01-04T15:00:00Z", "SN-AGAIN");
    let number = view.contract_number.clone();
    let manager = till.manager.clone();
    till.clock.set("2027-01-11T15:00:00Z".parse().unwrap());
    till.store.take_contract_payment(&cash(&till, &number, 4500)).unwrap();
    till.clock.set("2027-01-20T15:00:00Z".parse().unwrap());
    till.store
        .return_contract(&manager, &number, UnitCondition::Used, "Missed payment")
        .unwrap();
    // 21 days after 2027-01-20 is 2027-02-10, the last day to reinstate.
    till.clock.set("2027-02-10T15:00:00Z".parse().unwrap());
    let active = till.store.reinstate_contract(&manager, &number).unwrap();
    assert_eq!(active.status, ContractStatus::Active);
    assert_eq!(active.ledger.rent_paid, cents(4500));
    assert_eq!(till.store.unit("SN-AGAIN").unwrap().status, UnitStatus::OnRent);
    let actions: Vec<String> = till
        .store
        .audit_entries(20)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions.iter().filter(|a| *a == "contract_status_changed").count(), 2);
}

#[test]
fn reinstatement_after_window_is_refused() {
    let mut till = Till::new();
    let view = weekly_contract(&mut till, "2027-01-04T15:00:00Z", "SN-LATER");
    let manager = till.manager.clone();
    till.clock.set("2027-01-20T15:00:00Z".parse().unwrap());
    till.store
        .return_contract(&manager, &view.contract_number, UnitCondition::Used, "Missed payment")
        .unwrap();
    till.clock.set("2027-02-11T15:00:00Z".parse().unwrap());
    let error = till
        .store
        .reinstate_contract(&manager, &view.contract_number)
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Conflict);
    assert_eq!(
        error.to_string(),
        "contract S01-T01-R000001 was returned on 2027-01-20; the 21-day reinstatement window ended on 2027-02-10"
    );
}

#[test]
fn charge_off_writes_off_unit() {
    let mut till = Till::new();
    let view = weekly_contract(&mut till, "2027-01-04T15:00:00Z", "SN-GONE");
    let manager = till.manager.clone();
    let charged = till
        .store
        .charge_off_contract(&manager, &view.contract_number, "Customer unreachable for 90 days")
        .unwrap();
    assert_eq!(charged.status, ContractStatus::ChargedOff);
    assert_eq!(till.store.unit("SN-GONE").unwrap().status, UnitStatus::WrittenOff);
    let error = till
        .store
        .return_contract(&manager, &view.contract_number, UnitCondition::Used, "Found it")
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "a charged off contract cannot be changed by a return"
    );
}

#[test]
fn contract_writes_outbox_records() {
    let mut till = Till::new();
    let view = weekly_contract(&mut till, "2027-01-04T15:00:00Z", "SN-SYNC");
    till.store
        .take_contract_payment(&cash(&till, &view.contract_number, 4500))
        .unwrap();
    let kinds: Vec<String> = till
        .store
        .pending_outbox(100)
        .unwrap()
        .into_iter()
        .map(|r| r.kind)
        .collect();
    assert_eq!(
        kinds,
        ["customer", "unit", "unit_status", "contract", "contract_payment"]
    );
}

#[test]
fn late_return_fee_counts_local_days() {
    let till = Till::new();
    let rate = cents(3500);
    // 2026-07-31 15:30 in New York (EDT, UTC-4).
    let one_day = till
        .store
        .late_return_fee(rate, date(2026, 7, 30), "2026-07-31T19:30:00Z".parse().unwrap())
        .unwrap();
    assert_eq!(one_day.days_late, 1);
    assert_eq!(one_day.total, cents(3500));
    assert_eq!(one_day.rate_per_day, cents(3500));
    // 2026-07-30 23:59 in New York is already 2026-07-31 in UTC.
    let on_time = till
        .store
        .late_return_fee(rate, date(2026, 7, 30), "2026-07-31T03:59:00Z".parse().unwrap())
        .unwrap();
    assert_eq!(on_time.days_late, 0);
    assert_eq!(on_time.total, Money::ZERO);
}

#[test]
fn rental_policy_is_chosen_per_store() {
    let mut till = Till::new();
    assert_eq!(till.store.rental_policy().unwrap().code, "standard");
    let manager = till.manager.clone();
    till.store.set_rental_policy(&manager, "half-of-paid").unwrap();
    assert_eq!(till.store.rental_policy().unwrap().code, "half-of-paid");
    let view = weekly_contract(&mut till, "2027-01-04T15:00:00Z", "SN-POLICY");
    assert_eq!(view.policy_code, "half-of-paid");
    assert_eq!(view.buyout.total, cents(120_000));
    let clerk = till.clerk.clone();
    assert_eq!(
        till.store.set_rental_policy(&clerk, "us-wv").unwrap_err().kind(),
        ErrorKind::ManagerRequired
    );
    assert_eq!(
        till.store.set_rental_policy(&manager, "us-zz").unwrap_err().kind(),
        ErrorKind::Invalid
    );
}

#[test]
fn contract_cash_counts_in_drawer() {
    let mut till = Till::new();
    let view = weekly_contract(&mut till, "2027-01-04T15:00:00Z", "SN-DRAWER");
    let before = till
        .store
        .shift_report(till.store.current_shift().unwrap().unwrap().id)
        .unwrap();
    till.store
        .take_contract_payment(&cash(&till, &view.contract_number, 4500))
        .unwrap();
    let after = till
        .store
        .shift_report(till.store.current_shift().unwrap().unwrap().id)
        .unwrap();
    assert_eq!(after.cash.expected - before.cash.expected, cents(4500));
}
