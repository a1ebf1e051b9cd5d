//! Reading a stored sale back: for a replayed completion, a reprint and a
//! return.

use giggatek_domain::{Money, Payment, PricedCart, PricedLine, Settlement, TenderKind};
use rusqlite::{Connection, OptionalExtension};

use crate::error::StoreError;

/// One stored sale line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoredLine {
    pub line_no: u32,
    pub product_id: i64,
    pub sku: String,
    pub name: String,
    pub quantity: u32,
    pub unit_price: Money,
    pub line_discount: Money,
    pub cart_discount: Money,
    pub net: Money,
    pub tax: Money,
}

/// A stored sale with its lines and payments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoredSale {
    pub id: i64,
    pub client_id: String,
    pub receipt_number: String,
    pub staff_id: i64,
    pub created_at: String,
    pub subtotal: Money,
    pub discount: Money,
    pub tax: Money,
    pub rounding: Money,
    /// Net plus tax, before cash rounding.
    pub total: Money,
    pub change: Money,
    pub tax_rate_millionths: i64,
    pub lines: Vec<StoredLine>,
    pub payments: Vec<Payment>,
}

impl StoredSale {
    /// Rebuilds the priced cart exactly as it was priced at the sale.
    pub fn priced(&self) -> PricedCart {
        PricedCart {
            lines: self
                .lines
                .iter()
                .map(|line| PricedLine {
                    gross: line.unit_price.times(line.quantity),
                    line_discount: line.line_discount,
                    cart_discount: line.cart_discount,
                    net: line.net,
                    tax: line.tax,
                })
                .collect(),
            subtotal: self.subtotal,
            discount: self.discount,
            tax: self.tax,
            total: self.total,
        }
    }

    /// Rebuilds the settlement exactly as it was settled at the sale.
    pub fn settlement(&self) -> Settlement {
        Settlement {
            rounding: self.rounding,
            amount_due: self.total + self.rounding,
            payments: self.payments.clone(),
            change: self.change,
        }
    }
}

/// Finds the id of the sale stored under a client id.
pub(crate) fn id_by_client_id(conn: &Connection, client_id: &str) -> Result<Option<i64>, StoreError> {
    let mut statement = conn.prepare_cached("SELECT id FROM sales WHERE client_id = ?1")?;
    Ok(statement.query_row([client_id], |row| row.get(0)).optional()?)
}

/// Finds the id of the sale with a receipt number.
pub(crate) fn id_by_receipt_number(conn: &Connection, receipt_number: &str) -> Result<Option<i64>, StoreError> {
    let mut statement = conn.prepare_cached("SELECT id FROM sales WHERE receipt_number = ?1")?;
    Ok(statement.query_row([receipt_number], |row| row.get(0)).optional()?)
}

/// Loads a sale with its lines (by line number) and payments (in tender order).
pub(crate) fn sale(conn: &Connection, sale_id: i64) -> Result<StoredSale, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT id, client_id, receipt_number, staff_id, created_at, subtotal_cents, discount_cents, tax_cents,
                rounding_cents, total_cents, change_cents, tax_rate_millionths
         FROM sales WHERE id = ?1",
    )?;
    let sale = statement
        .query_row([sale_id], |row| {
            Ok(StoredSale {
                id: row.get(0)?,
                client_id: row.get(1)?,
                receipt_number: row.get(2)?,
                staff_id: row.get(3)?,
                created_at: row.get(4)?,
                subtotal: Money::from_cents(row.get(5)?),
                discount: Money::from_cents(row.get(6)?),
                tax: Money::from_cents(row.get(7)?),
                rounding: Money::from_cents(row.get(8)?),
                total: Money::from_cents(row.get(9)?),
                change: Money::from_cents(row.get(10)?),
                tax_rate_millionths: row.get(11)?,
                lines: Vec::new(),
                payments: Vec::new(),
            })
        })
        .optional()?;
    let mut sale = sale.ok_or_else(|| StoreError::NotFound(format!("there is no sale {sale_id}")))?;
    sale.lines = lines(conn, sale_id)?;
    sale.payments = payments(conn, sale_id)?;
    Ok(sale)
}

fn lines(conn: &Connection, sale_id: i64) -> Result<Vec<StoredLine>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT line_no, product_id, sku, name, quantity, unit_price_cents, line_discount_cents,
                cart_discount_cents, net_cents, tax_cents
         FROM sale_lines WHERE sale_id = ?1 ORDER BY line_no",
    )?;
    let rows = statement.query_map([sale_id], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, i64>(1)?,
            row.get::<_, String>(2)?,
            row.get::<_, String>(3)?,
            row.get::<_, i64>(4)?,
            [
                row.get::<_, i64>(5)?,
                row.get(6)?,
                row.get(7)?,
                row.get(8)?,
                row.get(9)?,
            ],
        ))
    })?;
    let mut lines = Vec::new();
    for row in rows {
        let (line_no, product_id, sku, name, quantity, [unit_price, line_discount, cart_discount, net, tax]) = row?;
        lines.push(StoredLine {
            line_no: to_u32(line_no, "line number")?,
            product_id,
            sku,
            name,
            quantity: to_u32(quantity, "quantity")?,
            unit_price: Money::from_cents(unit_price),
            line_discount: Money::from_cents(line_discount),
            cart_discount: Money::from_cents(cart_discount),
            net: Money::from_cents(net),
            tax: Money::from_cents(tax),
        });
    }
    Ok(lines)
}

fn payments(conn: &Connection, sale_id: i64) -> Result<Vec<Payment>, StoreError> {
    read_tenders(
        conn,
        "SELECT tender, amount_cents, tendered_cents, change_cents, approval_code, last4
         FROM payments WHERE sale_id = ?1 ORDER BY seq",
        sale_id,
    )
}

/// Reads tender rows selected by `sql`, whose columns are tender, amount,
/// tendered, change, approval code and last 4 digits, for the owner `id`.
pub(crate) fn read_tenders(conn: &Connection, sql: &str, id: i64) -> Result<Vec<Payment>, StoreError> {
    let mut statement = conn.prepare_cached(sql)?;
    let rows = statement.query_map([id], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, i64>(1)?,
            row.get::<_, i64>(2)?,
            row.get::<_, i64>(3)?,
            row.get::<_, Option<String>>(4)?,
            row.get::<_, Option<String>>(5)?,
        ))
    })?;
    let mut payments = Vec::new();
    for row in rows {
        let (tender, amount, tendered, change, approval_code, last4) = row?;
        payments.push(Payment {
            kind: tender_kind(&tender)?,
            amount: Money::from_cents(amount),
            tendered: Money::from_cents(tendered),
            change: Money::from_cents(change),
            approval_code,
            last4,
        });
    }
    Ok(payments)
}

/// Reads a stored tender name.
pub(crate) fn tender_kind(text: &str) -> Result<TenderKind, StoreError> {
    TenderKind::parse(text).ok_or_else(|| StoreError::Corrupt(format!("stored tender \"{text}\" is unknown")))
}

/// Converts a stored count to `u32`, which the domain uses for quantities.
pub(crate) fn to_u32(value: i64, what: &str) -> Result<u32, StoreError> {
    u32::try_from(value).map_err(|_| StoreError::Corrupt(format!("stored {what} {value} is out of range")))
}
