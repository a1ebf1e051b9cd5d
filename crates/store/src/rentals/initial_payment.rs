//! A contract's initial payment: the delivery fee, damage waiver and
//! deposit that the agreement discloses as due at signing. It is taken in
//! the transaction that writes the contract, so no contract is active
//! without it, and it is stored as fees apart from rent.

use giggatek_domain::rental::{Disclosures, FeeLine, RentalFeeReceipt};
use giggatek_domain::{Money, Tender};
use jiff::Timestamp;
use jiff::civil::Date;
use rusqlite::{Connection, OptionalExtension};

use crate::db::Store;
use crate::error::StoreError;
use crate::receipts::next_receipt_number;
use crate::rentals::contracts::{ContractRow, contract_row};
use crate::rentals::fees::{
    FeeReceiptParts, FeeSubject, NewFeePayment, build_fee_receipt, fee_payment_for, insert_fee_payment,
};
use crate::settings;

/// The contract and the tenders an initial payment is taken with.
pub(crate) struct InitialPayment<'a> {
    pub client_id: &'a str,
    pub contract_id: i64,
    pub customer_id: i64,
    pub staff_id: i64,
    pub now: Timestamp,
    pub business_date: Date,
    pub disclosures: &'a Disclosures,
    pub tenders: &'a [Tender],
}

/// Takes the initial payment in the caller's transaction and returns its
/// receipt number, or `None` when nothing is due at signing.
///
/// # Errors
/// - `Invalid` when tenders are missing for an amount due, given for none
///   due, or do not pay the amount.
/// - `Conflict` when no shift is open to take the money.
pub(crate) fn take_initial_payment(
    conn: &Connection,
    payment: &InitialPayment<'_>,
) -> Result<Option<String>, StoreError> {
    let due = payment.disclosures.initial_payment;
    if due.is_zero() {
        if !payment.tenders.is_empty() {
            return Err(StoreError::Invalid(
                "no initial payment is due at signing: remove the tenders".to_string(),
            ));
        }
        return Ok(None);
    }
    if payment.tenders.is_empty() {
        return Err(StoreError::Invalid(format!(
            "the initial payment of {} is due at signing: add a cash or card tender",
            due.grouped()
        )));
    }
    let settings = settings::load(conn)?;
    let receipt_number = next_receipt_number(conn, &settings)?;
    let lines = FeeLine::initial_payment(payment.disclosures);
    insert_fee_payment(
        conn,
        &NewFeePayment {
            client_id: payment.client_id,
            receipt_number: &receipt_number,
            subject: FeeSubject::InitialPayment(payment.contract_id),
            customer_id: payment.customer_id,
            staff_id: payment.staff_id,
            now: payment.now,
            business_date: payment.business_date,
            lines: &lines,
            tenders: payment.tenders,
        },
    )?;
    Ok(Some(receipt_number))
}

/// Splits a paid `total` into the part paid in cash, after change, and the
/// part paid by card. The tenders were settled against `total`, so card
/// tenders never exceed it.
pub(crate) fn cash_and_card(total: Money, tenders: &[Tender]) -> (Money, Money) {
    let card = tenders
        .iter()
        .map(|tender| match tender {
            Tender::Card { amount, .. } => *amount,
            Tender::Cash { .. } => Money::ZERO,
        })
        .sum::<Money>();
    (total - card, card)
}

/// Builds the receipt of a contract's initial payment, or `None` when none
/// was taken.
pub(crate) fn initial_payment_receipt(
    conn: &Connection,
    row: &ContractRow,
) -> Result<Option<RentalFeeReceipt>, StoreError> {
    let Some(stored) = fee_payment_for(conn, FeeSubject::InitialPayment(row.id))? else {
        return Ok(None);
    };
    build_fee_receipt(
        conn,
        FeeReceiptParts {
            title: "Initial payment",
            reference_label: "Agreement",
            reference: &row.contract_number,
            customer_id: row.customer_id,
            unit_id: row.unit_id,
            details: Vec::new(),
            stored,
        },
    )
    .map(Some)
}

/// Checks that a contract about to become active again had its initial
/// payment taken. Contracts written before the terminal took initial
/// payments have none stored, and the manager must settle it another way.
pub(crate) fn require_initial_payment(conn: &Connection, row: &ContractRow) -> Result<(), StoreError> {
    let due: Money = row.terms.delivery_fee + row.terms.damage_waiver + row.terms.deposit;
    if due.is_zero() || fee_payment_for(conn, FeeSubject::InitialPayment(row.id))?.is_some() {
        return Ok(());
    }
    Err(StoreError::Conflict(format!(
        "contract {} has no initial payment of {} on record: it cannot become active",
        row.contract_number,
        due.grouped()
    )))
}

impl Store {
    /// Builds the receipt of the initial payment with `receipt_number`, or
    /// returns `None` when no initial payment has that number.
    pub fn initial_payment_receipt(&self, receipt_number: &str) -> Result<Option<RentalFeeReceipt>, StoreError> {
        let contract_number: Option<String> = self
            .conn
            .query_row(
                "SELECT c.contract_number FROM rental_fee_payments f JOIN contracts c ON c.id = f.contract_id
                 WHERE f.receipt_number = ?1 AND f.kind = 'initial_payment'",
                [receipt_number.trim()],
                |row| row.get(0),
            )
            .optional()?;
        match contract_number {
            Some(number) => initial_payment_receipt(&self.conn, &contract_row(&self.conn, &number)?),
            None => Ok(None),
        }
    }
}
