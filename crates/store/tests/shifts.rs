//! Shifts: opening, cash movements, the X report and the Z report with
//! over/short.

mod sales_support;

use giggatek_domain::{Money, ShiftCount};
use giggatek_store::{ErrorKind, ReturnLine, ReturnRequest};
use sales_support::{Till, card, cart, cash, cents, new_id};

/// Runs a shift: a 16.24 cash sale, a 54.13 card sale, 5.00 paid in, 12.50
/// paid out, a no-sale open and a cash return of the first sale.
fn busy_shift(till: &mut Till) -> i64 {
    let drill = till.product("DRL-1", "Cordless drill", Some(1500));
    let board = till.product("MB-1", "Motherboard", Some(5000));
    let cash_sale = till
        .store
        .complete_sale(&till.request(cart(&[(&drill, 1)]), vec![cash(2000)]))
        .unwrap();
    till.store
        .complete_sale(&till.request(cart(&[(&board, 1)]), vec![card(5413)]))
        .unwrap();
    let (clerk, manager) = (till.clerk.clone(), till.manager.clone());
    till.store
        .paid_in(&clerk, Money::from_cents(500), "change from the safe")
        .unwrap();
    till.store.paid_out(&clerk, Money::from_cents(1250), "courier").unwrap();
    till.store.no_sale(&clerk, &manager, "customer needed change").unwrap();
    till.store
        .record_return(&ReturnRequest {
            client_id: new_id(),
            receipt_number: cash_sale.receipt_number,
            lines: vec![ReturnLine {
                line_no: 1,
                quantity: 1,
            }],
            clerk,
            manager,
            reason: "wrong model".to_string(),
        })
        .unwrap();
    till.store.current_shift().unwrap().unwrap().id
}

#[test]
fn x_report_totals_the_shift() {
    let mut till = Till::new();
    let shift_id = busy_shift(&mut till);

    let x = till.store.shift_report(shift_id).unwrap();

    assert_eq!(cents(x.activity.opening_float), 20_000);
    assert_eq!(x.activity.sale_count, 2);
    assert_eq!(x.activity.return_count, 1);
    assert_eq!(cents(x.activity.cash_sales), 1624);
    assert_eq!(cents(x.activity.card_sales), 5413);
    assert_eq!(cents(x.activity.cash_refunds), 1624);
    assert_eq!(cents(x.activity.card_refunds), 0);
    assert_eq!(cents(x.activity.paid_in), 500);
    assert_eq!(cents(x.activity.paid_out), 1250);
    assert_eq!(cents(x.activity.tax_collected), 537);
    assert_eq!(cents(x.activity.tax_refunded), 124);
    assert_eq!(x.activity.no_sale_count, 1);
    assert_eq!(cents(x.net_sales), 5413);
    // 200.00 + 16.24 + 5.00 - 12.50 - 16.24.
    assert_eq!(cents(x.cash.expected), 19_250);
    assert_eq!(x.cash.counted, None);
    assert_eq!(cents(x.card.expected), 5413);
}

#[test]
fn z_report_shows_over_short() {
    let mut till = Till::new();
    let shift_id = busy_shift(&mut till);
    let manager = till.manager.clone();

    let z = till
        .store
        .close_shift(
            &manager,
            ShiftCount {
                cash: Money::from_cents(19_240),
                card: Some(Money::from_cents(5413)),
            },
        )
        .unwrap();

    assert_eq!(z.cash.counted, Some(Money::from_cents(19_240)));
    assert_eq!(z.cash.over_short, Some(Money::from_cents(-10)));
    assert_eq!(z.card.over_short, Some(Money::ZERO));
    assert_eq!(till.store.current_shift().unwrap(), None);
    assert_eq!(till.store.shift_report(shift_id).unwrap(), z);

    let stored: (String, i64, Option<i64>, i64) = till
        .store
        .connection()
        .query_row(
            "SELECT status, counted_cash_cents, counted_card_cents, closed_by FROM shifts WHERE id = ?1",
            [shift_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(stored, ("closed".to_string(), 19_240, Some(5413), manager.id));

    let audit = till.store.audit_entries(1).unwrap();
    assert_eq!(audit[0].action, "shift_closed");
    assert_eq!(audit[0].detail["cash_over_short_cents"], -10);
    let outbox = till.store.pending_outbox(10).unwrap();
    assert_eq!(outbox.last().unwrap().kind, "shift_closed");
    assert_eq!(outbox.last().unwrap().payload["z_report"]["cash"]["over_short"], -10);
}

#[test]
fn close_needs_manager() {
    let mut till = Till::new();
    let clerk = till.clerk.clone();
    let count = ShiftCount {
        cash: Money::from_cents(20_000),
        card: None,
    };
    let error = till.store.close_shift(&clerk, count).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::ManagerRequired);
    assert!(till.store.current_shift().unwrap().is_some());
}

#[test]
fn second_open_shift_conflicts() {
    let mut till = Till::new();
    let clerk = till.clerk.clone();
    let error = till.store.open_shift(&clerk, Money::from_cents(10_000)).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Conflict);
}

#[test]
fn reopen_after_close() {
    let mut till = Till::new();
    let (clerk, manager) = (till.clerk.clone(), till.manager.clone());
    let count = ShiftCount {
        cash: Money::from_cents(20_000),
        card: None,
    };
    till.store.close_shift(&manager, count).unwrap();
    let next = till.store.open_shift(&clerk, Money::from_cents(15_000)).unwrap();
    assert_eq!(next.opening_float, Money::from_cents(15_000));
    assert_eq!(next.opened_at, "2026-12-04T18:45:00.000Z");
    assert_eq!(next.closed_at, None);
}

#[test]
fn cash_movement_needs_reason() {
    let mut till = Till::new();
    let clerk = till.clerk.clone();
    let error = till.store.paid_out(&clerk, Money::from_cents(500), " ").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Invalid);
    assert_eq!(error.to_string(), "a reason is required: type why");
}

#[test]
fn zero_paid_in_is_rejected() {
    let mut till = Till::new();
    let clerk = till.clerk.clone();
    let error = till.store.paid_in(&clerk, Money::ZERO, "float top-up").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Invalid);
}

#[test]
fn no_sale_needs_manager() {
    let mut till = Till::new();
    let clerk = till.clerk.clone();
    let error = till.store.no_sale(&clerk, &clerk, "check the drawer").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::ManagerRequired);
    assert_eq!(till.count("cash_movements"), 0);
}

#[test]
fn no_sale_is_audited() {
    let mut till = Till::new();
    let (clerk, manager) = (till.clerk.clone(), till.manager.clone());
    let opened = till.store.no_sale(&clerk, &manager, "check the drawer").unwrap();
    assert_eq!(opened.approved_by, Some(manager.id));
    let audit = till.store.audit_entries(1).unwrap();
    assert_eq!(audit[0].action, "no_sale");
    assert_eq!(audit[0].staff_id, Some(clerk.id));
    assert_eq!(audit[0].approved_by, Some(manager.id));
    assert_eq!(audit[0].detail["reason"], "check the drawer");
}

#[test]
fn shift_open_is_audited() {
    let till = Till::new();
    let shift = till.store.current_shift().unwrap().unwrap();
    let audit = till.store.audit_entries(10).unwrap();
    let opened = audit.iter().find(|entry| entry.action == "shift_opened").unwrap();
    assert_eq!(opened.subject, shift.id.to_string());
    assert_eq!(opened.detail["opening_float_cents"], 20_000);
}
