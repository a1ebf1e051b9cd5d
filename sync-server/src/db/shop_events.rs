//! The queue of Stripe webhook events, stored once under Stripe's event id.

use sqlx::Row;

use crate::db::Database;
use crate::db::shop_sql::with_pool;

/// A stored event waiting to be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvent {
    pub id: i64,
    pub event_id: String,
    pub payload: String,
    pub attempts: i64,
}

/// Stores an event unless its id is stored already; returns whether it was
/// new. One statement: a repeated delivery only finds the unique key.
pub async fn insert(
    db: &Database,
    event_id: &str,
    event_type: &str,
    payload: &str,
    status: &str,
    now: &str,
) -> Result<bool, sqlx::Error> {
    let sql = "INSERT INTO stripe_events (event_id, event_type, payload, status, received_at) \
               VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event_id) DO NOTHING";
    with_pool!(db, pool => {
        let result = sqlx::query(sql)
            .bind(event_id)
            .bind(event_type)
            .bind(payload)
            .bind(status)
            .bind(now)
            .execute(pool)
            .await?;
        Ok(result.rows_affected() == 1)
    })
}

/// Lists the oldest events not yet applied.
pub async fn pending(db: &Database, limit: i64) -> Result<Vec<StoredEvent>, sqlx::Error> {
    let sql = "SELECT id, event_id, payload, attempts FROM stripe_events WHERE status = 'pending' ORDER BY id LIMIT $1";
    with_pool!(db, pool => {
        let rows = sqlx::query(sql).bind(limit).fetch_all(pool).await?;
        rows.iter()
            .map(|row| {
                Ok(StoredEvent {
                    id: row.try_get("id")?,
                    event_id: row.try_get("event_id")?,
                    payload: row.try_get("payload")?,
                    attempts: row.try_get("attempts")?,
                })
            })
            .collect()
    })
}

/// Records the outcome of applying an event: a final status (`applied`,
/// `ignored`, `unusable`) or `pending` to try again later.
pub async fn finish(db: &Database, id: i64, status: &str, note: Option<&str>, now: &str) -> Result<(), sqlx::Error> {
    let sql = "UPDATE stripe_events SET status = $2, note = $3, attempts = attempts + 1, \
               applied_at = CASE WHEN $2 = 'pending' THEN NULL ELSE $4 END WHERE id = $1";
    with_pool!(db, pool => {
        sqlx::query(sql).bind(id).bind(status).bind(note).bind(now).execute(pool).await.map(drop)
    })
}

/// Returns the status of the event stored under `event_id`.
pub async fn status(db: &Database, event_id: &str) -> Result<Option<String>, sqlx::Error> {
    let sql = "SELECT status FROM stripe_events WHERE event_id = $1";
    with_pool!(db, pool => sqlx::query_scalar::<_, String>(sql).bind(event_id).fetch_optional(pool).await)
}
