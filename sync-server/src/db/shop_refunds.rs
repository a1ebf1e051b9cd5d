//! Refunds staff asked Stripe for, one per idempotency key.

use sqlx::Row;

use crate::db::Database;
use crate::db::shop_sql::with_pool;

/// A recorded refund request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundRow {
    pub id: i64,
    pub order_id: i64,
    pub amount_cents: i64,
    /// Stripe's refund id, once Stripe accepted the refund.
    pub refund_id: Option<String>,
}

/// Records a refund request under `key`, or returns the one recorded under
/// it before.
pub async fn insert(
    db: &Database,
    order_id: i64,
    key: &str,
    amount_cents: i64,
    staff_id: i64,
    now: &str,
) -> Result<RefundRow, sqlx::Error> {
    with_pool!(db, pool => {
        sqlx::query(
            "INSERT INTO order_refunds (order_id, idempotency_key, amount_cents, requested_by, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (idempotency_key) DO NOTHING",
        )
        .bind(order_id)
        .bind(key)
        .bind(amount_cents)
        .bind(staff_id)
        .bind(now)
        .execute(pool)
        .await
        .map(drop)
    })?;
    find_by_key(db, key)
        .await?
        .ok_or_else(|| sqlx::Error::Protocol(format!("the refund under key {key:?} vanished after its insert")))
}

/// Finds the refund request recorded under `key`.
pub async fn find_by_key(db: &Database, key: &str) -> Result<Option<RefundRow>, sqlx::Error> {
    let sql = "SELECT id, order_id, amount_cents, refund_id FROM order_refunds WHERE idempotency_key = $1";
    with_pool!(db, pool => {
        let row = sqlx::query(sql).bind(key).fetch_optional(pool).await?;
        row.map(|row| {
            Ok(RefundRow {
                id: row.try_get("id")?,
                order_id: row.try_get("order_id")?,
                amount_cents: row.try_get("amount_cents")?,
                refund_id: row.try_get("refund_id")?,
            })
        })
        .transpose()
    })
}

/// Stores Stripe's refund id, which makes the request count as refunded,
/// and clears a failure recorded by an earlier attempt.
pub async fn set_refund_id(db: &Database, id: i64, refund_id: &str) -> Result<(), sqlx::Error> {
    let sql = "UPDATE order_refunds SET refund_id = $2, failed_at = NULL, failure = NULL WHERE id = $1";
    with_pool!(db, pool => sqlx::query(sql).bind(id).bind(refund_id).execute(pool).await.map(drop))
}

/// Marks a request that Stripe rejected or did not answer as failed, unless
/// a concurrent attempt under the same key already stored its refund id. A
/// failed request never counts as refunded (see [`refunded_total`]).
pub async fn mark_failed(db: &Database, id: i64, failure: &str, now: &str) -> Result<(), sqlx::Error> {
    let sql = "UPDATE order_refunds SET failed_at = $2, failure = $3 WHERE id = $1 AND refund_id IS NULL";
    with_pool!(db, pool => sqlx::query(sql).bind(id).bind(now).bind(failure).execute(pool).await.map(drop))
}

/// Sums the cents of an order's refunds that Stripe accepted.
pub async fn refunded_total(db: &Database, order_id: i64) -> Result<i64, sqlx::Error> {
    let sql = "SELECT CAST(COALESCE(SUM(amount_cents), 0) AS BIGINT) FROM order_refunds \
               WHERE order_id = $1 AND refund_id IS NOT NULL";
    with_pool!(db, pool => sqlx::query_scalar::<_, i64>(sql).bind(order_id).fetch_one(pool).await)
}
