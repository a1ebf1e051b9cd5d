//! Shifts: the opening float, the X report during the shift and the Z report
//! that closes it.
//!
//! Both reports come from the domain's one `shift_report` function over the
//! totals of the shift's rows, so the X and the Z never disagree on a figure.

use giggatek_domain::{Money, ShiftActivity, ShiftCount, ShiftReport, shift_report};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde_json::json;

use crate::audit::{self, NewAuditEntry};
use crate::clock::format_instant;
use crate::db::Store;
use crate::error::StoreError;
use crate::outbox;
use crate::staff::{Staff, require_active, require_manager};

/// A shift as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shift {
    pub id: i64,
    pub client_id: String,
    /// UTC RFC 3339 instant.
    pub opened_at: String,
    pub opened_by: i64,
    pub opening_float: Money,
    /// UTC RFC 3339 instant; `None` while the shift is open.
    pub closed_at: Option<String>,
    pub closed_by: Option<i64>,
}

const SHIFT_COLUMNS: &str = "id, client_id, opened_at, opened_by, opening_float_cents, closed_at, closed_by";

fn shift_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Shift> {
    Ok(Shift {
        id: row.get(0)?,
        client_id: row.get(1)?,
        opened_at: row.get(2)?,
        opened_by: row.get(3)?,
        opening_float: Money::from_cents(row.get(4)?),
        closed_at: row.get(5)?,
        closed_by: row.get(6)?,
    })
}

impl Store {
    /// Opens a shift with the cash float counted into the drawer. Only one
    /// shift is open at a time: a second gives `Conflict`.
    pub fn open_shift(&mut self, staff: &Staff, opening_float: Money) -> Result<Shift, StoreError> {
        let opening_float = Money::from_cents_checked(opening_float.cents())
            .map_err(|error| StoreError::Invalid(format!("opening float: {error}")))?;
        let now = self.now();

        let tx = self.write()?;
        require_active(&tx, staff)?;
        if let Some(open) = current(&tx)? {
            return Err(StoreError::Conflict(format!(
                "shift {} is still open: close it before opening another",
                open.id
            )));
        }

        let client_id = outbox::new_client_id();
        tx.execute(
            "INSERT INTO shifts (client_id, status, opened_at, opened_by, opening_float_cents)
             VALUES (?1, 'open', ?2, ?3, ?4)",
            params![client_id, format_instant(now), staff.id, opening_float.cents()],
        )?;
        let id = tx.last_insert_rowid();
        audit::record(
            &tx,
            now,
            NewAuditEntry {
                staff_id: Some(staff.id),
                approved_by: None,
                action: "shift_opened",
                subject: &id.to_string(),
                detail: json!({ "opening_float_cents": opening_float.cents() }),
            },
        )?;
        let shift = load(&tx, id)?;
        tx.commit()?;
        tracing::info!(shift_id = id, staff_id = staff.id, "shift opened");
        Ok(shift)
    }

    /// Returns the open shift, if any.
    pub fn current_shift(&self) -> Result<Option<Shift>, StoreError> {
        current(&self.conn)
    }

    /// Builds the X report of a shift from its rows so far. For a closed
    /// shift it returns the Z report stored at close.
    pub fn shift_report(&self, shift_id: i64) -> Result<ShiftReport, StoreError> {
        let stored: Option<Option<String>> = self
            .conn
            .query_row("SELECT z_report FROM shifts WHERE id = ?1", [shift_id], |row| {
                row.get(0)
            })
            .optional()?;
        match stored {
            None => Err(StoreError::NotFound(format!("there is no shift {shift_id}"))),
            Some(Some(z_report)) => serde_json::from_str(&z_report).map_err(|error| {
                StoreError::Corrupt(format!("the Z report of shift {shift_id} is unreadable: {error}"))
            }),
            Some(None) => Ok(shift_report(activity(&self.conn, shift_id)?, None)),
        }
    }

    /// Closes the open shift with the manager's count and returns the Z
    /// report, which is stored on the shift and queued for upload.
    pub fn close_shift(&mut self, manager: &Staff, count: ShiftCount) -> Result<ShiftReport, StoreError> {
        let cash = Money::from_cents_checked(count.cash.cents())
            .map_err(|error| StoreError::Invalid(format!("counted cash: {error}")))?;
        let card = match count.card {
            Some(card) => Some(
                Money::from_cents_checked(card.cents())
                    .map_err(|error| StoreError::Invalid(format!("card batch total: {error}")))?,
            ),
            None => None,
        };
        let count = ShiftCount { cash, card };

        let now = self.now();
        let tx = self.write()?;
        require_manager(&tx, manager)?;
        let shift =
            current(&tx)?.ok_or_else(|| StoreError::Conflict("no shift is open, so none can be closed".to_string()))?;

        let report = shift_report(activity(&tx, shift.id)?, Some(count));
        let report_json = serde_json::to_value(&report)
            .map_err(|error| StoreError::Invalid(format!("the Z report cannot be written: {error}")))?;
        tx.execute(
            "UPDATE shifts SET status = 'closed', closed_at = ?1, closed_by = ?2, counted_cash_cents = ?3,
                 counted_card_cents = ?4, z_report = ?5
             WHERE id = ?6",
            params![
                format_instant(now),
                manager.id,
                count.cash.cents(),
                count.card.map(Money::cents),
                report_json.to_string(),
                shift.id
            ],
        )?;

        let over_short = json!({
            "cash_expected_cents": report.cash.expected,
            "cash_counted_cents": report.cash.counted,
            "cash_over_short_cents": report.cash.over_short,
            "card_expected_cents": report.card.expected,
            "card_counted_cents": report.card.counted,
            "card_over_short_cents": report.card.over_short,
        });
        audit::record(
            &tx,
            now,
            NewAuditEntry {
                staff_id: Some(manager.id),
                approved_by: Some(manager.id),
                action: "shift_closed",
                subject: &shift.id.to_string(),
                detail: over_short,
            },
        )?;

        let payload = json!({
            "shift_client_id": shift.client_id,
            "opened_at": shift.opened_at,
            "opened_by": shift.opened_by,
            "closed_at": format_instant(now),
            "closed_by": manager.id,
            "z_report": report_json,
        });
        outbox::enqueue(&tx, now, &shift.client_id, "shift_closed", &payload)?;
        tx.commit()?;
        tracing::info!(shift_id = shift.id, manager_id = manager.id, "shift closed");
        Ok(report)
    }
}

/// Returns the open shift, if any, through any connection or transaction.
pub(crate) fn current(conn: &Connection) -> Result<Option<Shift>, StoreError> {
    let sql = format!("SELECT {SHIFT_COLUMNS} FROM shifts WHERE status = 'open'");
    Ok(conn.query_row(&sql, [], shift_from_row).optional()?)
}

/// Returns the id of the open shift, or `Conflict` when none is open.
pub(crate) fn require_open(conn: &Connection) -> Result<i64, StoreError> {
    let id: Option<i64> = conn
        .prepare_cached("SELECT id FROM shifts WHERE status = 'open'")?
        .query_row([], |row| row.get(0))
        .optional()?;
    id.ok_or_else(|| StoreError::Conflict("no shift is open: open a shift with its cash float first".to_string()))
}

/// The cash the drawer of a shift should hold now, from its rows so far.
pub(crate) fn expected_cash(conn: &Connection, shift_id: i64) -> Result<Money, StoreError> {
    Ok(shift_report(activity(conn, shift_id)?, None).cash.expected)
}

fn load(conn: &Connection, id: i64) -> Result<Shift, StoreError> {
    let sql = format!("SELECT {SHIFT_COLUMNS} FROM shifts WHERE id = ?1");
    conn.query_row(&sql, [id], shift_from_row)
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("there is no shift {id}")))
}

/// Sums a shift's sales, returns and cash movements into the domain's
/// activity totals.
fn activity(conn: &Connection, shift_id: i64) -> Result<ShiftActivity, StoreError> {
    let opening_float: i64 = conn
        .query_row(
            "SELECT opening_float_cents FROM shifts WHERE id = ?1",
            [shift_id],
            |row| row.get(0),
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("there is no shift {shift_id}")))?;
    let mut activity = ShiftActivity {
        opening_float: Money::from_cents(opening_float),
        ..ShiftActivity::default()
    };
    let (sale_count, tax_collected): (i64, i64) = conn.query_row(
        "SELECT count(*), coalesce(sum(tax_cents), 0) FROM sales WHERE shift_id = ?1",
        [shift_id],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    activity.sale_count = to_count(sale_count)?;
    activity.tax_collected = Money::from_cents(tax_collected);
    let (return_count, tax_refunded): (i64, i64) = conn.query_row(
        "SELECT count(*), coalesce(sum(tax_cents), 0) FROM returns WHERE shift_id = ?1",
        [shift_id],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    activity.return_count = to_count(return_count)?;
    activity.tax_refunded = Money::from_cents(tax_refunded);

    // Money taken for rentals (contract payments and rental fees) goes into
    // the same drawer and card batch, so it counts with the sales for the
    // expected totals.
    (activity.cash_sales, activity.card_sales) = tender_totals(
        conn,
        "SELECT tender, 0, sum(amount_cents) FROM (
             SELECT p.tender, p.amount_cents FROM payments p JOIN sales s ON s.id = p.sale_id
             WHERE s.shift_id = ?1
             UNION ALL
             SELECT t.tender, t.amount_cents FROM contract_payment_tenders t
             JOIN contract_payments c ON c.id = t.payment_id
             WHERE c.shift_id = ?1
             UNION ALL
             SELECT t.tender, t.amount_cents FROM rental_fee_tenders t
             JOIN rental_fee_payments f ON f.id = t.payment_id
             WHERE f.shift_id = ?1
         ) GROUP BY tender",
        shift_id,
    )?;
    (activity.cash_refunds, activity.card_refunds) = tender_totals(
        conn,
        "SELECT f.tender, 0, sum(f.amount_cents) FROM refunds f JOIN returns r ON r.id = f.return_id
         WHERE r.shift_id = ?1 GROUP BY f.tender",
        shift_id,
    )?;
    for (kind, count, cents) in sums_by(
        conn,
        "SELECT kind, count(*), sum(amount_cents) FROM cash_movements WHERE shift_id = ?1 GROUP BY kind",
        shift_id,
    )? {
        match kind.as_str() {
            "paid_in" => activity.paid_in = Money::from_cents(cents),
            "paid_out" => activity.paid_out = Money::from_cents(cents),
            _ => activity.no_sale_count = to_count(count)?,
        }
    }
    Ok(activity)
}

/// Runs a query grouped by tender and returns the (cash, card) totals.
fn tender_totals(conn: &Connection, sql: &str, shift_id: i64) -> Result<(Money, Money), StoreError> {
    let mut cash = Money::ZERO;
    let mut card = Money::ZERO;
    for (tender, _, cents) in sums_by(conn, sql, shift_id)? {
        match tender.as_str() {
            "cash" => cash = Money::from_cents(cents),
            _ => card = Money::from_cents(cents),
        }
    }
    Ok((cash, card))
}

/// Runs a grouped query returning (group, count, cents) rows.
fn sums_by(conn: &Connection, sql: &str, shift_id: i64) -> Result<Vec<(String, i64, i64)>, StoreError> {
    let mut statement = conn.prepare_cached(sql)?;
    let rows = statement.query_map([shift_id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

fn to_count(count: i64) -> Result<u32, StoreError> {
    u32::try_from(count).map_err(|_| StoreError::Corrupt(format!("a shift count of {count} is out of range")))
}
