//! Reading stored returns back, and which original tender each refund went
//! to.

use giggatek_domain::{Money, Payment, TenderKind};
use rusqlite::{Connection, OptionalExtension};

use crate::error::StoreError;
use crate::sales::{tender_kind, to_u32};

/// One returned line as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoredReturnLine {
    pub line_no: u32,
    pub quantity: u32,
    pub net: Money,
    pub tax: Money,
}

/// A stored return with its lines and refunds (in the order given).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoredReturn {
    pub id: i64,
    pub receipt_number: String,
    pub sale_id: i64,
    pub staff_id: i64,
    pub created_at: String,
    pub net: Money,
    pub tax: Money,
    pub total: Money,
    pub lines: Vec<StoredReturnLine>,
    pub refunds: Vec<(TenderKind, Money)>,
}

pub(crate) fn id_by_client_id(conn: &Connection, client_id: &str) -> Result<Option<i64>, StoreError> {
    let mut statement = conn.prepare_cached("SELECT id FROM returns WHERE client_id = ?1")?;
    Ok(statement.query_row([client_id], |row| row.get(0)).optional()?)
}

pub(crate) fn id_by_receipt_number(conn: &Connection, receipt_number: &str) -> Result<Option<i64>, StoreError> {
    let mut statement = conn.prepare_cached("SELECT id FROM returns WHERE receipt_number = ?1")?;
    Ok(statement.query_row([receipt_number], |row| row.get(0)).optional()?)
}

/// Loads a return with its lines and refunds.
pub(crate) fn stored_return(conn: &Connection, return_id: i64) -> Result<StoredReturn, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT id, receipt_number, sale_id, staff_id, created_at, net_cents, tax_cents, total_cents
         FROM returns WHERE id = ?1",
    )?;
    let found = statement
        .query_row([return_id], |row| {
            Ok(StoredReturn {
                id: row.get(0)?,
                receipt_number: row.get(1)?,
                sale_id: row.get(2)?,
                staff_id: row.get(3)?,
                created_at: row.get(4)?,
                net: Money::from_cents(row.get(5)?),
                tax: Money::from_cents(row.get(6)?),
                total: Money::from_cents(row.get(7)?),
                lines: Vec::new(),
                refunds: Vec::new(),
            })
        })
        .optional()?;
    let mut stored = found.ok_or_else(|| StoreError::NotFound(format!("there is no return {return_id}")))?;
    let mut lines = conn.prepare_cached(
        "SELECT line_no, quantity, net_cents, tax_cents FROM return_lines WHERE return_id = ?1 ORDER BY line_no",
    )?;
    let rows = lines.query_map([return_id], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, i64>(1)?,
            row.get::<_, i64>(2)?,
            row.get::<_, i64>(3)?,
        ))
    })?;
    for row in rows {
        let (line_no, quantity, net, tax) = row?;
        stored.lines.push(StoredReturnLine {
            line_no: to_u32(line_no, "line number")?,
            quantity: to_u32(quantity, "quantity")?,
            net: Money::from_cents(net),
            tax: Money::from_cents(tax),
        });
    }
    stored.refunds = refunds(conn, return_id)?;
    Ok(stored)
}

fn refunds(conn: &Connection, return_id: i64) -> Result<Vec<(TenderKind, Money)>, StoreError> {
    let mut statement =
        conn.prepare_cached("SELECT tender, amount_cents FROM refunds WHERE return_id = ?1 ORDER BY seq")?;
    let rows = statement.query_map([return_id], |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?)))?;
    let mut parts = Vec::new();
    for row in rows {
        let (tender, cents) = row?;
        parts.push((tender_kind(&tender)?, Money::from_cents(cents)));
    }
    Ok(parts)
}

/// Lists the ids of a sale's returns, oldest first, up to but not including
/// `before` when given.
pub(crate) fn return_ids_of_sale(conn: &Connection, sale_id: i64, before: Option<i64>) -> Result<Vec<i64>, StoreError> {
    let mut statement = conn.prepare_cached("SELECT id FROM returns WHERE sale_id = ?1 AND id < ?2 ORDER BY id")?;
    let rows = statement.query_map([sale_id, before.unwrap_or(i64::MAX)], |row| row.get(0))?;
    Ok(rows.collect::<Result<Vec<i64>, _>>()?)
}

/// A running balance of what each payment of a sale can still take back,
/// built by replaying the sale's refunds in order.
pub(crate) struct TenderLedger {
    /// Refundable amount per payment, in the sale's tender order.
    pub remaining: Vec<Money>,
}

impl TenderLedger {
    /// Starts from what each payment paid toward the sale (cash net of change).
    pub fn new(payments: &[Payment]) -> TenderLedger {
        TenderLedger {
            remaining: payments.iter().map(|payment| payment.amount).collect(),
        }
    }

    /// Applies one return's refund parts in their order and returns, per
    /// part, the index of the payment it went to.
    ///
    /// This mirrors `refund_to_tenders`, which fills cards in the order they
    /// were taken, each up to what it can still take back, and sends the
    /// rest to cash: a card part therefore belongs to the first card payment
    /// with something left.
    pub fn apply(&mut self, payments: &[Payment], parts: &[(TenderKind, Money)]) -> Vec<Option<usize>> {
        let mut targets = Vec::with_capacity(parts.len());
        for (kind, amount) in parts {
            let target = payments.iter().enumerate().position(|(index, payment)| {
                payment.kind == *kind
                    && (*kind == TenderKind::Cash || self.remaining.get(index).is_some_and(|left| !left.is_zero()))
            });
            if let Some(index) = target
                && let Some(left) = self.remaining.get_mut(index)
            {
                *left = (*left - *amount).max(Money::ZERO);
            }
            targets.push(target);
        }
        targets
    }
}
