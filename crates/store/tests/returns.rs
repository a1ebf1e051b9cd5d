//! Returns against stored sales: quantities, amounts, tenders, stock,
//! receipts and idempotency.

mod sales_support;

use giggatek_domain::{CardApproval, Money, ReceiptKind, Tender, TenderKind};
use giggatek_store::{CompletedSale, ErrorKind, ReturnLine, ReturnRequest};
use sales_support::{Till, card, cart, cash, cents, new_id};

fn return_request(till: &Till, receipt_number: &str, lines: &[(u32, u32)]) -> ReturnRequest {
    ReturnRequest {
        client_id: new_id(),
        receipt_number: receipt_number.to_string(),
        lines: lines
            .iter()
            .map(|(line_no, quantity)| ReturnLine {
                line_no: *line_no,
                quantity: *quantity,
            })
            .collect(),
        clerk: till.clerk.clone(),
        manager: till.manager.clone(),
        reason: "does not fit the case".to_string(),
    }
}

/// Sells three $10.00 fans (net 3000, tax 248) and one $50.00 board (net
/// 5000, tax 413), 8661 in all, paid in cash.
fn fans_and_board(till: &mut Till) -> CompletedSale {
    let fan = till.product("FAN-1", "Case fan", Some(1000));
    let board = till.product("MB-1", "Motherboard", Some(5000));
    let request = till.request(cart(&[(&fan, 3), (&board, 1)]), vec![cash(10_000)]);
    till.store.complete_sale(&request).unwrap()
}

#[test]
fn partial_returns_sum_to_line() {
    let mut till = Till::new();
    let sale = fans_and_board(&mut till);

    let mut nets = Vec::new();
    let mut taxes = Vec::new();
    for _ in 0..3 {
        let request = return_request(&till, &sale.receipt_number, &[(1, 1)]);
        let returned = till.store.record_return(&request).unwrap();
        nets.push(cents(returned.net));
        taxes.push(cents(returned.tax));
    }

    assert_eq!(nets, vec![1000, 1000, 1000]);
    assert_eq!(taxes, vec![82, 83, 83]);
    assert_eq!(taxes.iter().sum::<i64>(), 248);
}

#[test]
fn over_return_is_rejected() {
    let mut till = Till::new();
    let sale = fans_and_board(&mut till);
    till.store
        .record_return(&return_request(&till, &sale.receipt_number, &[(1, 2)]))
        .unwrap();

    let error = till
        .store
        .record_return(&return_request(&till, &sale.receipt_number, &[(1, 2)]))
        .unwrap_err();

    assert_eq!(error.kind(), ErrorKind::Invalid);
    assert_eq!(
        error.to_string(),
        "line 1 (Case fan): cannot return 2: only 1 of this line remain unreturned"
    );
    assert_eq!(till.count("returns"), 1);
}

#[test]
fn return_by_line_and_quantity() {
    let mut till = Till::new();
    let sale = fans_and_board(&mut till);
    let fan_id = sale_line_product(&till, 1);
    let board_id = sale_line_product(&till, 2);

    let request = return_request(&till, &sale.receipt_number, &[(2, 1), (1, 2)]);
    let returned = till.store.record_return(&request).unwrap();

    // Board 5000 + 413, two fans 2000 + floor(248 * 2 / 3) = 165.
    assert_eq!(cents(returned.net), 7000);
    assert_eq!(cents(returned.tax), 578);
    assert_eq!(cents(returned.total), 7578);
    assert_eq!(returned.refunds, vec![(TenderKind::Cash, Money::from_cents(7578))]);
    assert_eq!(returned.receipt_number, "S01-T01-000002");
    assert!(!returned.replayed);
    assert_eq!(till.stock(fan_id), 9);
    assert_eq!(till.stock(board_id), 10);

    let lookup = till.store.sale_for_return(&sale.receipt_number).unwrap();
    assert_eq!(lookup.lines[0].quantity_sold, 3);
    assert_eq!(lookup.lines[0].quantity_returned, 2);
    assert_eq!(lookup.lines[1].quantity_returned, 1);
    assert_eq!(lookup.payments.len(), 1);
}

#[test]
fn unknown_line_is_rejected() {
    let mut till = Till::new();
    let sale = fans_and_board(&mut till);
    let error = till
        .store
        .record_return(&return_request(&till, &sale.receipt_number, &[(3, 1)]))
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Invalid);
    assert_eq!(
        error.to_string(),
        "receipt S01-T01-000001 has no line 3: pick a line from the receipt"
    );
}

#[test]
fn unknown_receipt_is_not_found() {
    let mut till = Till::new();
    fans_and_board(&mut till);
    let error = till
        .store
        .record_return(&return_request(&till, "S01-T01-000099", &[(1, 1)]))
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound);
}

#[test]
fn return_needs_manager() {
    let mut till = Till::new();
    let sale = fans_and_board(&mut till);
    let mut request = return_request(&till, &sale.receipt_number, &[(1, 1)]);
    request.manager = till.clerk.clone();
    let error = till.store.record_return(&request).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::ManagerRequired);
    assert_eq!(till.count("returns"), 0);
}

#[test]
fn return_needs_reason() {
    let mut till = Till::new();
    let sale = fans_and_board(&mut till);
    let mut request = return_request(&till, &sale.receipt_number, &[(1, 1)]);
    request.reason = "  ".to_string();
    let error = till.store.record_return(&request).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Invalid);
}

#[test]
fn same_client_id_replays_return() {
    let mut till = Till::new();
    let sale = fans_and_board(&mut till);
    let fan_id = sale_line_product(&till, 1);
    let request = return_request(&till, &sale.receipt_number, &[(1, 1)]);

    let first = till.store.record_return(&request).unwrap();
    let again = till.store.record_return(&request).unwrap();

    assert!(again.replayed);
    assert_eq!(again.return_id, first.return_id);
    assert_eq!(again.receipt_number, first.receipt_number);
    assert_eq!(again.total, first.total);
    assert_eq!(again.refunds, first.refunds);
    assert_eq!(till.count("returns"), 1);
    assert_eq!(till.count("refunds"), 1);
    assert_eq!(till.stock(fan_id), 8);
}

#[test]
fn sale_client_id_conflicts() {
    let mut till = Till::new();
    let sale = fans_and_board(&mut till);
    let sale_client_id: String = till
        .store
        .connection()
        .query_row("SELECT client_id FROM sales", [], |r| r.get(0))
        .unwrap();
    let mut request = return_request(&till, &sale.receipt_number, &[(1, 1)]);
    request.client_id = sale_client_id;

    let error = till.store.record_return(&request).unwrap_err();

    assert_eq!(error.kind(), ErrorKind::Conflict);
    assert_eq!(till.count("returns"), 0);
}

#[test]
fn refund_goes_to_card_first() {
    let mut till = Till::new();
    let board = till.product("MB-1", "Motherboard", Some(5000));
    let sale = till
        .store
        .complete_sale(&till.request(cart(&[(&board, 1)]), vec![cash(2000), card(4000)]))
        .unwrap();

    let returned = till
        .store
        .record_return(&return_request(&till, &sale.receipt_number, &[(1, 1)]))
        .unwrap();

    assert_eq!(
        returned.refunds,
        vec![
            (TenderKind::Card, Money::from_cents(4000)),
            (TenderKind::Cash, Money::from_cents(1413))
        ]
    );
}

#[test]
fn later_refund_uses_remaining_card() {
    let mut till = Till::new();
    let webcam = till.product("CAM-1", "Webcam", Some(2500));
    // 2 x 25.00 = 50.00 + 4.13 tax, paid on two cards.
    let tenders = vec![
        Tender::Card {
            amount: Money::from_cents(1000),
            approval: CardApproval::parse("AAA111", "1111").unwrap(),
        },
        Tender::Card {
            amount: Money::from_cents(4413),
            approval: CardApproval::parse("BBB222", "2222").unwrap(),
        },
    ];
    let sale = till
        .store
        .complete_sale(&till.request(cart(&[(&webcam, 2)]), tenders))
        .unwrap();

    let first = till
        .store
        .record_return(&return_request(&till, &sale.receipt_number, &[(1, 1)]))
        .unwrap();
    let second = till
        .store
        .record_return(&return_request(&till, &sale.receipt_number, &[(1, 1)]))
        .unwrap();

    // 2500 + 206 first, then 2500 + 207: the first card is used up first.
    assert_eq!(
        first.refunds,
        vec![
            (TenderKind::Card, Money::from_cents(1000)),
            (TenderKind::Card, Money::from_cents(1706))
        ]
    );
    assert_eq!(second.refunds, vec![(TenderKind::Card, Money::from_cents(2707))]);

    let first_receipt = till.store.receipt(&first.receipt_number).unwrap();
    assert_eq!(first_receipt.payments[0].label, "Card ****1111");
    assert_eq!(first_receipt.payments[1].label, "Card ****2222");
    let second_receipt = till.store.receipt(&second.receipt_number).unwrap();
    assert_eq!(second_receipt.payments[0].label, "Card ****2222");
    assert_eq!(cents(second_receipt.payments[0].amount), 2707);
}

#[test]
fn refund_receipt_reprints() {
    let mut till = Till::new();
    let sale = fans_and_board(&mut till);
    let returned = till
        .store
        .record_return(&return_request(&till, &sale.receipt_number, &[(1, 1)]))
        .unwrap();

    let receipt = till.store.receipt(&returned.receipt_number).unwrap();

    assert_eq!(
        receipt.kind,
        ReceiptKind::Refund {
            original: "S01-T01-000001".to_string()
        }
    );
    assert_eq!(receipt.receipt_number, "S01-T01-000002");
    assert_eq!(receipt.lines.len(), 1);
    assert_eq!(receipt.lines[0].quantity, 1);
    assert_eq!(cents(receipt.lines[0].amount), 1000);
    assert_eq!(cents(receipt.subtotal), 1000);
    assert_eq!(cents(receipt.tax), 82);
    assert_eq!(cents(receipt.total), 1082);
    assert_eq!(receipt.tax_label, "Tax 8.25%");
    assert_eq!(receipt.payments[0].label, "Cash");
    assert_eq!(cents(receipt.payments[0].amount), 1082);
}

#[test]
fn return_is_queued_and_audited() {
    let mut till = Till::new();
    let sale = fans_and_board(&mut till);
    let request = return_request(&till, &sale.receipt_number, &[(1, 1)]);
    till.store.record_return(&request).unwrap();

    let outbox = till.store.pending_outbox(10).unwrap();
    assert_eq!(outbox.len(), 2);
    assert_eq!(outbox[1].kind, "return");
    assert_eq!(outbox[1].client_id, request.client_id);
    assert_eq!(outbox[1].payload["total_cents"], 1082);
    assert_eq!(outbox[1].payload["sale_receipt_number"], "S01-T01-000001");
    assert_eq!(outbox[1].payload["lines"][0]["stock_delta"], 1);

    let audit = till.store.audit_entries(1).unwrap();
    assert_eq!(audit[0].action, "refund_issued");
    assert_eq!(audit[0].staff_id, Some(till.clerk.id));
    assert_eq!(audit[0].approved_by, Some(till.manager.id));
    assert_eq!(audit[0].detail["total_cents"], 1082);
    assert_eq!(audit[0].detail["reason"], "does not fit the case");
}

fn sale_line_product(till: &Till, line_no: i64) -> i64 {
    till.store
        .connection()
        .query_row("SELECT product_id FROM sale_lines WHERE line_no = ?1", [line_no], |r| {
            r.get(0)
        })
        .unwrap()
}
