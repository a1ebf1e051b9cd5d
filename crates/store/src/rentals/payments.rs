//! Payments against a contract, buyouts, and their receipts.
//!
//! A payment is settled against the tenders with no cash rounding, so the
//! money credited is exactly the amount entered. Its split into rent and
//! late fee, the amount still needed to own and the buyout price after it
//! are stored with it, so a reprint shows what was printed.

use giggatek_domain::rental::{
    ContractEvent, ContractStatus, Ledger, PaymentSplit, ReceivedPayment, RentalPaymentReceipt, UnitStatus,
    quote_buyout,
};
use giggatek_domain::{CashRounding, Money, Payment, Settlement, Tender, settle};
use jiff::Timestamp;
use jiff::civil::Date;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::audit::{self, NewAuditEntry};
use crate::clock::{format_instant, local_date_time, parse_instant, time_zone};
use crate::db::Store;
use crate::error::StoreError;
use crate::outbox;
use crate::receipts::{next_receipt_number, sale_payment};
use crate::rentals::contracts::{ContractRow, contract_row, received_payments, stored_schedule, today};
use crate::rentals::fees::insert_tenders;
use crate::rentals::units::{UnitChange, change_unit, load_unit};
use crate::sales::{check_client_id, read_tenders, same_tenders};
use crate::settings;
use crate::shifts::require_open;
use crate::staff::{Staff, require_active};

/// A payment as the payment screen submits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractPaymentRequest {
    /// A UUID made when the payment screen opened.
    pub client_id: String,
    pub contract_number: String,
    pub clerk: Staff,
    /// The amount credited to the contract. Cash handed over above it
    /// comes back as change.
    pub amount: Money,
    pub tenders: Vec<Tender>,
}

/// A stored payment, as taken now or earlier under the same client id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompletedContractPayment {
    pub receipt_number: String,
    pub split: PaymentSplit,
    pub status: ContractStatus,
    pub receipt: RentalPaymentReceipt,
    /// True when the client id was already stored and nothing was written.
    pub replayed: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum PaymentKind {
    Payment,
    Buyout,
}

impl PaymentKind {
    const fn as_str(self) -> &'static str {
        match self {
            PaymentKind::Payment => "payment",
            PaymentKind::Buyout => "buyout",
        }
    }
}

/// What a payment changes, computed before anything is written.
struct Outcome {
    split: PaymentSplit,
    after: Ledger,
    buyout_after: Money,
    status_after: ContractStatus,
}

impl Store {
    /// Takes a payment of rent and late fees against an active contract.
    /// When it pays the last rent, or the policy's buyout formula reaches
    /// zero, the contract is paid out and the unit becomes the customer's.
    ///
    /// # Errors
    /// - `Conflict` when no shift is open, the contract is not active, or
    ///   the client id belongs to another payment.
    /// - `Invalid` for an amount of zero, an amount above what is owed, or
    ///   tenders that do not pay the amount.
    pub fn take_contract_payment(
        &mut self,
        request: &ContractPaymentRequest,
    ) -> Result<CompletedContractPayment, StoreError> {
        self.write_payment(request, PaymentKind::Payment)
    }

    /// Pays today's buyout price, which must equal `request.amount`: the
    /// contract is bought out and the unit becomes the customer's.
    pub fn buy_out_contract(
        &mut self,
        request: &ContractPaymentRequest,
    ) -> Result<CompletedContractPayment, StoreError> {
        self.write_payment(request, PaymentKind::Buyout)
    }

    /// Builds the receipt of a stored contract payment, for a reprint.
    pub fn contract_payment_receipt(&self, receipt_number: &str) -> Result<RentalPaymentReceipt, StoreError> {
        let id: i64 = self
            .conn
            .query_row(
                "SELECT id FROM contract_payments WHERE receipt_number = ?1",
                [receipt_number.trim()],
                |row| row.get(0),
            )
            .optional()?
            .ok_or_else(|| {
                StoreError::NotFound(format!(
                    "no contract payment has receipt number \"{}\"",
                    receipt_number.trim()
                ))
            })?;
        payment_receipt(&self.conn, id)
    }

    fn write_payment(
        &mut self,
        request: &ContractPaymentRequest,
        kind: PaymentKind,
    ) -> Result<CompletedContractPayment, StoreError> {
        let client_id = check_client_id(&request.client_id)?;
        let now = self.now();
        let tx = self.write()?;
        if let Some(id) = payment_id_by_client_id(&tx, &client_id)? {
            let done = completed(&tx, id, true)?;
            require_same_payment(&tx, id, &done.receipt, &client_id, request, kind)?;
            return Ok(done);
        }
        outbox::ensure_unused(&tx, &client_id)?;
        require_active(&tx, &request.clerk)?;
        let shift_id = require_open(&tx)?;
        let row = contract_row(&tx, &request.contract_number)?;
        let (today, _) = today(&tx, now)?;
        if row.status != ContractStatus::Active {
            return Err(StoreError::Conflict(format!(
                "contract {} is {}: it takes no payment",
                row.contract_number,
                row.status.describe()
            )));
        }
        let outcome = match kind {
            PaymentKind::Payment => payment_outcome(&tx, &row, today, request.amount)?,
            PaymentKind::Buyout => buyout_outcome(&tx, &row, today, request.amount)?,
        };
        let settlement = settle(request.amount, &request.tenders, CashRounding::None).map_err(StoreError::invalid)?;
        let settings = settings::load(&tx)?;
        let receipt_number = next_receipt_number(&tx, &settings)?;
        let next_due = next_due(&outcome.after);
        let payment_id = insert_payment(
            &tx,
            &PaymentRow {
                client_id: &client_id,
                receipt_number: &receipt_number,
                contract_id: row.id,
                kind,
                shift_id,
                staff_id: request.clerk.id,
                now,
                business_date: today,
                amount: request.amount,
                outcome: &outcome,
                next_due,
            },
            &settlement,
        )?;
        outbox::enqueue(
            &tx,
            now,
            &client_id,
            "contract_payment",
            &json!({
                "contract_client_id": row.client_id,
                "receipt_number": receipt_number,
                "kind": kind.as_str(),
                "business_date": today.to_string(),
                "paid_at": format_instant(now),
                "amount_cents": request.amount.cents(),
                "rent_cents": outcome.split.rent.cents(),
                "late_fee_cents": outcome.split.late_fee.cents(),
                "tenders": settlement.payments.iter().map(|p| p.kind.as_str()).collect::<Vec<_>>(),
            }),
        )?;
        audit::record(
            &tx,
            now,
            NewAuditEntry {
                staff_id: Some(request.clerk.id),
                approved_by: None,
                action: if kind == PaymentKind::Buyout {
                    "contract_bought_out"
                } else {
                    "contract_payment"
                },
                subject: &row.contract_number,
                detail: json!({
                    "receipt_number": receipt_number,
                    "amount_cents": request.amount.cents(),
                    "rent_cents": outcome.split.rent.cents(),
                    "late_fee_cents": outcome.split.late_fee.cents(),
                    "remaining_to_own_cents": outcome.after.remaining_to_own.cents(),
                }),
            },
        )?;
        if outcome.status_after != row.status {
            close_as_owned(&tx, now, &row, outcome.status_after, request.clerk.id)?;
        }
        let done = completed(&tx, payment_id, false)?;
        tx.commit()?;
        tracing::info!(
            contract_number = %row.contract_number,
            receipt_number = %done.receipt_number,
            kind = kind.as_str(),
            "contract payment taken"
        );
        Ok(done)
    }
}

fn payment_outcome(conn: &Connection, row: &ContractRow, today: Date, amount: Money) -> Result<Outcome, StoreError> {
    let schedule = stored_schedule(conn, row.id)?;
    let mut payments = received_payments(conn, row.id)?;
    payments.push(ReceivedPayment {
        business_date: today,
        amount,
    });
    let after = Ledger::compute(&schedule, row.terms.term, &row.policy.late_fee, &payments, today)
        .map_err(StoreError::invalid)?;
    let split = after.splits.last().copied().unwrap_or(PaymentSplit {
        rent: Money::ZERO,
        late_fee: Money::ZERO,
    });
    let periodic = schedule.first().map(|i| i.amount).unwrap_or_default();
    let quote = quote_buyout(row.policy.buyout, row.terms.cash_price, periodic, &after);
    let owned = after.rent_remaining.is_zero() || quote.ownership_passes;
    let status_after = if owned {
        row.status
            .apply(ContractEvent::PaidInFull)
            .map_err(StoreError::invalid)?
    } else {
        row.status
    };
    Ok(Outcome {
        split,
        buyout_after: if owned { Money::ZERO } else { quote.total },
        after,
        status_after,
    })
}

fn buyout_outcome(conn: &Connection, row: &ContractRow, today: Date, amount: Money) -> Result<Outcome, StoreError> {
    let schedule = stored_schedule(conn, row.id)?;
    let payments = received_payments(conn, row.id)?;
    let before = Ledger::compute(&schedule, row.terms.term, &row.policy.late_fee, &payments, today)
        .map_err(StoreError::invalid)?;
    let periodic = schedule.first().map(|i| i.amount).unwrap_or_default();
    let quote = quote_buyout(row.policy.buyout, row.terms.cash_price, periodic, &before);
    if quote.total != amount {
        return Err(StoreError::Invalid(format!(
            "the buyout price of contract {} today is {}, not {amount}: take exactly {}",
            row.contract_number,
            quote.total.grouped(),
            quote.total.grouped()
        )));
    }
    if amount.is_zero() {
        return Err(StoreError::Invalid(format!(
            "contract {} has nothing left to pay: it is already the customer's",
            row.contract_number
        )));
    }
    let mut after = before;
    after.remaining_to_own = Money::ZERO;
    Ok(Outcome {
        split: PaymentSplit {
            rent: quote.rent_part,
            late_fee: quote.late_fees_owed,
        },
        after,
        buyout_after: Money::ZERO,
        status_after: row.status.apply(ContractEvent::BuyOut).map_err(StoreError::invalid)?,
    })
}

/// The first installment not fully paid, with what is left of it.
fn next_due(ledger: &Ledger) -> Option<(Date, Money)> {
    if ledger.remaining_to_own.is_zero() {
        return None;
    }
    ledger
        .installments
        .iter()
        .find(|i| i.paid < i.amount)
        .map(|i| (i.due_date, i.amount - i.paid))
}

struct PaymentRow<'a> {
    client_id: &'a str,
    receipt_number: &'a str,
    contract_id: i64,
    kind: PaymentKind,
    shift_id: i64,
    staff_id: i64,
    now: Timestamp,
    business_date: Date,
    amount: Money,
    outcome: &'a Outcome,
    next_due: Option<(Date, Money)>,
}

fn insert_payment(conn: &Connection, row: &PaymentRow<'_>, settlement: &Settlement) -> Result<i64, StoreError> {
    conn.execute(
        "INSERT INTO contract_payments (client_id, receipt_number, contract_id, kind, shift_id, staff_id, created_at,
             business_date, amount_cents, rent_cents, late_fee_cents, change_cents, remaining_to_own_cents,
             buyout_cents, next_due_date, next_due_cents)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        params![
            row.client_id,
            row.receipt_number,
            row.contract_id,
            row.kind.as_str(),
            row.shift_id,
            row.staff_id,
            format_instant(row.now),
            row.business_date.to_string(),
            row.amount.cents(),
            row.outcome.split.rent.cents(),
            row.outcome.split.late_fee.cents(),
            settlement.change.cents(),
            row.outcome.after.remaining_to_own.cents(),
            row.outcome.buyout_after.cents(),
            row.next_due.map(|(date, _)| date.to_string()),
            row.next_due.map(|(_, amount)| amount.cents()),
        ],
    )?;
    let payment_id = conn.last_insert_rowid();
    insert_tenders(conn, "contract_payment_tenders", payment_id, settlement)?;
    Ok(payment_id)
}

/// Ends a contract as paid out or bought out: the unit is sold to the
/// customer.
fn close_as_owned(
    conn: &Connection,
    now: Timestamp,
    row: &ContractRow,
    status: ContractStatus,
    staff_id: i64,
) -> Result<(), StoreError> {
    super::lifecycle::set_status(conn, now, row, status, Some(staff_id), None)?;
    let unit = load_unit(conn, row.unit_id)?;
    change_unit(
        conn,
        now,
        &unit,
        &UnitChange {
            to_status: UnitStatus::Sold,
            condition: unit.condition,
            contract_id: Some(row.id),
            staff_id: Some(staff_id),
            note: &format!("owned by the customer of {}", row.contract_number),
        },
    )
}

fn payment_id_by_client_id(conn: &Connection, client_id: &str) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT id FROM contract_payments WHERE client_id = ?1",
            [client_id],
            |row| row.get(0),
        )
        .optional()?)
}

/// Checks that a retried request under a stored client id is the stored
/// payment itself, so a client id reused for another amount, tenders,
/// contract or kind is rejected instead of replaying the first receipt.
///
/// # Errors
/// `Conflict` naming the stored payment when the request differs.
fn require_same_payment(
    conn: &Connection,
    payment_id: i64,
    stored: &RentalPaymentReceipt,
    client_id: &str,
    request: &ContractPaymentRequest,
    kind: PaymentKind,
) -> Result<(), StoreError> {
    let stored_kind: String = conn.query_row(
        "SELECT kind FROM contract_payments WHERE id = ?1",
        [payment_id],
        |row| row.get(0),
    )?;
    // A buyout's amount is the day's quote, which drops to zero once the
    // contract is bought out, so a retried buyout is matched without it.
    let same_amount = kind == PaymentKind::Buyout || stored.amount_paid == request.amount;
    let same = stored.contract_number == request.contract_number.trim()
        && stored_kind == kind.as_str()
        && same_amount
        && same_tenders(&tenders(conn, payment_id)?, &request.tenders);
    if same {
        return Ok(());
    }
    Err(StoreError::Conflict(format!(
        "client id {client_id} already belongs to {stored_kind} {} of {} on contract {} \
         with another amount, tenders or contract: make a new client id for a new payment",
        stored.receipt_number,
        stored.amount_paid.grouped(),
        stored.contract_number
    )))
}

fn completed(conn: &Connection, payment_id: i64, replayed: bool) -> Result<CompletedContractPayment, StoreError> {
    let receipt = payment_receipt(conn, payment_id)?;
    let status: String = conn.query_row(
        "SELECT c.status FROM contract_payments p JOIN contracts c ON c.id = p.contract_id WHERE p.id = ?1",
        [payment_id],
        |row| row.get(0),
    )?;
    Ok(CompletedContractPayment {
        receipt_number: receipt.receipt_number.clone(),
        split: PaymentSplit {
            rent: receipt.rent,
            late_fee: receipt.late_fee,
        },
        status: ContractStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("payment {payment_id}'s contract has an unknown status")))?,
        receipt,
        replayed,
    })
}

fn payment_receipt(conn: &Connection, payment_id: i64) -> Result<RentalPaymentReceipt, StoreError> {
    let settings = settings::load(conn)?;
    let zone = time_zone(&settings.time_zone)?;
    let (receipt_number, contract_number, kind, created_at, staff_name, amounts, next_due) = conn.query_row(
        "SELECT p.receipt_number, c.contract_number, p.kind, p.created_at, s.name,
             p.amount_cents, p.rent_cents, p.late_fee_cents, p.change_cents, p.remaining_to_own_cents,
             p.buyout_cents, p.next_due_date, p.next_due_cents
         FROM contract_payments p
         JOIN contracts c ON c.id = p.contract_id
         JOIN staff s ON s.id = p.staff_id
         WHERE p.id = ?1",
        [payment_id],
        |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
                [
                    row.get::<_, i64>(5)?,
                    row.get::<_, i64>(6)?,
                    row.get::<_, i64>(7)?,
                    row.get::<_, i64>(8)?,
                    row.get::<_, i64>(9)?,
                    row.get::<_, i64>(10)?,
                ],
                (row.get::<_, Option<String>>(11)?, row.get::<_, Option<i64>>(12)?),
            ))
        },
    )?;
    let [amount, rent, late_fee, change, remaining, buyout] = amounts.map(Money::from_cents);
    let contract = contract_row(conn, &contract_number)?;
    let customer = super::customers::load_customer(conn, contract.customer_id)?;
    let unit = load_unit(conn, contract.unit_id)?;
    let payments = tenders(conn, payment_id)?;
    let status_line = match (kind.as_str(), contract.status) {
        ("buyout", _) => Some("Bought out: the property is yours".to_string()),
        (_, ContractStatus::PaidOut) if remaining.is_zero() || buyout.is_zero() => {
            Some("Paid out: the property is yours".to_string())
        }
        _ => None,
    };
    Ok(RentalPaymentReceipt {
        store_name: settings.store_name,
        store_address: settings.store_address,
        receipt_number,
        contract_number,
        issued_at: local_date_time(parse_instant(&created_at)?, &zone),
        clerk: staff_name,
        customer_name: customer.details.full_name,
        property: format!("{} S/N {}", unit.description, unit.serial_number),
        amount_paid: amount,
        rent,
        late_fee,
        payments: payments.iter().map(sale_payment).collect(),
        change,
        remaining_to_own: remaining,
        buyout_price: buyout,
        next_due: match next_due {
            (Some(date), Some(cents)) => Some((date, Money::from_cents(cents))),
            _ => None,
        },
        status_line,
    })
}

fn tenders(conn: &Connection, payment_id: i64) -> Result<Vec<Payment>, StoreError> {
    read_tenders(
        conn,
        "SELECT tender, amount_cents, tendered_cents, change_cents, approval_code, last4
         FROM contract_payment_tenders WHERE payment_id = ?1 ORDER BY seq",
        payment_id,
    )
}
