//! The rent-to-own contracts a shop account may see: reads of the rental
//! tables that terminals fill through sync, keyed by the customer's email.
//!
//! Every query takes the account's normalized email (trimmed, lowercased)
//! and matches it against `lower(customer_email)`, so a contract whose
//! customer has another email, or none, is never returned. SQLite's
//! `lower` folds ASCII letters only, so on SQLite an email with other
//! capital letters does not match its lowercase form.

use time::{Date, OffsetDateTime};

use crate::db::Database;
use crate::db::shop_sql::with_pool;

/// A contract with the description of its unit.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RentalContractRow {
    pub id: i64,
    pub contract_number: String,
    pub store_code: String,
    pub customer_email: String,
    /// Empty until the unit's own record is stored.
    pub item: String,
    pub serial_number: String,
    pub policy_code: String,
    pub start_date: Date,
    pub term: String,
    pub payment_count: i64,
    pub cash_price_cents: i64,
    pub periodic_payment_cents: i64,
    pub total_of_payments_cents: i64,
    pub status: String,
}

/// One scheduled installment as the terminal disclosed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct InstallmentRow {
    pub number: i64,
    pub due_date: Date,
    pub amount_cents: i64,
}

/// One payment a terminal took against a contract.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RentalPaymentRow {
    pub receipt_number: String,
    /// `payment` (rent and late fees) or `buyout`.
    pub kind: String,
    pub paid_at: OffsetDateTime,
    pub business_date: Date,
    pub amount_cents: i64,
    pub rent_cents: i64,
    pub late_fee_cents: i64,
}

const CONTRACT_SELECT: &str = "SELECT c.id, c.contract_number, c.store_code, c.customer_email, \
     COALESCE(u.description, '') AS item, c.serial_number, c.policy_code, c.start_date, c.term, c.payment_count, \
     c.cash_price_cents, c.periodic_payment_cents, c.total_of_payments_cents, c.status \
     FROM rental_contracts c LEFT JOIN rental_units u ON u.client_id = c.unit_client_id";

/// Lists the contracts of the customer with `normalized_email`, newest
/// first, at most `limit`.
pub async fn list_for_email(
    db: &Database,
    normalized_email: &str,
    limit: i64,
) -> Result<Vec<RentalContractRow>, sqlx::Error> {
    let sql = format!(
        "{CONTRACT_SELECT} WHERE lower(c.customer_email) = $1 AND c.customer_email <> '' \
         ORDER BY c.start_date DESC, c.id DESC LIMIT $2"
    );
    with_pool!(db, pool => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(normalized_email)
            .bind(limit)
            .fetch_all(pool)
            .await
    })
}

/// Finds the contract `contract_number` when its customer has
/// `normalized_email`; `None` for any other contract.
pub async fn find_for_email(
    db: &Database,
    normalized_email: &str,
    contract_number: &str,
) -> Result<Option<RentalContractRow>, sqlx::Error> {
    let sql = format!(
        "{CONTRACT_SELECT} WHERE c.contract_number = $1 AND lower(c.customer_email) = $2 \
         AND c.customer_email <> '' ORDER BY c.id LIMIT 1"
    );
    with_pool!(db, pool => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(contract_number)
            .bind(normalized_email)
            .fetch_optional(pool)
            .await
    })
}

/// Loads a contract's schedule in installment order.
pub async fn installments(db: &Database, contract_id: i64) -> Result<Vec<InstallmentRow>, sqlx::Error> {
    let sql = "SELECT number, due_date, amount_cents FROM rental_contract_installments \
               WHERE contract_id = $1 ORDER BY number";
    with_pool!(db, pool => sqlx::query_as(sql).bind(contract_id).fetch_all(pool).await)
}

/// Loads a contract's payments in the order they were taken.
pub async fn payments(db: &Database, contract_id: i64) -> Result<Vec<RentalPaymentRow>, sqlx::Error> {
    let sql = "SELECT receipt_number, kind, paid_at, business_date, amount_cents, rent_cents, late_fee_cents \
               FROM rental_contract_payments WHERE contract_id = $1 ORDER BY business_date, paid_at, id";
    with_pool!(db, pool => sqlx::query_as(sql).bind(contract_id).fetch_all(pool).await)
}

/// Finds the contract stored under row `id`.
pub async fn find_by_id(db: &Database, id: i64) -> Result<Option<RentalContractRow>, sqlx::Error> {
    let sql = format!("{CONTRACT_SELECT} WHERE c.id = $1");
    with_pool!(db, pool => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(id)
            .fetch_optional(pool)
            .await
    })
}
