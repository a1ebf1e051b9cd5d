//! Rental fees taken at the counter apart from rent: a contract's initial
//! payment and a short-term rental's late return fee. Each is settled
//! against its tenders with no cash rounding, stored with one line per fee
//! and counted in the shift's drawer.

use giggatek_domain::rental::{FeeLine, ReceiptDetail, RentalFee, RentalFeeReceipt};
use giggatek_domain::{CashRounding, Money, Payment, Settlement, Tender, settle};
use jiff::Timestamp;
use jiff::civil::Date;
use rusqlite::{Connection, params};
use serde::Serialize;

use crate::clock::{format_instant, local_date_time, parse_instant, time_zone};
use crate::db::Store;
use crate::error::StoreError;
use crate::receipts::sale_payment;
use crate::rentals::customers::load_customer;
use crate::rentals::units::load_unit;
use crate::sales::read_tenders;
use crate::settings;
use crate::shifts::require_open;

/// What a fee payment pays for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FeeSubject {
    /// The initial payment of the contract with this id.
    InitialPayment(i64),
    /// The late return fee of the short-term rental with this id.
    LateReturn(i64),
}

/// A fee payment to store in the caller's transaction.
pub(crate) struct NewFeePayment<'a> {
    pub client_id: &'a str,
    pub receipt_number: &'a str,
    pub subject: FeeSubject,
    pub customer_id: i64,
    pub staff_id: i64,
    pub now: Timestamp,
    pub business_date: Date,
    pub lines: &'a [FeeLine],
    pub tenders: &'a [Tender],
}

/// A stored fee payment's lines and tenders, as its receipt prints them.
pub(crate) struct StoredFeePayment {
    pub receipt_number: String,
    pub created_at: String,
    pub staff_id: i64,
    pub lines: Vec<FeeLine>,
    pub total: Money,
    pub payments: Vec<Payment>,
    pub change: Money,
}

/// One entry of a customer's ledger: a rent payment, or a fee kept apart
/// from rent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CustomerLedgerEntry {
    /// Store-local date the money was taken.
    pub business_date: String,
    pub receipt_number: String,
    /// The contract or short-term rental number.
    pub reference: String,
    /// `rent`, `late_fee` (a contract payment's), `buyout`, or a
    /// [`RentalFee`] name such as `deposit` or `late_return_fee`.
    pub kind: String,
    pub amount: Money,
    /// Late return fees only: the rate per day and the whole days late.
    pub rate_per_day: Option<Money>,
    pub days: Option<u32>,
}

/// The parts of a rental fee receipt that differ between an initial
/// payment and a short-term return.
pub(crate) struct FeeReceiptParts<'a> {
    pub title: &'a str,
    pub reference_label: &'a str,
    pub reference: &'a str,
    pub customer_id: i64,
    pub unit_id: i64,
    pub details: Vec<ReceiptDetail>,
    pub stored: StoredFeePayment,
}

/// Builds a rental fee receipt with the store's header, the clerk's,
/// customer's and unit's names and the stored amounts.
pub(crate) fn build_fee_receipt(conn: &Connection, parts: FeeReceiptParts<'_>) -> Result<RentalFeeReceipt, StoreError> {
    let settings = settings::load(conn)?;
    let zone = time_zone(&settings.time_zone)?;
    let clerk: String = conn.query_row("SELECT name FROM staff WHERE id = ?1", [parts.stored.staff_id], |row| {
        row.get(0)
    })?;
    let customer = load_customer(conn, parts.customer_id)?;
    let unit = load_unit(conn, parts.unit_id)?;
    let stored = parts.stored;
    Ok(RentalFeeReceipt {
        store_name: settings.store_name,
        store_address: settings.store_address,
        receipt_number: stored.receipt_number,
        title: parts.title.to_string(),
        reference_label: parts.reference_label.to_string(),
        reference: parts.reference.to_string(),
        issued_at: local_date_time(parse_instant(&stored.created_at)?, &zone),
        clerk,
        customer_name: customer.details.full_name,
        property: format!("{} S/N {}", unit.description, unit.serial_number),
        details: parts.details,
        lines: stored.lines,
        total: stored.total,
        payments: stored.payments.iter().map(sale_payment).collect(),
        change: stored.change,
    })
}

/// Settles `payment.tenders` against the sum of its lines and stores the
/// payment, its lines and its tenders. Returns the payment's id.
///
/// # Errors
/// - `Conflict` when no shift is open.
/// - `Invalid` when the tenders do not pay the total.
pub(crate) fn insert_fee_payment(conn: &Connection, payment: &NewFeePayment<'_>) -> Result<i64, StoreError> {
    let shift_id = require_open(conn)?;
    let total = payment.lines.iter().map(|line| line.amount).sum::<Money>();
    let settlement = settle(total, payment.tenders, CashRounding::None)
        .map_err(|error| StoreError::Invalid(format!("the {} due now: {error}", total.grouped())))?;
    let (kind, contract_id, rental_id) = match payment.subject {
        FeeSubject::InitialPayment(id) => ("initial_payment", Some(id), None),
        FeeSubject::LateReturn(id) => ("late_return", None, Some(id)),
    };
    conn.execute(
        "INSERT INTO rental_fee_payments (client_id, receipt_number, kind, customer_id, contract_id,
             short_term_rental_id, shift_id, staff_id, created_at, business_date, amount_cents, change_cents)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            payment.client_id,
            payment.receipt_number,
            kind,
            payment.customer_id,
            contract_id,
            rental_id,
            shift_id,
            payment.staff_id,
            format_instant(payment.now),
            payment.business_date.to_string(),
            total.cents(),
            settlement.change.cents(),
        ],
    )?;
    let payment_id = conn.last_insert_rowid();
    let mut insert = conn.prepare_cached(
        "INSERT INTO rental_fee_lines (payment_id, seq, fee, amount_cents, rate_cents, days)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (seq, line) in (1_i64..).zip(payment.lines) {
        insert.execute(params![
            payment_id,
            seq,
            line.fee.as_str(),
            line.amount.cents(),
            line.rate_per_day.map(Money::cents),
            line.days,
        ])?;
    }
    insert_tenders(conn, "rental_fee_tenders", payment_id, &settlement)?;
    Ok(payment_id)
}

/// Stores a settlement's tenders in `table`, which has the columns of
/// `contract_payment_tenders`.
pub(crate) fn insert_tenders(
    conn: &Connection,
    table: &str,
    payment_id: i64,
    settlement: &Settlement,
) -> Result<(), StoreError> {
    let mut insert = conn.prepare_cached(&format!(
        "INSERT INTO {table} (payment_id, seq, tender, amount_cents, tendered_cents, change_cents,
             approval_code, last4)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    ))?;
    for (seq, payment) in (1_i64..).zip(&settlement.payments) {
        insert.execute(params![
            payment_id,
            seq,
            payment.kind.as_str(),
            payment.amount.cents(),
            payment.tendered.cents(),
            payment.change.cents(),
            payment.approval_code,
            payment.last4,
        ])?;
    }
    Ok(())
}

/// Loads the fee payment stored for `subject`, if any.
pub(crate) fn fee_payment_for(conn: &Connection, subject: FeeSubject) -> Result<Option<StoredFeePayment>, StoreError> {
    let (column, id) = match subject {
        FeeSubject::InitialPayment(id) => ("contract_id", id),
        FeeSubject::LateReturn(id) => ("short_term_rental_id", id),
    };
    let mut statement = conn.prepare_cached(&format!(
        "SELECT id, receipt_number, created_at, staff_id, amount_cents, change_cents
         FROM rental_fee_payments WHERE {column} = ?1"
    ))?;
    let mut rows = statement.query([id])?;
    let Some(row) = rows.next()? else {
        return Ok(None);
    };
    let payment_id: i64 = row.get(0)?;
    Ok(Some(StoredFeePayment {
        receipt_number: row.get(1)?,
        created_at: row.get(2)?,
        staff_id: row.get(3)?,
        total: Money::from_cents(row.get(4)?),
        change: Money::from_cents(row.get(5)?),
        lines: fee_lines(conn, payment_id)?,
        payments: read_tenders(
            conn,
            "SELECT tender, amount_cents, tendered_cents, change_cents, approval_code, last4
             FROM rental_fee_tenders WHERE payment_id = ?1 ORDER BY seq",
            payment_id,
        )?,
    }))
}

fn fee_lines(conn: &Connection, payment_id: i64) -> Result<Vec<FeeLine>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT fee, amount_cents, rate_cents, days FROM rental_fee_lines WHERE payment_id = ?1 ORDER BY seq",
    )?;
    let rows = statement.query_map([payment_id], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, i64>(1)?,
            row.get::<_, Option<i64>>(2)?,
            row.get::<_, Option<u32>>(3)?,
        ))
    })?;
    let mut lines = Vec::new();
    for row in rows {
        let (fee, amount, rate, days) = row?;
        lines.push(FeeLine {
            fee: RentalFee::parse(&fee)
                .ok_or_else(|| StoreError::Corrupt(format!("fee payment {payment_id} has a fee \"{fee}\"")))?,
            amount: Money::from_cents(amount),
            rate_per_day: rate.map(Money::from_cents),
            days,
        });
    }
    Ok(lines)
}

impl Store {
    /// Lists a customer's ledger, oldest first: rent, contract late fees
    /// and buyouts from contract payments, and each rental fee (delivery
    /// fee, damage waiver, deposit, late return fee) as its own entry.
    pub fn customer_ledger(&self, customer_id: i64) -> Result<Vec<CustomerLedgerEntry>, StoreError> {
        load_customer(&self.conn, customer_id)?;
        let mut statement = self.conn.prepare_cached(
            "SELECT business_date, receipt_number, reference, kind, amount_cents, rate_cents, days FROM (
                 SELECT p.created_at AS at, p.id AS id, 0 AS seq, p.business_date, p.receipt_number,
                     c.contract_number AS reference,
                     CASE p.kind WHEN 'buyout' THEN 'buyout' ELSE 'rent' END AS kind,
                     p.rent_cents AS amount_cents, NULL AS rate_cents, NULL AS days
                 FROM contract_payments p JOIN contracts c ON c.id = p.contract_id
                 WHERE c.customer_id = ?1 AND p.rent_cents > 0
                 UNION ALL
                 SELECT p.created_at, p.id, 1, p.business_date, p.receipt_number, c.contract_number, 'late_fee',
                     p.late_fee_cents, NULL, NULL
                 FROM contract_payments p JOIN contracts c ON c.id = p.contract_id
                 WHERE c.customer_id = ?1 AND p.late_fee_cents > 0
                 UNION ALL
                 SELECT f.created_at, f.id, l.seq, f.business_date, f.receipt_number,
                     coalesce(c.contract_number, s.rental_number), l.fee, l.amount_cents, l.rate_cents, l.days
                 FROM rental_fee_lines l
                 JOIN rental_fee_payments f ON f.id = l.payment_id
                 LEFT JOIN contracts c ON c.id = f.contract_id
                 LEFT JOIN short_term_rentals s ON s.id = f.short_term_rental_id
                 WHERE f.customer_id = ?1
             ) ORDER BY at, id, seq",
        )?;
        let rows = statement.query_map([customer_id], |row| {
            Ok(CustomerLedgerEntry {
                business_date: row.get(0)?,
                receipt_number: row.get(1)?,
                reference: row.get(2)?,
                kind: row.get(3)?,
                amount: Money::from_cents(row.get(4)?),
                rate_per_day: row.get::<_, Option<i64>>(5)?.map(Money::from_cents),
                days: row.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
