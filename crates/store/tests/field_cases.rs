//! Field cases for the terminal store, with the exact values from the
//! field reports: tax rounding modes, an oversized discount, a double
//! submit from two connections, and a sale overlapping reads and a price
//! sync.

mod sales_support;

use std::sync::Barrier;
use std::thread;

use giggatek_domain::{CashRounding, Discount, Money, TaxRounding, TenderKind};
use giggatek_store::{CompletedSale, Store, StoreError};
use sales_support::{Till, add_product, card, cart, cash, cents};

/// Rings up $1.99 + $4.99 + $12.99 at 8.25 % under one tax rounding mode.
fn three_cheap_items(rounding: TaxRounding) -> (Till, CompletedSale) {
    let mut till = Till::with_settings(rounding, CashRounding::None);
    let cable = till.product("CBL-1", "USB cable", Some(199));
    let mouse = till.product("MSE-1", "Mouse", Some(499));
    let keyboard = till.product("KBD-1", "Keyboard", Some(1299));
    let request = till.request(cart(&[(&cable, 1), (&mouse, 1), (&keyboard, 1)]), vec![cash(3000)]);
    let sale = till.store.complete_sale(&request).unwrap();
    (till, sale)
}

#[test]
fn fc01_per_line_tax() {
    let (till, sale) = three_cheap_items(TaxRounding::PerLine);

    let line_taxes: Vec<i64> = sale.priced.lines.iter().map(|line| cents(line.tax)).collect();
    assert_eq!(cents(sale.priced.subtotal), 1997);
    assert_eq!(line_taxes, vec![16, 41, 107]);
    assert_eq!(cents(sale.priced.tax), 164);
    assert_eq!(cents(sale.priced.total), 2161);

    let receipt = till.store.receipt(&sale.receipt_number).unwrap();
    assert_eq!(cents(receipt.tax), 164);
    assert_eq!(cents(receipt.total), 2161);
    assert_eq!(receipt.tax_label, "Tax 8.25%");
    let outbox = till.store.pending_outbox(1).unwrap();
    assert_eq!(outbox[0].payload["tax_cents"], 164);
    assert_eq!(outbox[0].payload["total_cents"], 2161);
    assert_eq!(outbox[0].payload["tax_rounding"], "per_line");
}

#[test]
fn fc01_per_invoice_tax() {
    let (till, sale) = three_cheap_items(TaxRounding::PerInvoice);

    assert_eq!(cents(sale.priced.subtotal), 1997);
    assert_eq!(cents(sale.priced.tax), 165);
    assert_eq!(cents(sale.priced.total), 2162);

    let receipt = till.store.receipt(&sale.receipt_number).unwrap();
    assert_eq!(cents(receipt.tax), 165);
    assert_eq!(cents(receipt.total), 2162);
    let line_tax_sum: i64 = till
        .store
        .connection()
        .query_row("SELECT sum(tax_cents) FROM sale_lines", [], |r| r.get(0))
        .unwrap();
    assert_eq!(line_tax_sum, 165);
    let outbox = till.store.pending_outbox(1).unwrap();
    assert_eq!(outbox[0].payload["tax_cents"], 165);
    assert_eq!(outbox[0].payload["total_cents"], 2162);
    assert_eq!(outbox[0].payload["tax_rounding"], "per_invoice");
}

#[test]
fn fc02_discount_above_price() {
    let mut till = Till::new();
    let drill = till.product("DRL-1", "Cordless drill", Some(1500));
    let mut drill_cart = cart(&[(&drill, 1)]);

    let rejected = drill_cart.set_line_discount(0, Some(Discount::Amount(Money::from_cents(2000))));

    assert_eq!(
        rejected.unwrap_err().to_string(),
        "a discount of 20.00 is more than the 15.00 it applies to; the largest allowed is 15.00"
    );
    assert_eq!(drill_cart.lines()[0].discount, None);
    let sale = till
        .store
        .complete_sale(&till.request(drill_cart, vec![cash(2000)]))
        .unwrap();
    assert_eq!(cents(sale.priced.subtotal), 1500);
    assert_eq!(cents(sale.priced.discount), 0);
    assert_eq!(cents(sale.priced.tax), 124);
    assert_eq!(cents(sale.priced.total), 1624);
    let stored: (i64, i64, i64) = till
        .store
        .connection()
        .query_row(
            "SELECT net_cents, tax_cents, line_discount_cents FROM sale_lines",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(stored, (1500, 124, 0));
}

#[test]
fn fc06_double_submit_two_connections() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("terminal.sqlite");
    let till = Till::on_file(&path);
    // Two $25.00 lines, tax 2.06 each: 54.12 on the card.
    let webcam = till.product("CAM-1", "Webcam", Some(2500));
    let headset = till.product("HDS-1", "Headset", Some(2500));
    let request = till.request(cart(&[(&webcam, 1), (&headset, 1)]), vec![card(5412)]);
    let barrier = Barrier::new(2);

    let results: Vec<Result<CompletedSale, StoreError>> = thread::scope(|scope| {
        let clicks: Vec<_> = (0..2)
            .map(|_| {
                scope.spawn(|| {
                    let mut store = Store::open(&path).unwrap();
                    barrier.wait();
                    store.complete_sale(&request)
                })
            })
            .collect();
        clicks.into_iter().map(|click| click.join().unwrap()).collect()
    });

    let sales: Vec<CompletedSale> = results.into_iter().map(Result::unwrap).collect();
    assert_eq!(sales.iter().filter(|sale| sale.replayed).count(), 1);
    assert_eq!(sales[0].sale_id, sales[1].sale_id);
    assert_eq!(sales[0].receipt_number, "S01-T01-000001");
    assert_eq!(sales[1].receipt_number, "S01-T01-000001");
    assert_eq!(till.count("sales"), 1);
    assert_eq!(till.count("payments"), 1);
    assert_eq!(till.count("outbox"), 1);
    assert_eq!(till.stock(webcam.product_id), 9);
    assert_eq!(till.stock(headset.product_id), 9);
    let payment: (String, i64) = till
        .store
        .connection()
        .query_row("SELECT tender, amount_cents FROM payments", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(payment, (TenderKind::Card.as_str().to_string(), 5412));
    let counter: i64 = till
        .store
        .connection()
        .query_row("SELECT value FROM counters WHERE name = 'receipt'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(counter, 1);
}

/// Rounds of the overlap test, and price updates the sync writes per round.
const ROUNDS: i64 = 50;
const PRICE_UPDATES: i64 = 20;

#[test]
fn fc04_sale_during_reads_and_sync() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("terminal.sqlite");
    let mut till = Till::on_file(&path);
    let items: Vec<_> = (0..4)
        .map(|n| till.product(&format!("SALE-{n}"), &format!("Sold part {n}"), Some(1000 + n)))
        .collect();
    let synced: Vec<i64> = (0..PRICE_UPDATES)
        .map(|n| {
            add_product(
                &till.store,
                &format!("SYNC-{n}"),
                &format!("Synced part {n}"),
                Some(500),
            )
            .product_id
        })
        .collect();
    let mut reader = Store::open(&path).unwrap();
    let mut sync = Store::open(&path).unwrap();
    let barrier = Barrier::new(3);

    for round in 0..ROUNDS {
        let request = till.request(
            cart(&[(&items[0], 1), (&items[1], 2), (&items[2], 1), (&items[3], 3)]),
            vec![cash(10_000)],
        );
        let (sale, lookups, updates) = thread::scope(|scope| {
            let lookups = scope.spawn(|| {
                barrier.wait();
                lookup_names(&mut reader)
            });
            let updates = scope.spawn(|| {
                barrier.wait();
                apply_price_updates(&mut sync, &synced, 600 + round)
            });
            barrier.wait();
            let sale = till.store.complete_sale(&request);
            (sale, lookups.join().unwrap(), updates.join().unwrap())
        });
        assert!(sale.is_ok(), "round {round}: sale failed: {sale:?}");
        assert!(lookups.is_ok(), "round {round}: lookup failed: {lookups:?}");
        assert!(updates.is_ok(), "round {round}: price sync failed: {updates:?}");
    }

    assert_eq!(till.count("sales"), ROUNDS);
    let short_sales: i64 = till
        .store
        .connection()
        .query_row(
            "SELECT count(*) FROM sales WHERE (SELECT count(*) FROM sale_lines WHERE sale_id = sales.id) <> 4",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(short_sales, 0);
    let (applied, final_prices): (i64, i64) = till
        .store
        .connection()
        .query_row(
            "SELECT sum(change_seq), sum(price_cents = 649) FROM products WHERE sku LIKE 'SYNC-%'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(applied, ROUNDS * PRICE_UPDATES);
    assert_eq!(final_prices, PRICE_UPDATES);
    assert_eq!(till.stock(items[3].product_id), 10 - 3 * ROUNDS);
}

/// Runs the name lookups a field's blur handler fires.
fn lookup_names(store: &mut Store) -> rusqlite::Result<i64> {
    let mut found = 0;
    for _ in 0..10 {
        found += store.connection().query_row(
            "SELECT count(*) FROM products WHERE name LIKE '%part%' AND price_cents IS NOT NULL",
            [],
            |r| r.get::<_, i64>(0),
        )?;
    }
    Ok(found)
}

/// Applies one batch of downloaded price updates in one write transaction,
/// the way the sync client applies a change-feed page.
fn apply_price_updates(store: &mut Store, product_ids: &[i64], price_cents: i64) -> rusqlite::Result<()> {
    let conn = store.connection();
    conn.execute_batch("BEGIN IMMEDIATE")?;
    for id in product_ids {
        conn.execute(
            "UPDATE products SET price_cents = ?1, change_seq = change_seq + 1 WHERE id = ?2",
            [price_cents, *id],
        )?;
    }
    conn.execute_batch("COMMIT")
}

#[test]
fn fc06_retry_after_rejection_is_one_sale() {
    let mut till = Till::new();
    let webcam = till.product("CAM-1", "Webcam", Some(2500));
    let mut request = till.request(cart(&[(&webcam, 1)]), vec![cash(100)]);
    assert!(till.store.complete_sale(&request).is_err());
    request.tenders = vec![cash(3000)];
    let first = till.store.complete_sale(&request).unwrap();
    // The same id in capitals is the same UUID, so it finds the same sale.
    request.client_id = request.client_id.to_uppercase();
    let again = till.store.complete_sale(&request).unwrap();
    assert!(!first.replayed);
    assert!(again.replayed);
    assert_eq!(again.sale_id, first.sale_id);
    assert_eq!(till.count("sales"), 1);
}
