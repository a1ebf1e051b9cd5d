//! The rental rows the rental mail reads: payments whose receipt is not
//! queued yet, installments that fall due soon, and a contract's schedule
//! and rent payments. A job's idempotency key marks what is queued, so a
//! pass that stops halfway is repeated without a second mail.

use sqlx::Row;

use crate::db::Database;
use crate::db::shop_sql::with_pool;

/// A stored rental payment whose receipt has not been queued.
#[derive(Debug, Clone)]
pub struct PendingReceipt {
    /// The payment's row id, the cursor of [`pending_receipts`].
    pub id: i64,
    pub payment_client_id: String,
    pub contract_id: i64,
    pub contract_number: String,
    /// `payment` (rent and late fees) or `buyout`.
    pub kind: String,
    /// The store-local date of the payment, `YYYY-MM-DD`.
    pub business_date: String,
    pub amount_cents: i64,
    pub rent_cents: i64,
    pub late_fee_cents: i64,
    pub customer_name: String,
    pub customer_email: String,
    pub item: String,
    pub total_of_payments_cents: i64,
}

/// An installment of an active contract that falls due in a date range.
#[derive(Debug, Clone)]
pub struct DueInstallment {
    pub contract_number: String,
    pub customer_name: String,
    pub customer_email: String,
    pub item: String,
    pub due_date: String,
    pub amount_cents: i64,
    /// The sum of this installment and every earlier one.
    pub through_cents: i64,
    pub rent_paid_cents: i64,
}

/// One installment of a contract's schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduledAmount {
    pub due_date: String,
    pub amount_cents: i64,
}

/// One rent payment of a contract, in the order the payments were made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RentPaid {
    pub client_id: String,
    pub rent_cents: i64,
}

const PENDING_RECEIPTS: &str = "SELECT p.id, p.client_id, p.contract_id, c.contract_number, p.kind, \
        CAST(p.business_date AS TEXT) AS business_date, p.amount_cents, p.rent_cents, p.late_fee_cents, \
        COALESCE(sc.full_name, '') AS customer_name, c.customer_email, \
        COALESCE(u.description, c.serial_number) AS item, c.serial_number, c.total_of_payments_cents \
     FROM rental_contract_payments p \
     JOIN rental_contracts c ON c.id = p.contract_id \
     LEFT JOIN store_customers sc ON sc.id = c.store_customer_id \
     LEFT JOIN rental_units u ON u.client_id = c.unit_client_id \
     WHERE c.customer_email <> '' \
       AND NOT EXISTS (SELECT 1 FROM mail_jobs j WHERE j.idempotency_key = 'rental-payment:' || p.client_id) \
       AND p.id > $1 \
     ORDER BY p.id LIMIT $2";

const DUE_INSTALLMENTS: &str = "SELECT c.contract_number, COALESCE(sc.full_name, '') AS customer_name, \
        c.customer_email, COALESCE(u.description, c.serial_number) AS item, c.serial_number, CAST(i.due_date AS TEXT) AS due_date, \
        i.amount_cents, c.rent_paid_cents, \
        CAST((SELECT SUM(k.amount_cents) FROM rental_contract_installments k \
          WHERE k.contract_id = c.id AND k.number <= i.number) AS BIGINT) AS through_cents \
     FROM rental_contracts c \
     JOIN rental_contract_installments i ON i.contract_id = c.id \
     LEFT JOIN store_customers sc ON sc.id = c.store_customer_id \
     LEFT JOIN rental_units u ON u.client_id = c.unit_client_id \
     WHERE c.status = 'active' AND c.customer_email <> '' AND CAST(i.due_date AS TEXT) >= $1 AND CAST(i.due_date AS TEXT) <= $2 \
       AND NOT EXISTS (SELECT 1 FROM mail_jobs j \
          WHERE j.idempotency_key = 'rental:' || c.contract_number || ':due:' || CAST(i.due_date AS TEXT) || ':reminder') \
     ORDER BY i.due_date, c.id LIMIT $3";

/// Payments after row `after_id` whose receipt is not queued, oldest
/// first, at most `limit`.
///
/// # Errors
///
/// Returns the database's error.
pub async fn pending_receipts(db: &Database, after_id: i64, limit: i64) -> Result<Vec<PendingReceipt>, sqlx::Error> {
    with_pool!(db, pool => {
        let rows = sqlx::query(PENDING_RECEIPTS).bind(after_id).bind(limit).fetch_all(pool).await?;
        rows.iter()
            .map(|row| {
                Ok(PendingReceipt {
                    id: row.try_get("id")?,
                    payment_client_id: row.try_get("client_id")?,
                    contract_id: row.try_get("contract_id")?,
                    contract_number: row.try_get("contract_number")?,
                    kind: row.try_get("kind")?,
                    business_date: row.try_get("business_date")?,
                    amount_cents: row.try_get("amount_cents")?,
                    rent_cents: row.try_get("rent_cents")?,
                    late_fee_cents: row.try_get("late_fee_cents")?,
                    customer_name: row.try_get("customer_name")?,
                    customer_email: row.try_get("customer_email")?,
                    item: row.try_get("item")?,
                    total_of_payments_cents: row.try_get("total_of_payments_cents")?,
                })
            })
            .collect()
    })
}

/// Installments of active contracts due from `first` to `last`
/// (`YYYY-MM-DD`, both included) whose reminder is not queued, at most
/// `limit`.
///
/// # Errors
///
/// Returns the database's error.
pub async fn due_installments(
    db: &Database,
    first: &str,
    last: &str,
    limit: i64,
) -> Result<Vec<DueInstallment>, sqlx::Error> {
    with_pool!(db, pool => {
        let rows = sqlx::query(DUE_INSTALLMENTS)
            .bind(first)
            .bind(last)
            .bind(limit)
            .fetch_all(pool)
            .await?;
        rows.iter()
            .map(|row| {
                Ok(DueInstallment {
                    contract_number: row.try_get("contract_number")?,
                    customer_name: row.try_get("customer_name")?,
                    customer_email: row.try_get("customer_email")?,
                    item: row.try_get("item")?,
                    due_date: row.try_get("due_date")?,
                    amount_cents: row.try_get("amount_cents")?,
                    through_cents: row.try_get("through_cents")?,
                    rent_paid_cents: row.try_get("rent_paid_cents")?,
                })
            })
            .collect()
    })
}

/// Loads a contract's schedule in installment order and its rent payments
/// in the order they were made (the terminal's payment time, then the
/// payment's id for payments made in the same second).
///
/// # Errors
///
/// Returns the database's error.
pub async fn contract_money(
    db: &Database,
    contract_id: i64,
) -> Result<(Vec<ScheduledAmount>, Vec<RentPaid>), sqlx::Error> {
    with_pool!(db, pool => {
        let schedule = sqlx::query(
            "SELECT CAST(due_date AS TEXT) AS due_date, amount_cents FROM rental_contract_installments WHERE contract_id = $1 ORDER BY number",
        )
        .bind(contract_id)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|row| {
            Ok(ScheduledAmount {
                due_date: row.try_get("due_date")?,
                amount_cents: row.try_get("amount_cents")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let payments = sqlx::query(
            "SELECT client_id, rent_cents FROM rental_contract_payments WHERE contract_id = $1 \
             ORDER BY paid_at, client_id",
        )
        .bind(contract_id)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|row| {
            Ok(RentPaid {
                client_id: row.try_get("client_id")?,
                rent_cents: row.try_get("rent_cents")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
        Ok((schedule, payments))
    })
}

/// A short-term rental's stored return whose mail has not been queued.
#[derive(Debug, Clone)]
pub struct PendingReturn {
    /// The rental's row id, the cursor of [`pending_returns`].
    pub id: i64,
    pub return_client_id: String,
    pub rental_number: String,
    pub customer_name: String,
    pub customer_email: String,
    pub item: String,
    /// The store-local date by whose end the unit was due, `YYYY-MM-DD`.
    pub due_date: String,
    pub returned_at: time::OffsetDateTime,
    pub days_late: i64,
    pub late_fee_per_day_cents: i64,
    pub late_fee_cents: i64,
    pub receipt_number: String,
}

const PENDING_RETURNS: &str = "SELECT r.id, r.return_client_id, r.rental_number, \
        COALESCE(sc.full_name, '') AS customer_name, r.customer_email, r.item_description, \
        CAST(r.due_date AS TEXT) AS due_date, r.returned_at, r.days_late, r.late_fee_per_day_cents, \
        r.late_fee_cents, COALESCE(r.return_receipt_number, '') AS receipt_number \
     FROM short_term_rentals r \
     LEFT JOIN store_customers sc ON sc.id = r.store_customer_id \
     WHERE r.return_client_id IS NOT NULL AND r.customer_email <> '' AND r.id > $1 \
       AND NOT EXISTS (SELECT 1 FROM mail_jobs j WHERE j.idempotency_key = 'rental-return:' || r.return_client_id) \
     ORDER BY r.id LIMIT $2";

/// Returned short-term rentals after row `after_id` whose mail is not
/// queued, oldest first, at most `limit`.
///
/// # Errors
///
/// Returns the database's error.
pub async fn pending_returns(db: &Database, after_id: i64, limit: i64) -> Result<Vec<PendingReturn>, sqlx::Error> {
    with_pool!(db, pool => {
        let rows = sqlx::query(PENDING_RETURNS).bind(after_id).bind(limit).fetch_all(pool).await?;
        rows.iter()
            .map(|row| {
                Ok(PendingReturn {
                    id: row.try_get("id")?,
                    return_client_id: row.try_get("return_client_id")?,
                    rental_number: row.try_get("rental_number")?,
                    customer_name: row.try_get("customer_name")?,
                    customer_email: row.try_get("customer_email")?,
                    item: row.try_get("item_description")?,
                    due_date: row.try_get("due_date")?,
                    returned_at: row.try_get("returned_at")?,
                    days_late: row.try_get("days_late")?,
                    late_fee_per_day_cents: row.try_get("late_fee_per_day_cents")?,
                    late_fee_cents: row.try_get("late_fee_cents")?,
                    receipt_number: row.try_get("receipt_number")?,
                })
            })
            .collect()
    })
}

/// An active contract whose agreement has not been mailed, with the parts
/// of its customer and unit the agreement prints.
#[derive(Debug, Clone)]
pub struct PendingAgreement {
    /// The contract's row id, the cursor of [`pending_agreements`].
    pub id: i64,
    pub client_id: String,
    pub delivery_fee_cents: i64,
    pub damage_waiver_cents: i64,
    pub deposit_cents: i64,
    pub initial_payment_receipt: Option<String>,
    pub customer_name: String,
    /// Address lines as stored: a JSON array of strings.
    pub customer_address: String,
    pub customer_phone: String,
    pub customer_id_document: String,
    pub unit_condition: String,
}

const PENDING_AGREEMENTS: &str = "SELECT c.id, c.client_id, c.delivery_fee_cents, c.damage_waiver_cents, \
        c.deposit_cents, c.initial_payment_receipt_number, sc.full_name, sc.address, sc.phone, sc.id_document, \
        u.condition \
     FROM rental_contracts c \
     JOIN store_customers sc ON sc.id = c.store_customer_id \
     JOIN rental_units u ON u.client_id = c.unit_client_id \
     WHERE c.status = 'active' AND c.customer_email <> '' AND c.id > $1 \
       AND NOT EXISTS (SELECT 1 FROM mail_jobs j WHERE j.idempotency_key = 'rental-agreement:' || c.client_id) \
     ORDER BY c.id LIMIT $2";

/// Active contracts after row `after_id` whose agreement is not queued and
/// whose customer and unit are stored, oldest first, at most `limit`.
///
/// # Errors
///
/// Returns the database's error.
pub async fn pending_agreements(
    db: &Database,
    after_id: i64,
    limit: i64,
) -> Result<Vec<PendingAgreement>, sqlx::Error> {
    with_pool!(db, pool => {
        let rows = sqlx::query(PENDING_AGREEMENTS).bind(after_id).bind(limit).fetch_all(pool).await?;
        rows.iter()
            .map(|row| {
                Ok(PendingAgreement {
                    id: row.try_get("id")?,
                    client_id: row.try_get("client_id")?,
                    delivery_fee_cents: row.try_get("delivery_fee_cents")?,
                    damage_waiver_cents: row.try_get("damage_waiver_cents")?,
                    deposit_cents: row.try_get("deposit_cents")?,
                    initial_payment_receipt: row.try_get("initial_payment_receipt_number")?,
                    customer_name: row.try_get("full_name")?,
                    customer_address: row.try_get("address")?,
                    customer_phone: row.try_get("phone")?,
                    customer_id_document: row.try_get("id_document")?,
                    unit_condition: row.try_get("condition")?,
                })
            })
            .collect()
    })
}
