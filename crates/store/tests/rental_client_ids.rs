//! A client id makes a rental write safe to retry: the identical request
//! returns what was stored, and the same id with other contents is a
//! conflict that writes nothing. Also the contract preview's checks of the
//! customer and the unit. On a real SQLite store.

#![allow(clippy::unwrap_used, reason = "a test fails loudly on any unexpected error")]

mod rentals_support;
mod sales_support;

use giggatek_domain::rental::{Term, UnitCondition};
use giggatek_domain::{CardApproval, Money, Tender};
use giggatek_store::{
    ContractDraft, ContractPaymentRequest, ContractRequest, ErrorKind, RentOut, ShortTermReturnRequest,
};
use jiff::civil::date;
use rentals_support::{cash, cents, customer, unit};
use sales_support::{Till, new_id};

fn draft() -> ContractDraft {
    ContractDraft {
        term: Term::Weekly,
        payment_count: 52,
        cash_price: cents(120_000),
        total_of_payments: cents(234_000),
        delivery_fee: Money::ZERO,
        damage_waiver: Money::ZERO,
        deposit: cents(12_000),
    }
}

fn contract_request(till: &Till, customer_id: i64, serial: &str) -> ContractRequest {
    ContractRequest {
        client_id: new_id(),
        manager: till.manager.clone(),
        customer_id,
        co_signer_id: None,
        serial_number: serial.to_string(),
        draft: draft(),
        initial_tenders: vec![Tender::Cash {
            tendered: cents(12_000),
        }],
    }
}

/// Writes a weekly contract signed on 2027-01-04 and returns its number.
fn signed_contract(till: &mut Till) -> String {
    till.clock.set("2027-01-04T15:00:00Z".parse().unwrap());
    let customer = customer(till, "Marta Ilves");
    unit(till, "SN-RETRY");
    let request = contract_request(till, customer.id, "SN-RETRY");
    till.store.create_contract(&request).unwrap().contract_number
}

/// Builds a cash payment of `amount` cents with `tendered` cents handed over.
fn cash_tendered(till: &Till, number: &str, amount: i64, tendered: i64) -> ContractPaymentRequest {
    let mut payment = cash(till, number, amount);
    payment.tenders = vec![Tender::Cash {
        tendered: cents(tendered),
    }];
    payment
}

fn count(till: &Till, sql: &str) -> i64 {
    till.store.connection().query_row(sql, [], |row| row.get(0)).unwrap()
}

#[test]
fn payment_id_reused_other_amount() {
    let mut till = Till::new();
    let number = signed_contract(&mut till);
    let first = cash(&till, &number, 4000);
    let paid = till.store.take_contract_payment(&first).unwrap();
    let mut other = cash(&till, &number, 8000);
    other.client_id = first.client_id.clone();
    let error = till.store.take_contract_payment(&other).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Conflict);
    assert_eq!(
        error.to_string(),
        format!(
            "client id {} already belongs to payment {} of 40.00 on contract {number} with another amount, \
             tenders or contract: make a new client id for a new payment",
            first.client_id, paid.receipt_number
        )
    );
    assert_eq!(count(&till, "SELECT count(*) FROM contract_payments"), 1);
    assert_eq!(till.store.contract(&number).unwrap().ledger.rent_paid, cents(4000));
}

#[test]
fn payment_id_reused_other_tenders() {
    let mut till = Till::new();
    let number = signed_contract(&mut till);
    let first = cash_tendered(&till, &number, 4000, 5000);
    till.store.take_contract_payment(&first).unwrap();
    let mut other = cash(&till, &number, 4000);
    other.client_id = first.client_id.clone();
    let error = till.store.take_contract_payment(&other).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Conflict);
    let replay = till.store.take_contract_payment(&first).unwrap();
    assert!(replay.replayed);
    assert_eq!(replay.receipt.change, cents(1000));
    assert_eq!(count(&till, "SELECT count(*) FROM contract_payments"), 1);
}

#[test]
fn payment_id_reused_for_buyout() {
    let mut till = Till::new();
    let number = signed_contract(&mut till);
    let first = cash(&till, &number, 4500);
    till.store.take_contract_payment(&first).unwrap();
    let quote = till.store.contract(&number).unwrap().buyout.total;
    let mut buyout = cash(&till, &number, quote.cents());
    buyout.client_id = first.client_id.clone();
    let error = till.store.buy_out_contract(&buyout).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Conflict);
    assert_eq!(
        count(&till, "SELECT count(*) FROM contract_payments WHERE kind = 'buyout'"),
        0
    );
}

#[test]
fn buyout_retry_replays() {
    let mut till = Till::new();
    let number = signed_contract(&mut till);
    let quote = till.store.contract(&number).unwrap().buyout.total;
    assert_eq!(quote, cents(120_000));
    let buyout = ContractPaymentRequest {
        client_id: new_id(),
        contract_number: number.clone(),
        clerk: till.clerk.clone(),
        amount: quote,
        tenders: vec![Tender::Card {
            amount: quote,
            approval: CardApproval::parse("A1B2C3", "4242").unwrap(),
        }],
    };
    let first = till.store.buy_out_contract(&buyout).unwrap();
    // A retry quotes the closed contract again, at 0.00.
    let mut retry = buyout.clone();
    retry.amount = till.store.contract(&number).unwrap().buyout.total;
    assert_eq!(retry.amount, Money::ZERO);
    let again = till.store.buy_out_contract(&retry).unwrap();
    assert!(again.replayed);
    assert_eq!(again.receipt_number, first.receipt_number);
    let mut cash_retry = retry.clone();
    cash_retry.tenders = vec![Tender::Cash { tendered: quote }];
    assert_eq!(
        till.store.buy_out_contract(&cash_retry).unwrap_err().kind(),
        ErrorKind::Conflict
    );
}

#[test]
fn contract_id_reused_other_terms() {
    let mut till = Till::new();
    till.clock.set("2027-01-04T15:00:00Z".parse().unwrap());
    let customer = customer(&mut till, "Marta Ilves");
    unit(&mut till, "SN-ONE");
    unit(&mut till, "SN-TWO");
    let first = contract_request(&till, customer.id, "SN-ONE");
    let view = till.store.create_contract(&first).unwrap();
    let replay = till.store.create_contract(&first).unwrap();
    assert_eq!(replay.contract_number, view.contract_number);

    let mut other_unit = contract_request(&till, customer.id, "SN-TWO");
    other_unit.client_id = first.client_id.clone();
    let error = till.store.create_contract(&other_unit).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Conflict);
    assert_eq!(
        error.to_string(),
        format!(
            "client id {} already belongs to contract S01-T01-R000001 with another customer, unit, terms or \
             initial tenders: make a new client id for a new contract",
            first.client_id
        )
    );

    let mut other_terms = first.clone();
    other_terms.draft.payment_count = 26;
    assert_eq!(
        till.store.create_contract(&other_terms).unwrap_err().kind(),
        ErrorKind::Conflict
    );
    let mut other_tenders = first.clone();
    other_tenders.initial_tenders = vec![Tender::Cash {
        tendered: cents(20_000),
    }];
    assert_eq!(
        till.store.create_contract(&other_tenders).unwrap_err().kind(),
        ErrorKind::Conflict
    );
    assert_eq!(count(&till, "SELECT count(*) FROM contracts"), 1);
    assert_eq!(till.store.unit("SN-TWO").unwrap().status.as_str(), "in_stock");
}

#[test]
fn rental_id_reused_other_due_date() {
    let mut till = Till::new();
    till.clock.set("2026-07-28T15:00:00Z".parse().unwrap());
    let customer = customer(&mut till, "Zoë Ångström");
    unit(&mut till, "SN-CLEAN-1");
    let request = RentOut {
        client_id: new_id(),
        clerk: till.clerk.clone(),
        customer_id: customer.id,
        serial_number: "sn-clean-1".to_string(),
        due_date: date(2026, 7, 30),
        late_fee_per_day: cents(3500),
    };
    let rental = till.store.rent_out(&request).unwrap();
    assert_eq!(
        till.store.rent_out(&request).unwrap().rental_number,
        rental.rental_number
    );
    let mut later = request.clone();
    later.due_date = date(2026, 7, 31);
    let error = till.store.rent_out(&later).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Conflict);
    assert_eq!(
        error.to_string(),
        format!(
            "client id {} already belongs to short-term rental S01-T01-S000001 with another customer, unit, \
             due date or late fee: make a new client id for a new rental",
            request.client_id
        )
    );
    let mut dearer = request.clone();
    dearer.late_fee_per_day = cents(4000);
    assert_eq!(till.store.rent_out(&dearer).unwrap_err().kind(), ErrorKind::Conflict);
}

#[test]
fn return_id_reused_other_tenders() {
    let mut till = Till::new();
    till.clock.set("2026-07-28T15:00:00Z".parse().unwrap());
    let customer = customer(&mut till, "Zoë Ångström");
    unit(&mut till, "SN-CLEAN-1");
    let rental = till
        .store
        .rent_out(&RentOut {
            client_id: new_id(),
            clerk: till.clerk.clone(),
            customer_id: customer.id,
            serial_number: "SN-CLEAN-1".to_string(),
            due_date: date(2026, 7, 30),
            late_fee_per_day: cents(3500),
        })
        .unwrap();
    // Returned on 2026-07-31 at 15:30 New York time: one day late.
    till.clock.set("2026-07-31T19:30:00Z".parse().unwrap());
    let request = ShortTermReturnRequest {
        client_id: new_id(),
        clerk: till.clerk.clone(),
        rental_number: rental.rental_number.clone(),
        condition: UnitCondition::Used,
        note: String::new(),
        tenders: vec![Tender::Cash { tendered: cents(3500) }],
    };
    let done = till.store.return_short_term(&request).unwrap();
    assert_eq!(done.late_fee.total, cents(3500));
    assert!(till.store.return_short_term(&request).unwrap().replayed);
    let mut more_cash = request.clone();
    more_cash.tenders = vec![Tender::Cash { tendered: cents(5000) }];
    let error = till.store.return_short_term(&more_cash).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Conflict);
    let mut damaged = request.clone();
    damaged.condition = UnitCondition::Damaged;
    assert_eq!(
        till.store.return_short_term(&damaged).unwrap_err().kind(),
        ErrorKind::Conflict
    );
    assert_eq!(count(&till, "SELECT count(*) FROM rental_fee_payments"), 1);
}

#[test]
fn preview_rejects_unknown_customer() {
    let mut till = Till::new();
    unit(&mut till, "SN-FREE");
    let error = till
        .store
        .preview_contract_for(999, None, "SN-FREE", &draft())
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound);
}

#[test]
fn preview_rejects_unit_on_rent() {
    let mut till = Till::new();
    let number = signed_contract(&mut till);
    assert_eq!(number, "S01-T01-R000001");
    let other = customer(&mut till, "Zoë Ångström");
    let error = till
        .store
        .preview_contract_for(other.id, None, "SN-RETRY", &draft())
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Conflict);
    assert_eq!(
        error.to_string(),
        "unit SN-RETRY is on rent, not in stock: scan another unit"
    );
    unit(&mut till, "SN-FREE");
    let disclosures = till
        .store
        .preview_contract_for(other.id, None, "SN-FREE", &draft())
        .unwrap();
    assert_eq!(disclosures.schedule.len(), 52);
}
