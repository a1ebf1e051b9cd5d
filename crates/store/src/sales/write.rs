//! Writing a priced and settled sale: its row, lines, payments, stock
//! movements and the outbox payload that mirrors them.

use giggatek_domain::{Cart, PricedCart, Settlement, TaxRounding, TaxSettings};
use jiff::Timestamp;
use rusqlite::{Connection, params};
use serde_json::{Value, json};

use crate::clock::format_instant;
use crate::error::StoreError;
use crate::stock::{self, Movement, StockReason};

/// Everything that identifies a sale besides its amounts.
pub(crate) struct SaleHeader<'a> {
    pub client_id: &'a str,
    pub receipt_number: &'a str,
    pub shift_id: i64,
    pub staff_id: i64,
    pub now: Timestamp,
    pub business_date: &'a str,
    pub tax: TaxSettings,
}

/// A cart line's catalog facts as checked against the products table.
pub(crate) struct CatalogLine {
    pub product_id: i64,
    pub sku: String,
    pub name: String,
    pub list_price_cents: i64,
}

/// Writes the sale and everything that belongs to it; returns the sale id
/// and the outbox payload with every stored field.
pub(crate) fn insert_sale(
    conn: &Connection,
    header: &SaleHeader<'_>,
    cart: &Cart,
    catalog: &[CatalogLine],
    priced: &PricedCart,
    settlement: &Settlement,
) -> Result<(i64, Value), StoreError> {
    let created_at = format_instant(header.now);
    let tax_rounding = match header.tax.rounding {
        TaxRounding::PerLine => "per_line",
        TaxRounding::PerInvoice => "per_invoice",
    };
    let cart_discount = cart.discount().map(|discount| json!(discount));
    let mut insert = conn.prepare_cached(
        "INSERT INTO sales (client_id, receipt_number, shift_id, staff_id, created_at, business_date,
             subtotal_cents, discount_cents, tax_cents, rounding_cents, total_cents, change_cents,
             tax_rate_millionths, tax_rounding, cart_discount)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?;
    insert.execute(params![
        header.client_id,
        header.receipt_number,
        header.shift_id,
        header.staff_id,
        created_at,
        header.business_date,
        priced.subtotal.cents(),
        priced.discount.cents(),
        priced.tax.cents(),
        settlement.rounding.cents(),
        priced.total.cents(),
        settlement.change.cents(),
        header.tax.rate.millionths(),
        tax_rounding,
        cart_discount.as_ref().map(Value::to_string),
    ])?;
    let sale_id = conn.last_insert_rowid();

    let mut line_rows = Vec::with_capacity(cart.lines().len());
    let mut insert_line = conn.prepare_cached(
        "INSERT INTO sale_lines (sale_id, line_no, product_id, sku, name, quantity, list_price_cents,
             unit_price_cents, line_discount_cents, cart_discount_cents, net_cents, tax_cents, discount)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?;
    let mut stock_rows = Vec::with_capacity(cart.lines().len());
    for (line_no, ((line, facts), amounts)) in (1_i64..).zip(cart.lines().iter().zip(catalog).zip(&priced.lines)) {
        let discount = line.discount.map(|discount| json!(discount));
        insert_line.execute(params![
            sale_id,
            line_no,
            facts.product_id,
            facts.sku,
            facts.name,
            line.quantity,
            facts.list_price_cents,
            line.unit_price.cents(),
            amounts.line_discount.cents(),
            amounts.cart_discount.cents(),
            amounts.net.cents(),
            amounts.tax.cents(),
            discount.as_ref().map(Value::to_string),
        ])?;
        line_rows.push(json!({
            "line_no": line_no,
            "product_id": facts.product_id,
            "sku": facts.sku,
            "name": facts.name,
            "quantity": line.quantity,
            "list_price_cents": facts.list_price_cents,
            "unit_price_cents": line.unit_price.cents(),
            "line_discount_cents": amounts.line_discount.cents(),
            "cart_discount_cents": amounts.cart_discount.cents(),
            "net_cents": amounts.net.cents(),
            "tax_cents": amounts.tax.cents(),
            "discount": discount,
        }));
        let delta = -i64::from(line.quantity);
        stock::record(
            conn,
            header.now,
            &Movement {
                product_id: facts.product_id,
                delta,
                reason: StockReason::Sale,
                sale_id: Some(sale_id),
                return_id: None,
            },
        )?;
        stock_rows.push(json!({ "product_id": facts.product_id, "delta": delta, "reason": "sale" }));
    }

    let mut payment_rows = Vec::with_capacity(settlement.payments.len());
    let mut insert_payment = conn.prepare_cached(
        "INSERT INTO payments (sale_id, seq, tender, amount_cents, tendered_cents, change_cents, approval_code, last4)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (seq, payment) in (1_i64..).zip(&settlement.payments) {
        insert_payment.execute(params![
            sale_id,
            seq,
            payment.kind.as_str(),
            payment.amount.cents(),
            payment.tendered.cents(),
            payment.change.cents(),
            payment.approval_code,
            payment.last4,
        ])?;
        payment_rows.push(json!({
            "seq": seq,
            "tender": payment.kind.as_str(),
            "amount_cents": payment.amount.cents(),
            "tendered_cents": payment.tendered.cents(),
            "change_cents": payment.change.cents(),
            "approval_code": payment.approval_code,
            "last4": payment.last4,
        }));
    }

    let payload = json!({
        "client_id": header.client_id,
        "receipt_number": header.receipt_number,
        "shift_id": header.shift_id,
        "staff_id": header.staff_id,
        "created_at": created_at,
        "business_date": header.business_date,
        "subtotal_cents": priced.subtotal.cents(),
        "discount_cents": priced.discount.cents(),
        "tax_cents": priced.tax.cents(),
        "rounding_cents": settlement.rounding.cents(),
        "total_cents": priced.total.cents(),
        "amount_due_cents": settlement.amount_due.cents(),
        "change_cents": settlement.change.cents(),
        "tax_rate_millionths": header.tax.rate.millionths(),
        "tax_rounding": tax_rounding,
        "cart_discount": cart_discount,
        "lines": line_rows,
        "payments": payment_rows,
        "stock_movements": stock_rows,
    });
    Ok((sale_id, payload))
}
