//! The statements of one upload batch, written as multi-row inserts. A
//! batch of 2,000 sales costs a few dozen statements instead of several
//! per sale, because sqlx on SQLite hands every statement to the
//! connection's worker thread and that hand-off dominated the time.
//!
//! Every statement text here is built from fixed SQL and numbered `$N`
//! placeholders only, never from uploaded values, hence `AssertSqlSafe`.
//!
//! Stock is moved in memory: the batch reads each touched SKU's count once,
//! applies the records' deltas in order, and writes the movements, the new
//! counts and the feed's stock changes in bulk. An oversell alert that
//! names the sales before it, which is rare, gets a statement of its own.

use std::collections::HashMap;

use giggatek_protocol::{EntityKind, StockChange};
use sqlx::AssertSqlSafe;
use time::OffsetDateTime;

use super::terminals::Terminal;

/// The maximum bind parameters of one statement. Both databases allow far
/// more (SQLite 32,766 since version 3.32, PostgreSQL 65,535). But sqlx on
/// SQLite slowed down more than linearly with the parameter count. In
/// `sync-server/benches/sync.rs` (dev profile, 2 cores), 2,000 sales took
/// 2.7 s to insert with 30,000 parameters a statement and 0.09 s with 1,000.
const MAX_BIND_PARAMS: usize = 1_000;

/// One new `sync_records` row.
pub(crate) struct NewRecord<'a> {
    pub client_id: &'a str,
    pub kind: &'a str,
    pub business_date: Option<&'a str>,
    pub sales_cents: Option<i64>,
    pub payload: &'a str,
    pub terminal_created_at: &'a str,
}

/// One stock movement, with the count after it.
pub(crate) struct Movement {
    pub record_id: i64,
    pub sku: String,
    pub delta: i64,
    pub on_hand_after: i64,
}

/// A sale that left a SKU below zero: `crossed` when the count was 0 or
/// more before it, so the alert also names the sales that took the last
/// units.
pub(crate) struct Oversell {
    pub record_id: i64,
    pub client_id: String,
    pub sku: String,
    pub on_hand_after: i64,
    pub crossed: bool,
}

/// Builds `($1, $2, ...), ($n+1, ...)` for `rows` rows of `columns` values.
fn values_clause(rows: usize, columns: usize) -> String {
    let mut text = String::with_capacity(rows * columns * 5);
    for row in 0..rows {
        if row > 0 {
            text.push_str(", ");
        }
        text.push('(');
        for column in 0..columns {
            if column > 0 {
                text.push_str(", ");
            }
            text.push('$');
            text.push_str(&(row * columns + column + 1).to_string());
        }
        text.push(')');
    }
    text
}

/// Rows per statement for a table of `columns` bound columns.
fn rows_per_statement(columns: usize) -> usize {
    (MAX_BIND_PARAMS / columns).max(1)
}

/// The batch's statements on one open connection. Implemented for both
/// backends' connections by one macro, because the SQL is the same and
/// sqlx's executors are per backend.
pub(crate) trait BatchWriter {
    /// Inserts records whose client id is new and returns the new rows'
    /// ids by client id; records already stored are left out.
    async fn insert_records(
        &mut self,
        terminal: &Terminal,
        batch_id: &str,
        records: &[NewRecord<'_>],
        now: OffsetDateTime,
    ) -> Result<HashMap<String, i64>, sqlx::Error>;

    /// Returns the stored kind of each of `client_ids` that is stored.
    async fn stored_kinds(&mut self, client_ids: &[&str]) -> Result<HashMap<String, String>, sqlx::Error>;

    /// Returns the stock count of each of `skus` that has one.
    async fn stock_counts(&mut self, skus: &[String]) -> Result<HashMap<String, i64>, sqlx::Error>;

    /// Writes the movements, the new counts of `counts` and the oversell
    /// alerts, in that order.
    async fn write_stock(
        &mut self,
        movements: &[Movement],
        counts: &[(String, i64)],
        oversells: &[Oversell],
        now: OffsetDateTime,
    ) -> Result<(), sqlx::Error>;

    /// Appends a stock change per SKU to the change feed.
    async fn append_stock_changes(&mut self, counts: &[(String, i64)], now: OffsetDateTime) -> Result<(), sqlx::Error>;
}

macro_rules! impl_batch_writer {
    ($connection:ty) => {
        impl BatchWriter for $connection {
            async fn insert_records(
                &mut self,
                terminal: &Terminal,
                batch_id: &str,
                records: &[NewRecord<'_>],
                now: OffsetDateTime,
            ) -> Result<HashMap<String, i64>, sqlx::Error> {
                const COLUMNS: usize = 11;
                let mut inserted = HashMap::with_capacity(records.len());
                for chunk in records.chunks(rows_per_statement(COLUMNS)) {
                    let sql = format!(
                        "INSERT INTO sync_records (client_id, kind, terminal_id, store_code, terminal_code,
                             business_date, sales_cents, payload, terminal_created_at, received_at, batch_id)
                         VALUES {}
                         ON CONFLICT (client_id) DO NOTHING
                         RETURNING client_id, id",
                        values_clause(chunk.len(), COLUMNS)
                    );
                    let mut query = sqlx::query_as::<_, (String, i64)>(AssertSqlSafe(sql.as_str()));
                    for record in chunk {
                        query = query
                            .bind(record.client_id)
                            .bind(record.kind)
                            .bind(terminal.id)
                            .bind(&terminal.store_code)
                            .bind(&terminal.terminal_code)
                            .bind(record.business_date)
                            .bind(record.sales_cents)
                            .bind(record.payload)
                            .bind(record.terminal_created_at)
                            .bind(now)
                            .bind(batch_id);
                    }
                    inserted.extend(query.fetch_all(&mut *self).await?);
                }
                Ok(inserted)
            }

            async fn stored_kinds(&mut self, client_ids: &[&str]) -> Result<HashMap<String, String>, sqlx::Error> {
                let mut kinds = HashMap::new();
                for chunk in client_ids.chunks(rows_per_statement(1)) {
                    let sql = format!(
                        "SELECT client_id, kind FROM sync_records WHERE client_id IN ({})",
                        placeholders(chunk.len())
                    );
                    let mut query = sqlx::query_as::<_, (String, String)>(AssertSqlSafe(sql.as_str()));
                    for client_id in chunk {
                        query = query.bind(*client_id);
                    }
                    kinds.extend(query.fetch_all(&mut *self).await?);
                }
                Ok(kinds)
            }

            async fn stock_counts(&mut self, skus: &[String]) -> Result<HashMap<String, i64>, sqlx::Error> {
                let mut counts = HashMap::new();
                for chunk in skus.chunks(rows_per_statement(1)) {
                    let sql = format!(
                        "SELECT sku, on_hand FROM stock_levels WHERE sku IN ({})",
                        placeholders(chunk.len())
                    );
                    let mut query = sqlx::query_as::<_, (String, i64)>(AssertSqlSafe(sql.as_str()));
                    for sku in chunk {
                        query = query.bind(sku);
                    }
                    counts.extend(query.fetch_all(&mut *self).await?);
                }
                Ok(counts)
            }

            async fn write_stock(
                &mut self,
                movements: &[Movement],
                counts: &[(String, i64)],
                oversells: &[Oversell],
                now: OffsetDateTime,
            ) -> Result<(), sqlx::Error> {
                for chunk in movements.chunks(rows_per_statement(4)) {
                    let sql = format!(
                        "INSERT INTO stock_movements (record_id, sku, delta, on_hand_after) VALUES {}",
                        values_clause(chunk.len(), 4)
                    );
                    let mut query = sqlx::query(AssertSqlSafe(sql.as_str()));
                    for movement in chunk {
                        query = query
                            .bind(movement.record_id)
                            .bind(&movement.sku)
                            .bind(movement.delta)
                            .bind(movement.on_hand_after);
                    }
                    query.execute(&mut *self).await?;
                }
                for chunk in counts.chunks(rows_per_statement(3)) {
                    let sql = format!(
                        "INSERT INTO stock_levels (sku, on_hand, updated_at) VALUES {}
                         ON CONFLICT (sku) DO UPDATE SET on_hand = excluded.on_hand, updated_at = excluded.updated_at",
                        values_clause(chunk.len(), 3)
                    );
                    let mut query = sqlx::query(AssertSqlSafe(sql.as_str()));
                    for (sku, on_hand) in chunk {
                        query = query.bind(sku).bind(on_hand).bind(now);
                    }
                    query.execute(&mut *self).await?;
                }
                for oversell in oversells.iter().filter(|oversell| oversell.crossed) {
                    // Stock just went below zero: the alert names every sale
                    // since it was last above zero, the ones that competed
                    // for the last units.
                    sqlx::query(
                        "INSERT INTO oversell_alerts (sku, record_client_id, on_hand_after, raised_at)
                         SELECT m.sku, r.client_id, m.on_hand_after, $3
                         FROM stock_movements m JOIN sync_records r ON r.id = m.record_id
                         WHERE m.sku = $1 AND m.delta < 0
                           AND m.id <= (SELECT MAX(id) FROM stock_movements WHERE record_id = $2 AND sku = $1)
                           AND m.id > COALESCE(
                               (SELECT MAX(id) FROM stock_movements
                                WHERE sku = $1 AND on_hand_after > 0
                                  AND id < (SELECT MAX(id) FROM stock_movements WHERE record_id = $2 AND sku = $1)),
                               0)
                         ORDER BY m.id
                         ON CONFLICT (record_client_id, sku) DO NOTHING",
                    )
                    .bind(&oversell.sku)
                    .bind(oversell.record_id)
                    .bind(now)
                    .execute(&mut *self)
                    .await?;
                    tracing::warn!(
                        sku = %oversell.sku,
                        client_id = %oversell.client_id,
                        on_hand = oversell.on_hand_after,
                        "stock oversold"
                    );
                }
                // Sales after stock was already below zero join the alert.
                let joining: Vec<&Oversell> = oversells.iter().filter(|oversell| !oversell.crossed).collect();
                for chunk in joining.chunks(rows_per_statement(4)) {
                    let sql = format!(
                        "INSERT INTO oversell_alerts (sku, record_client_id, on_hand_after, raised_at) VALUES {}
                         ON CONFLICT (record_client_id, sku) DO NOTHING",
                        values_clause(chunk.len(), 4)
                    );
                    let mut query = sqlx::query(AssertSqlSafe(sql.as_str()));
                    for oversell in chunk {
                        query = query
                            .bind(&oversell.sku)
                            .bind(&oversell.client_id)
                            .bind(oversell.on_hand_after)
                            .bind(now);
                    }
                    query.execute(&mut *self).await?;
                }
                if !joining.is_empty() {
                    tracing::warn!(sales = joining.len(), "more sales of oversold stock");
                }
                Ok(())
            }

            async fn append_stock_changes(
                &mut self,
                counts: &[(String, i64)],
                now: OffsetDateTime,
            ) -> Result<(), sqlx::Error> {
                let mut data = Vec::with_capacity(counts.len());
                for (sku, on_hand) in counts {
                    let change = StockChange {
                        sku: sku.clone(),
                        on_hand: *on_hand,
                    };
                    data.push(serde_json::to_string(&change).map_err(|error| sqlx::Error::Encode(error.into()))?);
                }
                for (chunk, data) in counts
                    .chunks(rows_per_statement(4))
                    .zip(data.chunks(rows_per_statement(4)))
                {
                    let sql = format!(
                        "INSERT INTO changes (entity, entity_key, data, changed_at) VALUES {}",
                        values_clause(chunk.len(), 4)
                    );
                    let mut query = sqlx::query(AssertSqlSafe(sql.as_str()));
                    for ((sku, _), data) in chunk.iter().zip(data) {
                        query = query.bind(EntityKind::STOCK).bind(sku).bind(data).bind(now);
                    }
                    query.execute(&mut *self).await?;
                }
                Ok(())
            }
        }
    };
}

/// Builds `$1, $2, ..., $n`.
fn placeholders(count: usize) -> String {
    (1..=count).map(|n| format!("${n}")).collect::<Vec<_>>().join(", ")
}

impl_batch_writer!(sqlx::SqliteConnection);
impl_batch_writer!(sqlx::PgConnection);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_clause_numbers_every_parameter() {
        assert_eq!(values_clause(2, 3), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(placeholders(3), "$1, $2, $3");
    }

    #[test]
    fn rows_per_statement_stays_under_the_limit() {
        assert_eq!(rows_per_statement(11), 90);
        assert!(rows_per_statement(11) * 11 <= MAX_BIND_PARAMS);
    }
}
