//! What a contract shows once it is closed (paid out, bought out, returned
//! or charged off), and the semi-monthly schedule as a contract stores it,
//! on a real SQLite store in New York's time zone.

#![allow(clippy::unwrap_used, reason = "a test fails loudly on any unexpected error")]

mod rentals_support;
mod sales_support;

use giggatek_domain::Money;
use giggatek_domain::rental::{ContractStatus, Term, UnitCondition};
use giggatek_store::{ContractDraft, ContractRequest, ContractView};
use rentals_support::{cash, cents, customer, unit};
use sales_support::{Till, new_id};

/// Sets the clock to `instant` and writes a contract of `count` payments
/// totalling `total` cents for an item of `cash_price` cents.
fn contract(till: &mut Till, instant: &str, term: Term, count: u32, total: i64, cash_price: i64) -> ContractView {
    till.clock.set(instant.parse().unwrap());
    let customer = customer(till, "Marta Ilves");
    unit(till, "SN-CLOSED");
    let request = ContractRequest {
        client_id: new_id(),
        manager: till.manager.clone(),
        customer_id: customer.id,
        co_signer_id: None,
        serial_number: "SN-CLOSED".to_string(),
        draft: ContractDraft {
            term,
            payment_count: count,
            cash_price: cents(cash_price),
            total_of_payments: cents(total),
            delivery_fee: Money::ZERO,
            damage_waiver: Money::ZERO,
            deposit: Money::ZERO,
        },
        initial_tenders: Vec::new(),
    };
    till.store.create_contract(&request).unwrap()
}

/// Writes a weekly contract of 52 payments of 45.00 for a 1,200.00 item,
/// signed on Monday 2027-01-04, and returns its number.
fn weekly(till: &mut Till) -> String {
    contract(till, "2027-01-04T15:00:00Z", Term::Weekly, 52, 234_000, 120_000).contract_number
}

fn assert_nothing_to_own(view: &ContractView, status: ContractStatus) {
    assert_eq!(view.status, status);
    assert_eq!(view.ledger.remaining_to_own, Money::ZERO, "{status:?}");
    assert_eq!(view.buyout.total, Money::ZERO, "{status:?}");
    assert_eq!(view.buyout.rent_part, Money::ZERO, "{status:?}");
    assert_eq!(view.buyout.late_fees_owed, Money::ZERO, "{status:?}");
}

#[test]
fn bought_out_owes_nothing() {
    let mut till = Till::new();
    let number = weekly(&mut till);
    till.clock.set("2027-01-11T15:00:00Z".parse().unwrap());
    till.store.take_contract_payment(&cash(&till, &number, 4500)).unwrap();
    let quote = till.store.contract(&number).unwrap().buyout.total;
    assert_eq!(quote, cents(117_692));
    till.store.buy_out_contract(&cash(&till, &number, 117_692)).unwrap();
    // Weeks later nothing is past due and no late fee is owed.
    till.clock.set("2027-03-01T15:00:00Z".parse().unwrap());
    let view = till.store.contract(&number).unwrap();
    assert_nothing_to_own(&view, ContractStatus::BoughtOut);
    assert_eq!(view.ledger.rent_past_due, Money::ZERO);
    assert_eq!(view.ledger.late_fees_owed, Money::ZERO);
}

#[test]
fn paid_out_owes_nothing() {
    let mut till = Till::new();
    let number = contract(&mut till, "2027-01-04T15:00:00Z", Term::Weekly, 2, 9000, 8000).contract_number;
    till.store.take_contract_payment(&cash(&till, &number, 9000)).unwrap();
    till.clock.set("2027-03-01T15:00:00Z".parse().unwrap());
    let view = till.store.contract(&number).unwrap();
    assert_nothing_to_own(&view, ContractStatus::PaidOut);
    assert_eq!(view.ledger.rent_past_due, Money::ZERO);
}

#[test]
fn returned_offers_no_buyout() {
    let mut till = Till::new();
    let number = weekly(&mut till);
    let manager = till.manager.clone();
    till.clock.set("2027-01-20T15:00:00Z".parse().unwrap());
    let returned = till
        .store
        .return_contract(&manager, &number, UnitCondition::Used, "Customer moved")
        .unwrap();
    assert_nothing_to_own(&returned, ContractStatus::Returned);
    // The rent due 01-11 and 01-18 stays owed for a reinstatement.
    assert_eq!(returned.ledger.rent_past_due, cents(9000));
    let reinstated = till.store.reinstate_contract(&manager, &number).unwrap();
    assert_eq!(reinstated.ledger.remaining_to_own, cents(234_000 + 225));
    // Pro rata: 1,200.00 x 2,250.00 / 2,340.00 = 1,153.85, plus 90.00 past
    // due and the 2.25 late fee of the payment due 01-11.
    assert_eq!(reinstated.buyout.total, cents(124_610));
}

#[test]
fn charged_off_offers_no_buyout() {
    let mut till = Till::new();
    let number = weekly(&mut till);
    let manager = till.manager.clone();
    let charged = till
        .store
        .charge_off_contract(&manager, &number, "Customer unreachable for 90 days")
        .unwrap();
    assert_nothing_to_own(&charged, ContractStatus::ChargedOff);
    assert_nothing_to_own(&till.store.contract(&number).unwrap(), ContractStatus::ChargedOff);
}

#[test]
fn semi_monthly_contract_keeps_february() {
    let mut till = Till::new();
    // 17:00 UTC is noon in New York: the contract date is 2027-01-15.
    let view = contract(&mut till, "2027-01-15T17:00:00Z", Term::SemiMonthly, 6, 60_000, 60_000);
    let dates: Vec<String> = view
        .disclosures
        .schedule
        .iter()
        .map(|i| i.due_date.to_string())
        .collect();
    assert_eq!(
        dates,
        [
            "2027-01-30",
            "2027-02-15",
            "2027-02-28",
            "2027-03-15",
            "2027-03-30",
            "2027-04-15"
        ]
    );
    let amounts: Vec<i64> = view.disclosures.schedule.iter().map(|i| i.amount.cents()).collect();
    assert_eq!(amounts, [10_000; 6]);
}
