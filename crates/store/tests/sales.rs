//! Completing sales in the terminal store: stored rows, tenders, rounding,
//! idempotency, overrides and rejected input.

mod sales_support;

use giggatek_domain::{CashRounding, Discount, Money, TaxRounding, TenderKind};
use giggatek_store::ErrorKind;
use sales_support::{Till, card, cart, cash, cents};

#[test]
fn sale_stores_every_row() {
    let mut till = Till::new();
    let ram = till.product("RAM-16", "DDR5 16GB", Some(5999));
    let ssd = till.product("SSD-1T", "NVMe SSD 1TB", Some(8950));
    let request = till.request(cart(&[(&ram, 2), (&ssd, 1)]), vec![cash(25_000)]);

    let sale = till.store.complete_sale(&request).unwrap();

    // 2 x 59.99 + 89.50 = 209.48; tax per line 9.90 + 7.38 = 17.28.
    assert_eq!(sale.receipt_number, "S01-T01-000001");
    assert!(!sale.replayed);
    assert_eq!(cents(sale.priced.subtotal), 20_948);
    assert_eq!(cents(sale.priced.tax), 1_728);
    assert_eq!(cents(sale.priced.total), 22_676);
    assert_eq!(cents(sale.settlement.change), 2_324);

    let row: (String, String, i64, i64, i64, i64, i64, String) = till
        .store
        .connection()
        .query_row(
            "SELECT client_id, business_date, subtotal_cents, tax_cents, total_cents, change_cents,
                    tax_rate_millionths, created_at FROM sales WHERE id = ?1",
            [sale.sale_id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            },
        )
        .unwrap();
    assert_eq!(row.0, request.client_id);
    assert_eq!(row.1, "2026-12-04");
    assert_eq!(row.2, 20_948);
    assert_eq!(row.3, 1_728);
    assert_eq!(row.4, 22_676);
    assert_eq!(row.5, 2_324);
    assert_eq!(row.6, 82_500);
    assert_eq!(row.7, "2026-12-04T18:45:00.000Z");

    let lines: Vec<(i64, String, i64, i64, i64, i64)> = till
        .store
        .connection()
        .prepare(
            "SELECT line_no, sku, quantity, unit_price_cents, net_cents, tax_cents FROM sale_lines ORDER BY line_no",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(lines[0], (1, "RAM-16".to_string(), 2, 5999, 11_998, 990));
    assert_eq!(lines[1], (2, "SSD-1T".to_string(), 1, 8950, 8950, 738));

    let payment: (String, i64, i64, i64) = till
        .store
        .connection()
        .query_row(
            "SELECT tender, amount_cents, tendered_cents, change_cents FROM payments",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(payment, ("cash".to_string(), 22_676, 25_000, 2_324));

    assert_eq!(till.stock(ram.product_id), 8);
    assert_eq!(till.stock(ssd.product_id), 9);
    assert_eq!(till.count("stock_movements"), 2);

    let outbox = till.store.pending_outbox(10).unwrap();
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].kind, "sale");
    assert_eq!(outbox[0].client_id, request.client_id);
    assert_eq!(outbox[0].payload["total_cents"], 22_676);
    assert_eq!(outbox[0].payload["lines"][0]["net_cents"], 11_998);
    assert_eq!(outbox[0].payload["payments"][0]["tendered_cents"], 25_000);
    assert_eq!(outbox[0].payload["stock_movements"][1]["delta"], -1);

    let audit = till.store.audit_entries(1).unwrap();
    assert_eq!(audit[0].action, "sale_completed");
    assert_eq!(audit[0].subject, "S01-T01-000001");
    assert_eq!(audit[0].staff_id, Some(till.clerk.id));
}

#[test]
fn receipt_numbers_follow_each_other() {
    let mut till = Till::new();
    let fan = till.product("FAN-1", "Case fan", Some(1000));
    let first = till
        .store
        .complete_sale(&till.request(cart(&[(&fan, 1)]), vec![cash(2000)]))
        .unwrap();
    let second = till
        .store
        .complete_sale(&till.request(cart(&[(&fan, 1)]), vec![cash(2000)]))
        .unwrap();
    assert_eq!(first.receipt_number, "S01-T01-000001");
    assert_eq!(second.receipt_number, "S01-T01-000002");
}

#[test]
fn same_client_id_replays_sale() {
    let mut till = Till::new();
    let fan = till.product("FAN-1", "Case fan", Some(1000));
    let request = till.request(cart(&[(&fan, 3)]), vec![card(3248)]);

    let first = till.store.complete_sale(&request).unwrap();
    let again = till.store.complete_sale(&request).unwrap();

    assert!(again.replayed);
    assert_eq!(again.sale_id, first.sale_id);
    assert_eq!(again.receipt_number, first.receipt_number);
    assert_eq!(again.priced, first.priced);
    assert_eq!(again.settlement, first.settlement);
    assert_eq!(till.count("sales"), 1);
    assert_eq!(till.count("payments"), 1);
    assert_eq!(till.count("outbox"), 1);
    assert_eq!(till.stock(fan.product_id), 7);
}

#[test]
fn split_tender_pays_card_then_cash() {
    let mut till = Till::new();
    let board = till.product("MB-1", "Motherboard", Some(5000));
    // 50.00 + 4.13 tax = 54.13: 40.00 on card, the rest in cash.
    let request = till.request(cart(&[(&board, 1)]), vec![cash(2000), card(4000)]);

    let sale = till.store.complete_sale(&request).unwrap();

    assert_eq!(cents(sale.settlement.amount_due), 5413);
    assert_eq!(sale.settlement.payments.len(), 2);
    assert_eq!(sale.settlement.payments[0].kind, TenderKind::Card);
    assert_eq!(cents(sale.settlement.payments[0].amount), 4000);
    assert_eq!(sale.settlement.payments[1].kind, TenderKind::Cash);
    assert_eq!(cents(sale.settlement.payments[1].amount), 1413);
    assert_eq!(cents(sale.settlement.change), 587);
    let stored: Vec<(i64, String, i64, Option<String>)> = till
        .store
        .connection()
        .prepare("SELECT seq, tender, amount_cents, last4 FROM payments ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(stored[0], (1, "card".to_string(), 4000, Some("4242".to_string())));
    assert_eq!(stored[1], (2, "cash".to_string(), 1413, None));
}

#[test]
fn nickel_rounding_rounds_cash_part() {
    let mut till = Till::with_settings(TaxRounding::PerLine, CashRounding::Nickel);
    let cable = till.product("CBL-1", "HDMI cable", Some(1997));
    // 19.97 + 1.65 tax = 21.62, paid in cash: 21.60.
    let sale = till
        .store
        .complete_sale(&till.request(cart(&[(&cable, 1)]), vec![cash(3000)]))
        .unwrap();

    assert_eq!(cents(sale.priced.total), 2162);
    assert_eq!(cents(sale.settlement.rounding), -2);
    assert_eq!(cents(sale.settlement.amount_due), 2160);
    assert_eq!(cents(sale.settlement.change), 840);
    let stored: (i64, i64) = till
        .store
        .connection()
        .query_row("SELECT rounding_cents, total_cents FROM sales", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(stored, (-2, 2162));
    let receipt = till.store.receipt(&sale.receipt_number).unwrap();
    assert_eq!(cents(receipt.rounding), -2);
    assert_eq!(cents(receipt.total), 2160);
}

#[test]
fn nickel_rounding_skips_card() {
    let mut till = Till::with_settings(TaxRounding::PerLine, CashRounding::Nickel);
    let cable = till.product("CBL-1", "HDMI cable", Some(1997));
    let sale = till
        .store
        .complete_sale(&till.request(cart(&[(&cable, 1)]), vec![card(2162)]))
        .unwrap();
    assert_eq!(cents(sale.settlement.rounding), 0);
    assert_eq!(cents(sale.settlement.amount_due), 2162);
}

#[test]
fn price_override_needs_manager() {
    let mut till = Till::new();
    let gpu = till.product("GPU-1", "Graphics card", Some(30_000));
    let mut overridden = cart(&[(&gpu, 1)]);
    overridden.override_price(0, Money::from_cents(27_500)).unwrap();

    let without = till.request(overridden.clone(), vec![cash(30_000)]);
    let error = till.store.complete_sale(&without).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::ManagerRequired);
    assert_eq!(
        error.to_string(),
        "a manager must approve this: line 1 is charged at a price other than the catalog price"
    );

    let mut by_clerk = till.request(overridden.clone(), vec![cash(30_000)]);
    by_clerk.approver = Some(till.clerk.clone());
    let error = till.store.complete_sale(&by_clerk).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::ManagerRequired);
    assert_eq!(till.count("sales"), 0);

    let mut approved = till.request(overridden, vec![cash(30_000)]);
    approved.approver = Some(till.manager.clone());
    let sale = till.store.complete_sale(&approved).unwrap();
    // 275.00 + 22.69 tax.
    assert_eq!(cents(sale.priced.total), 29_769);

    let audit = till.store.audit_entries(2).unwrap();
    let override_entry = audit.iter().find(|e| e.action == "price_override").unwrap();
    assert_eq!(override_entry.approved_by, Some(till.manager.id));
    assert_eq!(override_entry.staff_id, Some(till.clerk.id));
    assert_eq!(override_entry.detail["old_price_cents"], 30_000);
    assert_eq!(override_entry.detail["new_price_cents"], 27_500);
    let list_price: i64 = till
        .store
        .connection()
        .query_row("SELECT list_price_cents FROM sale_lines", [], |r| r.get(0))
        .unwrap();
    assert_eq!(list_price, 30_000);
}

#[test]
fn forged_manager_is_rejected() {
    let mut till = Till::new();
    let gpu = till.product("GPU-1", "Graphics card", Some(30_000));
    let mut overridden = cart(&[(&gpu, 1)]);
    overridden.override_price(0, Money::from_cents(100)).unwrap();
    let mut request = till.request(overridden, vec![cash(30_000)]);
    let mut forged = till.clerk.clone();
    forged.role = giggatek_store::Role::Manager;
    request.approver = Some(forged);

    let error = till.store.complete_sale(&request).unwrap_err();

    assert_eq!(error.kind(), ErrorKind::ManagerRequired);
    assert_eq!(till.count("sales"), 0);
}

#[test]
fn empty_cart_is_rejected() {
    let mut till = Till::new();
    let error = till.store.complete_sale(&till.request(cart(&[]), vec![])).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Invalid);
    assert_eq!(error.to_string(), "the cart is empty: add at least one item");
}

#[test]
fn product_without_price_is_rejected() {
    let mut till = Till::new();
    let unpriced = till.product("CASE-9", "NZXT Hue+", None);
    let error = till
        .store
        .complete_sale(&till.request(cart(&[(&unpriced, 1)]), vec![cash(100)]))
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Invalid);
    assert_eq!(
        error.to_string(),
        "line 1: NZXT Hue+ has no price and is not for sale: remove the line"
    );
    assert_eq!(till.count("sales"), 0);
    assert_eq!(till.stock(unpriced.product_id), 10);
}

#[test]
fn unknown_product_is_rejected() {
    let mut till = Till::new();
    let mut ghost = till.product("PSU-1", "Power supply", Some(8000));
    ghost.product_id = 999;
    let error = till
        .store
        .complete_sale(&till.request(cart(&[(&ghost, 1)]), vec![cash(10_000)]))
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound);
}

#[test]
fn short_cash_is_rejected_and_nothing_written() {
    let mut till = Till::new();
    let fan = till.product("FAN-1", "Case fan", Some(1000));
    let error = till
        .store
        .complete_sale(&till.request(cart(&[(&fan, 1)]), vec![cash(1000)]))
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Invalid);
    assert_eq!(error.to_string(), "0.83 is still due: add a tender");
    assert_eq!(till.count("sales"), 0);
    assert_eq!(till.count("outbox"), 0);
    let next = till
        .store
        .complete_sale(&till.request(cart(&[(&fan, 1)]), vec![cash(1083)]))
        .unwrap();
    assert_eq!(next.receipt_number, "S01-T01-000001");
}

#[test]
fn sale_needs_open_shift() {
    let mut till = Till::new();
    let fan = till.product("FAN-1", "Case fan", Some(1000));
    let count = giggatek_domain::ShiftCount {
        cash: Money::from_cents(20_000),
        card: None,
    };
    till.store.close_shift(&till.manager.clone(), count).unwrap();
    let error = till
        .store
        .complete_sale(&till.request(cart(&[(&fan, 1)]), vec![cash(2000)]))
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Conflict);
}

#[test]
fn bad_client_id_is_rejected() {
    let mut till = Till::new();
    let fan = till.product("FAN-1", "Case fan", Some(1000));
    let mut request = till.request(cart(&[(&fan, 1)]), vec![cash(2000)]);
    request.client_id = "click-1".to_string();
    let error = till.store.complete_sale(&request).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Invalid);
}

#[test]
fn stock_may_go_negative() {
    let mut till = Till::new();
    let fan = till.product("FAN-1", "Case fan", Some(100));
    till.store
        .complete_sale(&till.request(cart(&[(&fan, 12)]), vec![cash(2000)]))
        .unwrap();
    assert_eq!(till.stock(fan.product_id), -2);
}

#[test]
fn cart_discounts_are_stored_per_line() {
    let mut till = Till::new();
    let ram = till.product("RAM-16", "DDR5 16GB", Some(6000));
    let ssd = till.product("SSD-1T", "NVMe SSD 1TB", Some(4000));
    let mut discounted = cart(&[(&ram, 1), (&ssd, 1)]);
    discounted
        .set_line_discount(
            0,
            Some(Discount::Percent(giggatek_domain::Percent::parse("10").unwrap())),
        )
        .unwrap();
    discounted
        .set_cart_discount(Some(Discount::Amount(Money::from_cents(1000))))
        .unwrap();
    let sale = till
        .store
        .complete_sale(&till.request(discounted, vec![cash(10_000)]))
        .unwrap();

    // 60.00 - 6.00 = 54.00 and 40.00; 10.00 off the cart shared 54:40.
    assert_eq!(cents(sale.priced.discount), 1600);
    assert_eq!(cents(sale.priced.lines[0].cart_discount), 574);
    assert_eq!(cents(sale.priced.lines[1].cart_discount), 426);
    let receipt = till.store.receipt(&sale.receipt_number).unwrap();
    assert_eq!(cents(receipt.lines[0].discount), 1174);
    assert_eq!(cents(receipt.lines[0].amount), 4826);
    assert_eq!(cents(receipt.discount), 1600);
}

#[test]
fn void_cart_is_audited() {
    let mut till = Till::new();
    let fan = till.product("FAN-1", "Case fan", Some(1000));
    let clerk = till.clerk.clone();
    till.store
        .void_cart(&clerk, &cart(&[(&fan, 2)]), "customer left")
        .unwrap();
    let audit = till.store.audit_entries(1).unwrap();
    assert_eq!(audit[0].action, "cart_voided");
    assert_eq!(audit[0].detail["line_count"], 1);
    assert_eq!(audit[0].detail["total_cents"], 2165);
    assert_eq!(audit[0].detail["reason"], "customer left");
    assert_eq!(till.count("sales"), 0);
}

#[test]
fn receipt_shows_card_and_change() {
    let mut till = Till::new();
    let board = till.product("MB-1", "Motherboard", Some(5000));
    let sale = till
        .store
        .complete_sale(&till.request(cart(&[(&board, 1)]), vec![cash(2000), card(4000)]))
        .unwrap();
    let receipt = till.store.receipt(&sale.receipt_number).unwrap();
    assert_eq!(receipt.store_name, "GigGatek Downtown");
    assert_eq!(receipt.store_address, vec!["12 Main St", "Springfield, IL 62701"]);
    assert_eq!(receipt.issued_at, "2026-12-04 13:45");
    assert_eq!(receipt.clerk, "Ana Clerk");
    assert_eq!(receipt.tax_label, "Tax 8.25%");
    assert_eq!(receipt.payments[0].label, "Card ****4242");
    assert_eq!(receipt.payments[0].approval_code.as_deref(), Some("A1B2C3"));
    assert_eq!(cents(receipt.payments[0].amount), 4000);
    assert_eq!(receipt.payments[1].label, "Cash");
    assert_eq!(cents(receipt.payments[1].amount), 2000);
    assert_eq!(cents(receipt.change), 587);
    assert_eq!(cents(receipt.total), 5413);
}

#[test]
fn business_date_is_local() {
    let mut till = Till::new();
    let fan = till.product("FAN-1", "Case fan", Some(1000));
    // 23:30 in New York on 2026-11-05 is 04:30 UTC the next day.
    till.clock.set("2026-11-06T04:30:00Z".parse().unwrap());

    let sale = till
        .store
        .complete_sale(&till.request(cart(&[(&fan, 1)]), vec![cash(2000)]))
        .unwrap();

    let stored: (String, String) = till
        .store
        .connection()
        .query_row("SELECT created_at, business_date FROM sales", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(stored.0, "2026-11-06T04:30:00.000Z");
    assert_eq!(stored.1, "2026-11-05");
    let receipt = till.store.receipt(&sale.receipt_number).unwrap();
    assert_eq!(receipt.issued_at, "2026-11-05 23:30");
}

#[test]
fn json_cart_quantity_is_checked() {
    let mut till = Till::new();
    let fan = till.product("FAN-1", "Case fan", Some(1000));
    let mut json = serde_json::to_value(cart(&[(&fan, 1)])).unwrap();
    json["lines"][0]["quantity"] = serde_json::json!(0);
    let zero_quantity: giggatek_domain::Cart = serde_json::from_value(json).unwrap();

    let error = till
        .store
        .complete_sale(&till.request(zero_quantity, vec![cash(2000)]))
        .unwrap_err();

    assert_eq!(error.kind(), ErrorKind::Invalid);
    assert_eq!(error.to_string(), "line 1: quantity 0 is not allowed: use 1 to 9999");
}

#[test]
fn json_cart_negative_price_is_checked() {
    let mut till = Till::new();
    let fan = till.product("FAN-1", "Case fan", Some(1000));
    let mut json = serde_json::to_value(cart(&[(&fan, 1)])).unwrap();
    json["lines"][0]["unit_price"] = serde_json::json!(-500);
    let negative: giggatek_domain::Cart = serde_json::from_value(json).unwrap();
    let mut request = till.request(negative, vec![cash(2000)]);
    request.approver = Some(till.manager.clone());

    let error = till.store.complete_sale(&request).unwrap_err();

    assert_eq!(error.kind(), ErrorKind::Invalid);
    assert_eq!(till.count("sales"), 0);
}

#[test]
fn unknown_receipt_is_not_found() {
    let till = Till::new();
    let error = till.store.receipt("S01-T01-000404").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound);
}
