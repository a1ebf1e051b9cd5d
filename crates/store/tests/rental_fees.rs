//! A contract's initial payment (delivery fee, damage waiver, deposit),
//! taken at signing with its tenders and kept apart from rent, on a real
//! SQLite store.

#![allow(clippy::unwrap_used, reason = "a test fails loudly on any unexpected error")]

mod rentals_support;
mod sales_support;

use giggatek_domain::rental::{ContractStatus, FeeLine, RentalFee, Term, UnitCondition};
use giggatek_domain::{CardApproval, Money, ShiftCount, Tender, ThermalWidth};
use giggatek_store::{ContractDraft, ContractRequest, ErrorKind};
use rentals_support::{cents, customer, unit};
use sales_support::{Till, new_id};

/// 2027-01-04 10:00 in New York.
const SIGNED_AT: &str = "2027-01-04T15:00:00Z";

/// A weekly contract of 52 payments of 45.00 for a 1,200.00 sofa, with a
/// 25.00 delivery fee, a 12.50 damage waiver and a 120.00 deposit: 157.50
/// due at signing.
fn sofa_request(till: &mut Till, serial: &str, tenders: Vec<Tender>) -> ContractRequest {
    till.clock.set(SIGNED_AT.parse().unwrap());
    let customer = customer(till, "Marta Ilves");
    unit(till, serial);
    ContractRequest {
        client_id: new_id(),
        manager: till.manager.clone(),
        customer_id: customer.id,
        co_signer_id: None,
        serial_number: serial.to_string(),
        draft: ContractDraft {
            term: Term::Weekly,
            payment_count: 52,
            cash_price: cents(120_000),
            total_of_payments: cents(234_000),
            delivery_fee: cents(2500),
            damage_waiver: cents(1250),
            deposit: cents(12_000),
        },
        initial_tenders: tenders,
    }
}

fn card(amount: i64) -> Tender {
    Tender::Card {
        amount: cents(amount),
        approval: CardApproval::parse("A1B2C3", "4242").unwrap(),
    }
}

fn drawer_cash(till: &Till) -> Money {
    let shift = till.store.current_shift().unwrap().unwrap();
    till.store.shift_report(shift.id).unwrap().cash.expected
}

fn count(till: &Till, sql: &str) -> i64 {
    till.store.connection().query_row(sql, [], |row| row.get(0)).unwrap()
}

#[test]
fn initial_payment_in_cash_gives_change() {
    let mut till = Till::new();
    let request = sofa_request(
        &mut till,
        "SN-INIT-1",
        vec![Tender::Cash {
            tendered: cents(20_000),
        }],
    );
    let before = drawer_cash(&till);
    let view = till.store.create_contract(&request).unwrap();
    assert_eq!(view.status, ContractStatus::Active);
    assert_eq!(view.disclosures.initial_payment, cents(15_750));
    let receipt = view.initial_payment.clone().unwrap();
    assert_eq!(receipt.receipt_number, "S01-T01-000001");
    assert_eq!(receipt.title, "Initial payment");
    assert_eq!(receipt.reference, view.contract_number);
    assert_eq!(receipt.total, cents(15_750));
    assert_eq!(receipt.change, cents(4250));
    let fees: Vec<(RentalFee, Money)> = receipt.lines.iter().map(|line| (line.fee, line.amount)).collect();
    assert_eq!(
        fees,
        [
            (RentalFee::DeliveryFee, cents(2500)),
            (RentalFee::DamageWaiver, cents(1250)),
            (RentalFee::Deposit, cents(12_000)),
        ]
    );
    assert_eq!(drawer_cash(&till) - before, cents(15_750));
}

#[test]
fn initial_payment_is_not_rent() {
    let mut till = Till::new();
    let request = sofa_request(
        &mut till,
        "SN-INIT-2",
        vec![Tender::Cash {
            tendered: cents(15_750),
        }],
    );
    let view = till.store.create_contract(&request).unwrap();
    assert_eq!(view.ledger.rent_paid, Money::ZERO);
    assert_eq!(view.ledger.remaining_to_own, cents(234_000));
    let ledger = till.store.customer_ledger(view.customer.id).unwrap();
    let entries: Vec<(&str, i64)> = ledger.iter().map(|e| (e.kind.as_str(), e.amount.cents())).collect();
    assert_eq!(
        entries,
        [("delivery_fee", 2500), ("damage_waiver", 1250), ("deposit", 12_000)]
    );
    assert!(ledger.iter().all(|entry| entry.receipt_number == "S01-T01-000001"));
    assert!(ledger.iter().all(|entry| entry.business_date == "2027-01-04"));
}

#[test]
fn initial_payment_split_card_and_cash() {
    let mut till = Till::new();
    let tenders = vec![card(10_000), Tender::Cash { tendered: cents(6000) }];
    let request = sofa_request(&mut till, "SN-INIT-3", tenders);
    let view = till.store.create_contract(&request).unwrap();
    let receipt = view.initial_payment.unwrap();
    assert_eq!(receipt.payments.len(), 2);
    assert_eq!(receipt.payments[0].amount, cents(10_000));
    assert_eq!(receipt.payments[0].approval_code.as_deref(), Some("A1B2C3"));
    assert_eq!(receipt.payments[1].amount, cents(6000));
    assert_eq!(receipt.change, cents(250));
    let text = receipt.render(ThermalWidth::Mm58);
    for row in [
        "Type             Initial payment",
        "Delivery fee               25.00",
        "Damage waiver              12.50",
        "Security deposit          120.00",
        "TOTAL                     157.50",
        "Change                      2.50",
    ] {
        assert!(text.lines().any(|line| line == row), "missing {row:?} in\n{text}");
    }
}

#[test]
fn contract_without_initial_tenders_is_rejected() {
    let mut till = Till::new();
    let request = sofa_request(&mut till, "SN-INIT-4", Vec::new());
    let error = till.store.create_contract(&request).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Invalid);
    assert_eq!(
        error.to_string(),
        "the initial payment of 157.50 is due at signing: add a cash or card tender"
    );
    assert_eq!(count(&till, "SELECT count(*) FROM contracts"), 0);
    assert_eq!(count(&till, "SELECT count(*) FROM rental_fee_payments"), 0);
    let unit = till.store.unit("SN-INIT-4").unwrap();
    assert_eq!(unit.status.as_str(), "in_stock");
}

#[test]
fn short_initial_tender_loses_nothing() {
    let mut till = Till::new();
    let request = sofa_request(&mut till, "SN-INIT-5", vec![card(15_000)]);
    let error = till.store.create_contract(&request).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Invalid);
    assert_eq!(error.to_string(), "the 157.50 due now: 7.50 is still due: add a tender");
    assert_eq!(count(&till, "SELECT count(*) FROM contracts"), 0);
    assert_eq!(count(&till, "SELECT count(*) FROM outbox WHERE kind = 'contract'"), 0);
    // The number the failed contract took is given back.
    let mut retry = request.clone();
    retry.initial_tenders = vec![card(15_750)];
    let view = till.store.create_contract(&retry).unwrap();
    assert_eq!(view.contract_number, "S01-T01-R000001");
}

#[test]
fn initial_payment_replay_writes_once() {
    let mut till = Till::new();
    let request = sofa_request(
        &mut till,
        "SN-INIT-6",
        vec![Tender::Cash {
            tendered: cents(15_750),
        }],
    );
    let first = till.store.create_contract(&request).unwrap();
    let second = till.store.create_contract(&request).unwrap();
    assert_eq!(first.initial_payment, second.initial_payment);
    assert_eq!(count(&till, "SELECT count(*) FROM rental_fee_payments"), 1);
    assert_eq!(count(&till, "SELECT count(*) FROM rental_fee_lines"), 3);
}

#[test]
fn tenders_without_initial_payment_are_rejected() {
    let mut till = Till::new();
    let mut request = sofa_request(&mut till, "SN-INIT-7", vec![Tender::Cash { tendered: cents(100) }]);
    request.draft.delivery_fee = Money::ZERO;
    request.draft.damage_waiver = Money::ZERO;
    request.draft.deposit = Money::ZERO;
    let error = till.store.create_contract(&request).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Invalid);
    request.initial_tenders.clear();
    let view = till.store.create_contract(&request).unwrap();
    assert_eq!(view.initial_payment, None);
}

#[test]
fn initial_payment_needs_open_shift() {
    let mut till = Till::new();
    let request = sofa_request(&mut till, "SN-INIT-8", vec![card(15_750)]);
    let manager = till.manager.clone();
    let closing_count = ShiftCount {
        cash: cents(20_000),
        card: None,
    };
    till.store.close_shift(&manager, closing_count).unwrap();
    let error = till.store.create_contract(&request).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Conflict);
    assert_eq!(count(&till, "SELECT count(*) FROM contracts"), 0);
}

#[test]
fn agreement_prints_initial_receipt() {
    let mut till = Till::new();
    let request = sofa_request(&mut till, "SN-INIT-9", vec![card(15_750)]);
    let view = till.store.create_contract(&request).unwrap();
    let agreement = till.store.agreement(&view.contract_number).unwrap();
    assert_eq!(agreement.initial_payment_receipt.as_deref(), Some("S01-T01-000001"));
    let printed = agreement.blocks().into_iter().any(|block| {
        block
            == giggatek_domain::rental::agreement::AgreementBlock::Pair {
                label: "Initial payment received".to_string(),
                value: "157.50 (receipt S01-T01-000001)".to_string(),
            }
    });
    assert!(printed);
}

#[test]
fn contract_without_initial_payment_stays_returned() {
    let mut till = Till::new();
    let request = sofa_request(&mut till, "SN-INIT-10", vec![card(15_750)]);
    let view = till.store.create_contract(&request).unwrap();
    let manager = till.manager.clone();
    till.store
        .return_contract(&manager, &view.contract_number, UnitCondition::Used, "Customer moved")
        .unwrap();
    // A contract stored before the terminal took initial payments has none.
    till.store
        .connection()
        .execute_batch("DELETE FROM rental_fee_tenders; DELETE FROM rental_fee_lines; DELETE FROM rental_fee_payments;")
        .unwrap();
    let error = till
        .store
        .reinstate_contract(&manager, &view.contract_number)
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Conflict);
    assert_eq!(
        error.to_string(),
        format!(
            "contract {} has no initial payment of 157.50 on record: it cannot become active",
            view.contract_number
        )
    );
    let after = till.store.contract(&view.contract_number).unwrap();
    assert_eq!(after.status, ContractStatus::Returned);
}

#[test]
fn fee_lines_skip_zero_fees() {
    let mut till = Till::new();
    let mut request = sofa_request(&mut till, "SN-INIT-11", vec![card(12_000)]);
    request.draft.delivery_fee = Money::ZERO;
    request.draft.damage_waiver = Money::ZERO;
    let view = till.store.create_contract(&request).unwrap();
    let lines = view.initial_payment.unwrap().lines;
    assert_eq!(
        lines,
        [FeeLine {
            fee: RentalFee::Deposit,
            amount: cents(12_000),
            rate_per_day: None,
            days: None,
        }]
    );
}
