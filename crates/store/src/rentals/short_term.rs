//! Short-term rentals: a serialized unit rented out until the end of a
//! store-local due date, returned with its condition, and charged a late
//! fee for each whole store-local day after the due date.
//!
//! The late fee counts calendar days in the store's time zone, never
//! elapsed seconds: due 2026-07-30 and returned at 23:59 that evening is on
//! time, and returned at any hour of 2026-07-31 is one day late. The fee is
//! paid at the counter with the return, kept apart from rent in the
//! customer's ledger, and printed on the return receipt.

use giggatek_domain::money::MAX_AMOUNT_CENTS;
use giggatek_domain::rental::{
    DailyLateFee, FeeLine, ReceiptDetail, RentalFeeReceipt, UnitCondition, UnitStatus, daily_late_fee,
};
use giggatek_domain::{Money, Tender};
use giggatek_protocol::{RecordKind, ShortTermRentalPayload};
use jiff::civil::Date;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::audit::{self, NewAuditEntry};
use crate::clock::{format_instant, local_date_time, parse_instant, time_zone};
use crate::db::Store;
use crate::error::StoreError;
use crate::outbox;
use crate::receipts::next_receipt_number;
use crate::rentals::contracts::today;
use crate::rentals::customers::load_customer;
use crate::rentals::fees::{
    FeeReceiptParts, FeeSubject, NewFeePayment, StoredFeePayment, build_fee_receipt, fee_payment_for,
    insert_fee_payment,
};
use crate::rentals::units::{Unit, UnitChange, change_unit, load_unit, normalize_serial, rentable_unit};
use crate::sales::{check_client_id, same_tenders};
use crate::settings;
use crate::staff::{Staff, require_active};

/// The counter that numbers this terminal's short-term rentals.
const RENTAL_COUNTER: &str = "short_term_rental";
/// Maximum length of a return note, in characters.
const MAX_NOTE_CHARS: usize = 200;

/// A unit rented out, as the counter screen submits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RentOut {
    /// A UUID made when the screen opened; a retried save carries it again.
    pub client_id: String,
    pub clerk: Staff,
    pub customer_id: i64,
    pub serial_number: String,
    /// The store-local date by whose end the unit is due back.
    pub due_date: Date,
    pub late_fee_per_day: Money,
}

/// Whether a short-term rental's unit is still with the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShortTermStatus {
    Out,
    Returned,
}

impl ShortTermStatus {
    pub const fn as_str(self) -> &'static str {
        match self {
            ShortTermStatus::Out => "out",
            ShortTermStatus::Returned => "returned",
        }
    }
}

/// A stored short-term rental.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShortTermRental {
    pub id: i64,
    pub client_id: String,
    pub rental_number: String,
    pub status: ShortTermStatus,
    pub customer_id: i64,
    pub unit: Unit,
    /// UTC RFC 3339 instant.
    pub rented_at: String,
    pub due_date: Date,
    pub late_fee_per_day: Money,
    /// UTC RFC 3339 instant of the return.
    pub returned_at: Option<String>,
    /// The store-local date of the return.
    pub returned_on: Option<Date>,
    pub return_condition: Option<UnitCondition>,
    pub late_fee: Option<DailyLateFee>,
    pub return_receipt_number: Option<String>,
    pub version: i64,
}

/// A return as the return screen submits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShortTermReturnRequest {
    /// A UUID made when the return screen opened.
    pub client_id: String,
    pub clerk: Staff,
    pub rental_number: String,
    pub condition: UnitCondition,
    #[serde(default)]
    pub note: String,
    /// The tenders that pay the late fee; empty when none is due.
    #[serde(default)]
    pub tenders: Vec<Tender>,
}

/// A stored return, as made now or earlier under the same client id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShortTermReturn {
    pub rental: ShortTermRental,
    pub late_fee: DailyLateFee,
    pub receipt: RentalFeeReceipt,
    /// True when the client id was already stored and nothing was written.
    pub replayed: bool,
}

const RENTAL_COLUMNS: &str = "id, client_id, rental_number, status, customer_id, unit_id, rented_at, due_date,
    late_fee_per_day_cents, returned_at, return_date, return_condition, days_late, late_fee_cents,
    return_receipt_number, version";

fn load_rental(conn: &Connection, column: &str, key: &str) -> Result<Option<ShortTermRental>, StoreError> {
    let sql = format!("SELECT {RENTAL_COLUMNS} FROM short_term_rentals WHERE {column} = ?1");
    let row = conn
        .query_row(&sql, [key], |row| {
            Ok((
                (
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, i64>(4)?,
                    row.get::<_, i64>(5)?,
                ),
                (
                    row.get::<_, String>(6)?,
                    row.get::<_, String>(7)?,
                    row.get::<_, i64>(8)?,
                    row.get::<_, Option<String>>(9)?,
                    row.get::<_, Option<String>>(10)?,
                ),
                (
                    row.get::<_, Option<String>>(11)?,
                    row.get::<_, Option<u32>>(12)?,
                    row.get::<_, Option<i64>>(13)?,
                    row.get::<_, Option<String>>(14)?,
                    row.get::<_, i64>(15)?,
                ),
            ))
        })
        .optional()?;
    let Some((ids, dates, ret)) = row else {
        return Ok(None);
    };
    let (id, client_id, rental_number, status, customer_id, unit_id) = ids;
    let (rented_at, due_date, rate, returned_at, returned_on) = dates;
    let (condition, days_late, fee_cents, return_receipt_number, version) = ret;
    let corrupt = |what: &str| StoreError::Corrupt(format!("short-term rental {rental_number} has {what}"));
    let parse_date = |text: &str| text.parse::<Date>().map_err(|_| corrupt("an unreadable date"));
    let rate = Money::from_cents(rate);
    Ok(Some(ShortTermRental {
        id,
        client_id,
        status: [ShortTermStatus::Out, ShortTermStatus::Returned]
            .into_iter()
            .find(|known| known.as_str() == status)
            .ok_or_else(|| corrupt("an unknown status"))?,
        customer_id,
        unit: load_unit(conn, unit_id)?,
        rented_at,
        due_date: parse_date(&due_date)?,
        late_fee_per_day: rate,
        returned_at,
        returned_on: returned_on.as_deref().map(parse_date).transpose()?,
        return_condition: condition
            .as_deref()
            .map(UnitCondition::parse)
            .transpose()
            .map_err(|_| corrupt("an unknown condition"))?,
        late_fee: match (days_late, fee_cents) {
            (Some(days_late), Some(total)) => Some(DailyLateFee {
                rate_per_day: rate,
                days_late,
                total: Money::from_cents(total),
            }),
            _ => None,
        },
        return_receipt_number,
        version,
        rental_number,
    }))
}

fn rental_by_number(conn: &Connection, rental_number: &str) -> Result<ShortTermRental, StoreError> {
    let number = rental_number.trim();
    load_rental(conn, "rental_number", number)?
        .ok_or_else(|| StoreError::NotFound(format!("there is no short-term rental \"{number}\": check the number")))
}

fn next_rental_number(conn: &Connection) -> Result<String, StoreError> {
    let settings = settings::load(conn)?;
    let value: i64 = conn.query_row(
        "INSERT INTO counters (name, value) VALUES (?1, 1)
         ON CONFLICT (name) DO UPDATE SET value = value + 1
         RETURNING value",
        [RENTAL_COUNTER],
        |row| row.get(0),
    )?;
    Ok(format!(
        "{}-{}-S{value:06}",
        settings.store_code, settings.terminal_code
    ))
}

/// Builds the return receipt of a returned rental: its due date, return
/// time, condition and late fee, with the fee payment's tenders if a fee
/// was due.
fn return_receipt(conn: &Connection, rental: &ShortTermRental, staff_id: i64) -> Result<RentalFeeReceipt, StoreError> {
    let settings = settings::load(conn)?;
    let zone = time_zone(&settings.time_zone)?;
    let returned_at = rental
        .returned_at
        .as_deref()
        .ok_or_else(|| StoreError::Corrupt(format!("rental {} has no return time", rental.rental_number)))?;
    let fee = rental.late_fee.unwrap_or(DailyLateFee {
        rate_per_day: rental.late_fee_per_day,
        days_late: 0,
        total: Money::ZERO,
    });
    let stored = match fee_payment_for(conn, FeeSubject::LateReturn(rental.id))? {
        Some(stored) => stored,
        None => StoredFeePayment {
            receipt_number: rental.return_receipt_number.clone().unwrap_or_default(),
            created_at: returned_at.to_string(),
            staff_id,
            lines: Vec::new(),
            total: Money::ZERO,
            payments: Vec::new(),
            change: Money::ZERO,
        },
    };
    let detail = |label: &str, value: String| ReceiptDetail {
        label: label.to_string(),
        value,
    };
    let details = vec![
        detail("Due by end of", rental.due_date.to_string()),
        detail("Returned", local_date_time(parse_instant(returned_at)?, &zone)),
        detail(
            "Condition",
            rental
                .return_condition
                .map(UnitCondition::as_str)
                .unwrap_or_default()
                .to_string(),
        ),
        detail("Days late", fee.days_late.to_string()),
        detail("Late fee per day", fee.rate_per_day.grouped()),
    ];
    build_fee_receipt(
        conn,
        FeeReceiptParts {
            title: "Rental return",
            reference_label: "Rental",
            reference: &rental.rental_number,
            customer_id: rental.customer_id,
            unit_id: rental.unit.id,
            details,
            stored,
        },
    )
}

/// Checks that a retried return under a stored client id is the stored
/// return itself: the same rental, condition and late-fee tenders.
///
/// # Errors
/// `Conflict` naming the stored return when the request differs.
fn require_same_return(
    conn: &Connection,
    done: &ShortTermRental,
    client_id: &str,
    request: &ShortTermReturnRequest,
) -> Result<(), StoreError> {
    let stored_tenders = fee_payment_for(conn, FeeSubject::LateReturn(done.id))?
        .map(|payment| payment.payments)
        .unwrap_or_default();
    let same = done.rental_number == request.rental_number.trim()
        && done.return_condition == Some(request.condition)
        && same_tenders(&stored_tenders, &request.tenders);
    if same {
        return Ok(());
    }
    Err(StoreError::Conflict(format!(
        "client id {client_id} already belongs to the return of short-term rental {} with another rental, \
         condition or tenders: make a new client id for a new return",
        done.rental_number
    )))
}

fn return_staff_id(conn: &Connection, rental_id: i64) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        "SELECT return_staff_id FROM short_term_rentals WHERE id = ?1",
        [rental_id],
        |row| row.get(0),
    )?)
}

/// Builds the rental part of the `short_term_rental` and
/// `short_term_return` records.
fn rental_payload(customer_client_id: &str, rental: &ShortTermRental) -> Result<serde_json::Value, StoreError> {
    let payload = ShortTermRentalPayload {
        rental_number: rental.rental_number.clone(),
        customer_client_id: customer_client_id.to_string(),
        unit_client_id: rental.unit.client_id.clone(),
        serial_number: Some(rental.unit.serial_number.clone()),
        description: Some(rental.unit.description.clone()),
        rented_at: Some(rental.rented_at.clone()),
        due_date: rental.due_date.to_string(),
        late_fee_per_day_cents: rental.late_fee_per_day.cents(),
    };
    serde_json::to_value(payload).map_err(|error| StoreError::Invalid(format!("the rental record is invalid: {error}")))
}

impl Store {
    /// Rents a unit out until the end of `due_date`, store-local. A client
    /// id already stored returns that rental and writes nothing.
    ///
    /// # Errors
    /// - `NotFound` for an unknown customer or serial number.
    /// - `Conflict` when the unit is not in stock, or the client id belongs
    ///   to a rental of another customer, unit, due date or late fee.
    /// - `Invalid` for a due date before today or a negative rate.
    pub fn rent_out(&mut self, request: &RentOut) -> Result<ShortTermRental, StoreError> {
        let client_id = check_client_id(&request.client_id)?;
        let rate = request.late_fee_per_day;
        if rate.is_negative() || rate.cents() > MAX_AMOUNT_CENTS {
            return Err(StoreError::Invalid(format!(
                "the late fee per day {rate} is invalid: use 0.00 to 10,000,000.00"
            )));
        }
        let now = self.now();
        let tx = self.write()?;
        require_active(&tx, &request.clerk)?;
        if let Some(existing) = load_rental(&tx, "client_id", &client_id)? {
            let same = existing.customer_id == request.customer_id
                && normalize_serial(&request.serial_number).is_ok_and(|serial| serial == existing.unit.serial_number)
                && existing.due_date == request.due_date
                && existing.late_fee_per_day == rate;
            if !same {
                return Err(StoreError::Conflict(format!(
                    "client id {client_id} already belongs to short-term rental {} with another customer, unit, \
                     due date or late fee: make a new client id for a new rental",
                    existing.rental_number
                )));
            }
            return Ok(existing);
        }
        outbox::ensure_unused(&tx, &client_id)?;
        let (today, _) = today(&tx, now)?;
        if request.due_date < today {
            return Err(StoreError::Invalid(format!(
                "the due date {} is before today, {today}: pick today or a later date",
                request.due_date
            )));
        }
        let customer = load_customer(&tx, request.customer_id)?;
        let unit = rentable_unit(&tx, &request.serial_number)?;
        let number = next_rental_number(&tx)?;
        let at = format_instant(now);
        tx.execute(
            "INSERT INTO short_term_rentals (client_id, rental_number, customer_id, unit_id, staff_id, rented_at,
                 due_date, late_fee_per_day_cents, status, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'out', ?6)",
            params![
                client_id,
                number,
                customer.id,
                unit.id,
                request.clerk.id,
                at,
                request.due_date.to_string(),
                rate.cents()
            ],
        )?;
        change_unit(
            &tx,
            now,
            &unit,
            &UnitChange {
                to_status: UnitStatus::OnRent,
                condition: unit.condition,
                contract_id: None,
                staff_id: Some(request.clerk.id),
                note: &format!("rented out on {number}"),
            },
        )?;
        let rental = rental_by_number(&tx, &number)?;
        outbox::enqueue(
            &tx,
            now,
            &client_id,
            RecordKind::SHORT_TERM_RENTAL,
            &rental_payload(&customer.client_id, &rental)?,
        )?;
        audit::record(
            &tx,
            now,
            NewAuditEntry {
                staff_id: Some(request.clerk.id),
                approved_by: None,
                action: "short_term_rented",
                subject: &number,
                detail: json!({
                    "customer_id": customer.id,
                    "unit_id": unit.id,
                    "due_date": request.due_date.to_string(),
                    "late_fee_per_day_cents": rate.cents(),
                }),
            },
        )?;
        tx.commit()?;
        tracing::info!(rental_number = %number, unit_id = unit.id, "short-term rental out");
        Ok(rental)
    }

    /// Loads a short-term rental by its number.
    pub fn short_term_rental(&self, rental_number: &str) -> Result<ShortTermRental, StoreError> {
        rental_by_number(&self.conn, rental_number)
    }

    /// Computes the late fee a rental would be charged if returned now,
    /// writing nothing.
    pub fn short_term_late_fee(&self, rental_number: &str) -> Result<DailyLateFee, StoreError> {
        let rental = rental_by_number(&self.conn, rental_number)?;
        if let Some(fee) = rental.late_fee {
            return Ok(fee);
        }
        let (returned_on, _) = today(&self.conn, self.now())?;
        Ok(daily_late_fee(rental.late_fee_per_day, rental.due_date, returned_on))
    }

    /// Takes a short-term rental's unit back. The late fee for the whole
    /// store-local days after the due date is paid with `request.tenders`.
    /// The unit goes back in stock, or is held when damaged. The return,
    /// fee payment, audit entry and outbox record are written in one
    /// transaction, and a client id already stored returns that return.
    ///
    /// # Errors
    /// - `Conflict` when the rental was already returned, a fee is due and
    ///   no shift is open, or the client id belongs to another return.
    /// - `Invalid` when tenders are missing for a fee, given for none, or
    ///   do not pay it.
    pub fn return_short_term(&mut self, request: &ShortTermReturnRequest) -> Result<ShortTermReturn, StoreError> {
        let client_id = check_client_id(&request.client_id)?;
        let note = request.note.trim();
        if note.chars().count() > MAX_NOTE_CHARS {
            return Err(StoreError::Invalid(format!(
                "the note is too long: use at most {MAX_NOTE_CHARS} characters"
            )));
        }
        let now = self.now();
        let tx = self.write()?;
        if let Some(done) = load_rental(&tx, "return_client_id", &client_id)? {
            require_same_return(&tx, &done, &client_id, request)?;
            let staff_id = return_staff_id(&tx, done.id)?;
            let receipt = return_receipt(&tx, &done, staff_id)?;
            let late_fee = done.late_fee.unwrap_or(DailyLateFee {
                rate_per_day: done.late_fee_per_day,
                days_late: 0,
                total: Money::ZERO,
            });
            return Ok(ShortTermReturn {
                rental: done,
                late_fee,
                receipt,
                replayed: true,
            });
        }
        outbox::ensure_unused(&tx, &client_id)?;
        require_active(&tx, &request.clerk)?;
        let rental = rental_by_number(&tx, &request.rental_number)?;
        if rental.status != ShortTermStatus::Out {
            return Err(StoreError::Conflict(format!(
                "short-term rental {} was already returned on {}",
                rental.rental_number,
                rental.returned_on.map(|date| date.to_string()).unwrap_or_default()
            )));
        }
        let (returned_on, _) = today(&tx, now)?;
        let fee = daily_late_fee(rental.late_fee_per_day, rental.due_date, returned_on);
        let receipt_number = next_receipt_number(&tx, &settings::load(&tx)?)?;
        match FeeLine::late_return(&fee) {
            Some(line) => {
                if request.tenders.is_empty() {
                    let unit = if fee.days_late == 1 { "day" } else { "days" };
                    return Err(StoreError::Invalid(format!(
                        "a late fee of {} is due ({} {unit} at {} per day): add a cash or card tender",
                        fee.total.grouped(),
                        fee.days_late,
                        fee.rate_per_day.grouped()
                    )));
                }
                insert_fee_payment(
                    &tx,
                    &NewFeePayment {
                        client_id: &client_id,
                        receipt_number: &receipt_number,
                        subject: FeeSubject::LateReturn(rental.id),
                        customer_id: rental.customer_id,
                        staff_id: request.clerk.id,
                        now,
                        business_date: returned_on,
                        lines: &[line],
                        tenders: &request.tenders,
                    },
                )?;
            }
            None if !request.tenders.is_empty() => {
                return Err(StoreError::Invalid(format!(
                    "no late fee is due for {}: remove the tenders",
                    rental.rental_number
                )));
            }
            None => {}
        }
        let at = format_instant(now);
        tx.execute(
            "UPDATE short_term_rentals SET status = 'returned', return_client_id = ?1, returned_at = ?2,
                 return_date = ?3, return_condition = ?4, return_staff_id = ?5, return_receipt_number = ?6,
                 days_late = ?7, late_fee_cents = ?8, return_note = ?9, updated_at = ?2, version = version + 1
             WHERE id = ?10",
            params![
                client_id,
                at,
                returned_on.to_string(),
                request.condition.as_str(),
                request.clerk.id,
                receipt_number,
                fee.days_late,
                fee.total.cents(),
                note,
                rental.id
            ],
        )?;
        let to_status = if request.condition == UnitCondition::Damaged {
            UnitStatus::Returned
        } else {
            UnitStatus::InStock
        };
        change_unit(
            &tx,
            now,
            &rental.unit,
            &UnitChange {
                to_status,
                condition: request.condition,
                contract_id: None,
                staff_id: Some(request.clerk.id),
                note: &format!("returned from {}", rental.rental_number),
            },
        )?;
        // NOTE: the server stores this record but queues no rental_return
        // email for it yet.
        let customer_client_id = load_customer(&tx, rental.customer_id)?.client_id;
        outbox::enqueue(
            &tx,
            now,
            &client_id,
            RecordKind::SHORT_TERM_RETURN,
            &json!({
                "rental_client_id": rental.client_id,
                "rental": rental_payload(&customer_client_id, &rental)?,
                "receipt_number": receipt_number,
                "returned_at": at,
                "returned_on": returned_on.to_string(),
                "condition": request.condition,
                "days_late": fee.days_late,
                "late_fee_per_day_cents": fee.rate_per_day.cents(),
                "late_fee_cents": fee.total.cents(),
            }),
        )?;
        audit::record(
            &tx,
            now,
            NewAuditEntry {
                staff_id: Some(request.clerk.id),
                approved_by: None,
                action: "short_term_returned",
                subject: &rental.rental_number,
                detail: json!({
                    "receipt_number": receipt_number,
                    "days_late": fee.days_late,
                    "late_fee_cents": fee.total.cents(),
                    "condition": request.condition,
                }),
            },
        )?;
        let returned = rental_by_number(&tx, &rental.rental_number)?;
        let receipt = return_receipt(&tx, &returned, request.clerk.id)?;
        tx.commit()?;
        tracing::info!(
            rental_number = %returned.rental_number,
            receipt_number = %receipt.receipt_number,
            days_late = fee.days_late,
            "short-term rental returned"
        );
        Ok(ShortTermReturn {
            rental: returned,
            late_fee: fee,
            receipt,
            replayed: false,
        })
    }

    /// Builds the return receipt of a returned short-term rental, for a
    /// reprint.
    pub fn short_term_return_receipt(&self, rental_number: &str) -> Result<RentalFeeReceipt, StoreError> {
        let rental = rental_by_number(&self.conn, rental_number)?;
        if rental.status != ShortTermStatus::Returned {
            return Err(StoreError::Conflict(format!(
                "short-term rental {} is still out: it has no return receipt",
                rental.rental_number
            )));
        }
        let staff_id = return_staff_id(&self.conn, rental.id)?;
        return_receipt(&self.conn, &rental, staff_id)
    }
}
