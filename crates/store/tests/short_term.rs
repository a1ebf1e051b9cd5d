//! Short-term rentals: renting a unit out until a store-local due date and
//! taking it back with a late fee counted in whole store-local days, on a
//! real SQLite store in New York's time zone.

#![allow(clippy::unwrap_used, reason = "a test fails loudly on any unexpected error")]

mod rentals_support;
mod sales_support;

use giggatek_domain::rental::{UnitCondition, UnitStatus};
use giggatek_domain::{Money, Tender, ThermalWidth};
use giggatek_store::{ErrorKind, RentOut, ShortTermReturnRequest, ShortTermStatus};
use jiff::civil::{Date, date};
use rentals_support::{cents, customer, unit};
use sales_support::{Till, new_id};

/// Rents unit `serial` out at `instant` until the end of `due_date`, at
/// 35.00 per day late, and returns the rental number.
fn rent_carpet_cleaner(till: &mut Till, instant: &str, serial: &str, due_date: Date) -> String {
    till.clock.set(instant.parse().unwrap());
    let customer = customer(till, "Zoë Ångström");
    unit(till, serial);
    let request = RentOut {
        client_id: new_id(),
        clerk: till.clerk.clone(),
        customer_id: customer.id,
        serial_number: serial.to_string(),
        due_date,
        late_fee_per_day: cents(3500),
    };
    let rental = till.store.rent_out(&request).unwrap();
    assert_eq!(rental.status, ShortTermStatus::Out);
    assert_eq!(rental.unit.status, UnitStatus::OnRent);
    rental.rental_number
}

fn return_request(till: &Till, number: &str, tenders: Vec<Tender>) -> ShortTermReturnRequest {
    ShortTermReturnRequest {
        client_id: new_id(),
        clerk: till.clerk.clone(),
        rental_number: number.to_string(),
        condition: UnitCondition::Used,
        note: String::new(),
        tenders,
    }
}

/// Returns rental `number` at `instant` and gives the late fee in cents.
fn days_and_fee_at(till: &mut Till, number: &str, instant: &str) -> (u32, i64) {
    till.clock.set(instant.parse().unwrap());
    let fee = till.store.short_term_late_fee(number).unwrap();
    let tenders = if fee.total.is_zero() {
        Vec::new()
    } else {
        vec![Tender::Cash { tendered: fee.total }]
    };
    let done = till
        .store
        .return_short_term(&return_request(till, number, tenders))
        .unwrap();
    assert_eq!(done.late_fee, fee);
    (done.late_fee.days_late, done.late_fee.total.cents())
}

#[test]
fn return_next_afternoon_is_one_day_late() {
    let mut till = Till::new();
    let number = rent_carpet_cleaner(&mut till, "2026-07-29T14:00:00Z", "CC-1", date(2026, 7, 30));
    assert_eq!(number, "S01-T01-S000001");
    // 2026-07-31 15:30 in New York (EDT, UTC-4).
    till.clock.set("2026-07-31T19:30:00Z".parse().unwrap());
    let request = return_request(&till, &number, vec![Tender::Cash { tendered: cents(4000) }]);
    let done = till.store.return_short_term(&request).unwrap();
    assert_eq!(done.late_fee.days_late, 1);
    assert_eq!(done.late_fee.rate_per_day, cents(3500));
    assert_eq!(done.late_fee.total, cents(3500));
    assert_eq!(done.receipt.total, cents(3500));
    assert_eq!(done.receipt.change, cents(500));
    assert_eq!(done.rental.status, ShortTermStatus::Returned);
    assert_eq!(done.rental.returned_on, Some(date(2026, 7, 31)));
    assert_eq!(done.rental.unit.status, UnitStatus::InStock);
    assert_eq!(done.rental.unit.condition, UnitCondition::Used);

    let text = done.receipt.render(ThermalWidth::Mm58);
    for row in [
        "Type               Rental return",
        "Rental           S01-T01-S000001",
        "Due by end of         2026-07-30",
        "Returned        2026-07-31 15:30",
        "Days late                      1",
        "Late fee per day           35.00",
        "Late fee                   35.00",
        "  1 day at 35.00 per day",
        "TOTAL                      35.00",
        "Customer            Zoe Angstrom",
    ] {
        assert!(text.lines().any(|line| line == row), "missing {row:?} in\n{text}");
    }

    let ledger = till.store.customer_ledger(done.rental.customer_id).unwrap();
    assert_eq!(ledger.len(), 1);
    assert_eq!(ledger[0].kind, "late_return_fee");
    assert_eq!(ledger[0].amount, cents(3500));
    assert_eq!(ledger[0].rate_per_day, Some(cents(3500)));
    assert_eq!(ledger[0].days, Some(1));
    assert_eq!(ledger[0].reference, number);
    assert_eq!(ledger[0].business_date, "2026-07-31");
    assert_eq!(ledger[0].receipt_number, done.receipt.receipt_number);

    let reprint = till.store.short_term_return_receipt(&number).unwrap();
    assert_eq!(reprint, done.receipt);
}

#[test]
fn return_at_2359_on_due_date_is_free() {
    let mut till = Till::new();
    let number = rent_carpet_cleaner(&mut till, "2026-07-29T14:00:00Z", "CC-2", date(2026, 7, 30));
    // 2026-07-30 23:59 in New York is already 2026-07-31 in UTC.
    till.clock.set("2026-07-31T03:59:00Z".parse().unwrap());
    let done = till
        .store
        .return_short_term(&return_request(&till, &number, Vec::new()))
        .unwrap();
    assert_eq!(done.late_fee.days_late, 0);
    assert_eq!(done.late_fee.total, Money::ZERO);
    assert_eq!(done.receipt.total, Money::ZERO);
    assert!(done.receipt.lines.is_empty());
    let ledger = till.store.customer_ledger(done.rental.customer_id).unwrap();
    assert!(ledger.is_empty(), "{ledger:?}");
    let text = done.receipt.render(ThermalWidth::Mm58);
    assert!(
        text.lines().any(|line| line == "TOTAL                       0.00"),
        "{text}"
    );
}

#[test]
fn fall_back_day_counts_once() {
    // DST ends in New York at 02:00 on 2026-11-01, a 25-hour day.
    let mut till = Till::new();
    let number = rent_carpet_cleaner(&mut till, "2026-10-30T14:00:00Z", "CC-3", date(2026, 11, 1));
    // 23:30 EST on 2026-11-01 is 04:30 UTC on 11-02: still the due date.
    assert_eq!(days_and_fee_at(&mut till, &number, "2026-11-02T04:30:00Z"), (0, 0));

    let number = rent_carpet_cleaner(&mut till, "2026-10-30T14:00:00Z", "CC-4", date(2026, 11, 1));
    // 00:30 EST on 2026-11-02 is 05:30 UTC: one day late.
    assert_eq!(days_and_fee_at(&mut till, &number, "2026-11-02T05:30:00Z"), (1, 3500));
}

#[test]
fn spring_forward_day_counts_whole() {
    // DST starts in New York at 02:00 on 2026-03-08, a 23-hour day.
    let mut till = Till::new();
    let number = rent_carpet_cleaner(&mut till, "2026-03-06T15:00:00Z", "CC-5", date(2026, 3, 7));
    // 00:30 EDT on 2026-03-09 is 23.5 hours after the due date ended, but
    // two calendar days late: 03-08 and 03-09.
    assert_eq!(days_and_fee_at(&mut till, &number, "2026-03-09T04:30:00Z"), (2, 7000));
}

#[test]
fn late_return_without_tender_loses_nothing() {
    let mut till = Till::new();
    let number = rent_carpet_cleaner(&mut till, "2026-07-29T14:00:00Z", "CC-6", date(2026, 7, 30));
    till.clock.set("2026-07-31T19:30:00Z".parse().unwrap());
    let error = till
        .store
        .return_short_term(&return_request(&till, &number, Vec::new()))
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Invalid);
    assert_eq!(
        error.to_string(),
        "a late fee of 35.00 is due (1 day at 35.00 per day): add a cash or card tender"
    );
    let rental = till.store.short_term_rental(&number).unwrap();
    assert_eq!(rental.status, ShortTermStatus::Out);
    assert_eq!(rental.unit.status, UnitStatus::OnRent);
}

#[test]
fn return_replay_writes_once() {
    let mut till = Till::new();
    let number = rent_carpet_cleaner(&mut till, "2026-07-29T14:00:00Z", "CC-7", date(2026, 7, 30));
    till.clock.set("2026-07-31T19:30:00Z".parse().unwrap());
    let request = return_request(&till, &number, vec![Tender::Cash { tendered: cents(3500) }]);
    let first = till.store.return_short_term(&request).unwrap();
    till.clock.set("2026-08-02T19:30:00Z".parse().unwrap());
    let second = till.store.return_short_term(&request).unwrap();
    assert!(!first.replayed);
    assert!(second.replayed);
    assert_eq!(second.receipt, first.receipt);
    assert_eq!(second.late_fee.total, cents(3500));
    let payments: i64 = till
        .store
        .connection()
        .query_row("SELECT count(*) FROM rental_fee_payments", [], |row| row.get(0))
        .unwrap();
    assert_eq!(payments, 1);
    let again = return_request(&till, &number, Vec::new());
    assert_eq!(
        till.store.return_short_term(&again).unwrap_err().kind(),
        ErrorKind::Conflict
    );
}

#[test]
fn rent_out_rejects_past_due_date() {
    let mut till = Till::new();
    till.clock.set("2026-07-29T14:00:00Z".parse().unwrap());
    let customer = customer(&mut till, "Marta Ilves");
    unit(&mut till, "CC-8");
    let request = RentOut {
        client_id: new_id(),
        clerk: till.clerk.clone(),
        customer_id: customer.id,
        serial_number: "CC-8".to_string(),
        due_date: date(2026, 7, 28),
        late_fee_per_day: cents(3500),
    };
    let error = till.store.rent_out(&request).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Invalid);
    assert_eq!(
        error.to_string(),
        "the due date 2026-07-28 is before today, 2026-07-29: pick today or a later date"
    );
}

#[test]
fn unit_out_cannot_rent_twice() {
    let mut till = Till::new();
    let number = rent_carpet_cleaner(&mut till, "2026-07-29T14:00:00Z", "CC-9", date(2026, 7, 30));
    let rental = till.store.short_term_rental(&number).unwrap();
    let request = RentOut {
        client_id: new_id(),
        clerk: till.clerk.clone(),
        customer_id: rental.customer_id,
        serial_number: "CC-9".to_string(),
        due_date: date(2026, 7, 31),
        late_fee_per_day: cents(3500),
    };
    assert_eq!(till.store.rent_out(&request).unwrap_err().kind(), ErrorKind::Conflict);
}

#[test]
fn damaged_return_holds_unit() {
    let mut till = Till::new();
    let number = rent_carpet_cleaner(&mut till, "2026-07-29T14:00:00Z", "CC-10", date(2026, 7, 30));
    till.clock.set("2026-07-30T19:30:00Z".parse().unwrap());
    let mut request = return_request(&till, &number, Vec::new());
    request.condition = UnitCondition::Damaged;
    request.note = "Cracked tank".to_string();
    let done = till.store.return_short_term(&request).unwrap();
    assert_eq!(done.rental.unit.status, UnitStatus::Returned);
    assert_eq!(done.rental.return_condition, Some(UnitCondition::Damaged));
}
