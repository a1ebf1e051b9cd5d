//! Receipt numbers, and the printable receipt of a stored sale or refund,
//! for printing and reprint by number.
//!
//! The receipt is built only from stored amounts; nothing is priced again,
//! so a reprint shows exactly what was charged or refunded.

use giggatek_domain::{
    Money, Payment, Percent, Receipt, ReceiptKind, ReceiptLine, ReceiptNumber, ReceiptPayment, TenderKind,
};
use rusqlite::{Connection, OptionalExtension};

use crate::clock::{local_date_time, parse_instant, time_zone};
use crate::db::Store;
use crate::error::StoreError;
use crate::returns::{StoredReturn, ledger_before, return_id_by_receipt_number, stored_return};
use crate::sales::{StoredSale, id_by_receipt_number, load_sale};
use crate::settings::{self, StoreSettings};

/// The counter that numbers sales and refunds of this terminal alike.
const RECEIPT_COUNTER: &str = "receipt";

/// Takes the next receipt number; call it inside the write transaction that
/// stores the sale or return, so a rolled-back sale gives its number back.
pub(crate) fn next_receipt_number(conn: &Connection, settings: &StoreSettings) -> Result<String, StoreError> {
    let mut statement = conn.prepare_cached(
        "INSERT INTO counters (name, value) VALUES (?1, 1)
         ON CONFLICT (name) DO UPDATE SET value = value + 1
         RETURNING value",
    )?;
    let value: i64 = statement.query_row([RECEIPT_COUNTER], |row| row.get(0))?;
    let sequence = u64::try_from(value)
        .map_err(|_| StoreError::Corrupt(format!("the receipt counter value {value} is invalid")))?;
    ReceiptNumber::new(&settings.store_code, &settings.terminal_code, sequence)
        .map(|number| number.to_string())
        .map_err(|error| StoreError::Invalid(format!("receipt number: {error}")))
}

impl Store {
    /// Builds the printable receipt of a sale or a refund by its number.
    pub fn receipt(&self, receipt_number: &str) -> Result<Receipt, StoreError> {
        let number = receipt_number.trim();
        let settings = settings::load(&self.conn)?;
        if let Some(sale_id) = id_by_receipt_number(&self.conn, number)? {
            let sale = load_sale(&self.conn, sale_id)?;
            return sale_receipt(&self.conn, &settings, &sale);
        }
        if let Some(return_id) = return_id_by_receipt_number(&self.conn, number)? {
            let stored = stored_return(&self.conn, return_id)?;
            return refund_receipt(&self.conn, &settings, &stored);
        }
        Err(StoreError::NotFound(format!(
            "no sale or refund has receipt number \"{number}\": check the number"
        )))
    }
}

fn sale_receipt(conn: &Connection, settings: &StoreSettings, sale: &StoredSale) -> Result<Receipt, StoreError> {
    let lines = sale
        .lines
        .iter()
        .map(|line| ReceiptLine {
            name: line.name.clone(),
            sku: line.sku.clone(),
            quantity: line.quantity,
            unit_price: line.unit_price,
            discount: line.line_discount + line.cart_discount,
            amount: line.net,
        })
        .collect();
    let payments = sale.payments.iter().map(sale_payment).collect();
    Ok(Receipt {
        store_name: settings.store_name.clone(),
        store_address: settings.store_address.clone(),
        receipt_number: sale.receipt_number.clone(),
        kind: ReceiptKind::Sale,
        issued_at: issued_at(settings, &sale.created_at)?,
        clerk: staff_name(conn, sale.staff_id)?,
        lines,
        subtotal: sale.subtotal,
        discount: sale.discount,
        tax_label: tax_label(sale.tax_rate_millionths)?,
        tax: sale.tax,
        rounding: sale.rounding,
        total: sale.total + sale.rounding,
        payments,
        change: sale.change,
        footer: Vec::new(),
    })
}

/// Words a sale's payment for print. A cash line shows what was handed
/// over, so the payments less the change equal the total.
pub(crate) fn sale_payment(payment: &Payment) -> ReceiptPayment {
    match payment.kind {
        TenderKind::Cash => ReceiptPayment {
            label: "Cash".to_string(),
            approval_code: None,
            amount: payment.tendered,
        },
        TenderKind::Card => ReceiptPayment {
            label: card_label(payment.last4.as_deref()),
            approval_code: payment.approval_code.clone(),
            amount: payment.amount,
        },
    }
}

fn refund_receipt(conn: &Connection, settings: &StoreSettings, stored: &StoredReturn) -> Result<Receipt, StoreError> {
    let sale = load_sale(conn, stored.sale_id)?;
    let mut lines = Vec::with_capacity(stored.lines.len());
    let mut subtotal = Money::ZERO;
    for returned in &stored.lines {
        let sold = sale
            .lines
            .iter()
            .find(|line| line.line_no == returned.line_no)
            .ok_or_else(|| {
                StoreError::Corrupt(format!(
                    "refund {} names line {} that sale {} does not have",
                    stored.receipt_number, returned.line_no, sale.receipt_number
                ))
            })?;
        let gross = sold.unit_price.times(returned.quantity);
        subtotal = subtotal + gross;
        lines.push(ReceiptLine {
            name: sold.name.clone(),
            sku: sold.sku.clone(),
            quantity: returned.quantity,
            unit_price: sold.unit_price,
            discount: (gross - returned.net).max(Money::ZERO),
            amount: returned.net,
        });
    }
    let discount: Money = lines.iter().map(|line| line.discount).sum();
    // The card each refund part went to is found by replaying the sale's
    // earlier refunds, the way they were split when recorded.
    let mut ledger = ledger_before(conn, &sale, Some(stored.id))?;
    let targets = ledger.apply(&sale.payments, &stored.refunds);
    let payments = stored
        .refunds
        .iter()
        .zip(targets)
        .map(|((kind, amount), target)| {
            let label = match kind {
                TenderKind::Cash => "Cash".to_string(),
                TenderKind::Card => {
                    let last4 = target
                        .and_then(|index| sale.payments.get(index))
                        .and_then(|p| p.last4.as_deref());
                    card_label(last4)
                }
            };
            ReceiptPayment {
                label,
                approval_code: None,
                amount: *amount,
            }
        })
        .collect();
    Ok(Receipt {
        store_name: settings.store_name.clone(),
        store_address: settings.store_address.clone(),
        receipt_number: stored.receipt_number.clone(),
        kind: ReceiptKind::Refund {
            original: sale.receipt_number.clone(),
        },
        issued_at: issued_at(settings, &stored.created_at)?,
        clerk: staff_name(conn, stored.staff_id)?,
        lines,
        subtotal,
        discount,
        tax_label: tax_label(sale.tax_rate_millionths)?,
        tax: stored.tax,
        rounding: Money::ZERO,
        total: stored.total,
        payments,
        change: Money::ZERO,
        footer: Vec::new(),
    })
}

fn card_label(last4: Option<&str>) -> String {
    match last4 {
        Some(last4) => format!("Card ****{last4}"),
        None => "Card".to_string(),
    }
}

/// Formats the tax line's label from the rate stored with the sale: `Tax 8.25%`.
fn tax_label(rate_millionths: i64) -> Result<String, StoreError> {
    let rate = Percent::from_millionths(rate_millionths)
        .map_err(|error| StoreError::Corrupt(format!("stored tax rate: {error}")))?;
    Ok(format!("Tax {rate}%"))
}

fn issued_at(settings: &StoreSettings, created_at: &str) -> Result<String, StoreError> {
    let zone = time_zone(&settings.time_zone)?;
    Ok(local_date_time(parse_instant(created_at)?, &zone))
}

fn staff_name(conn: &Connection, staff_id: i64) -> Result<String, StoreError> {
    conn.query_row("SELECT name FROM staff WHERE id = ?1", [staff_id], |row| row.get(0))
        .optional()?
        .ok_or_else(|| StoreError::Corrupt(format!("staff member {staff_id} of a stored receipt is missing")))
}
