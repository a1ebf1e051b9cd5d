//! The outbox: immutable records of sales, returns and closed shifts waiting
//! for upload, in the order they were written.
//!
//! A record's client id is the id of the thing it describes (the sale's
//! client id for a sale), so an upload retried after a crash carries the same
//! key and the server can store it once.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde_json::Value;

use crate::clock::format_instant;
use crate::db::Store;
use crate::error::StoreError;

/// One record waiting for upload.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutboxRecord {
    pub id: i64,
    pub client_id: String,
    /// `sale`, `return` or `shift_closed`.
    pub kind: String,
    pub payload: Value,
    /// UTC RFC 3339 instant.
    pub created_at: String,
}

/// Makes a new time-ordered id (UUIDv7) for a row the terminal creates.
pub(crate) fn new_client_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Appends a record; call it inside the transaction that stores the record's
/// subject, so both are written or neither.
pub(crate) fn enqueue(
    conn: &Connection,
    now: jiff::Timestamp,
    client_id: &str,
    kind: &str,
    payload: &Value,
) -> Result<(), StoreError> {
    let mut statement =
        conn.prepare_cached("INSERT INTO outbox (client_id, kind, payload, created_at) VALUES (?1, ?2, ?3, ?4)")?;
    statement.execute(params![client_id, kind, payload.to_string(), format_instant(now)])?;
    Ok(())
}

/// Rejects a client id that an outbox record of another kind already uses,
/// such as a return submitted under its sale's id.
pub(crate) fn ensure_unused(conn: &Connection, client_id: &str) -> Result<(), StoreError> {
    let mut statement = conn.prepare_cached("SELECT kind FROM outbox WHERE client_id = ?1")?;
    let kind: Option<String> = statement.query_row([client_id], |row| row.get(0)).optional()?;
    match kind {
        Some(kind) => Err(StoreError::Conflict(format!(
            "client id {client_id} already belongs to a {kind} record: make a new id for this one"
        ))),
        None => Ok(()),
    }
}

impl Store {
    /// Lists up to `limit` records not yet uploaded, oldest first.
    pub fn pending_outbox(&self, limit: u32) -> Result<Vec<OutboxRecord>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, client_id, kind, payload, created_at FROM outbox
             WHERE synced_at IS NULL ORDER BY id LIMIT ?1",
        )?;
        let rows = statement.query_map([limit], |row| {
            Ok((
                OutboxRecord {
                    id: row.get(0)?,
                    client_id: row.get(1)?,
                    kind: row.get(2)?,
                    payload: Value::Null,
                    created_at: row.get(4)?,
                },
                row.get::<_, String>(3)?,
            ))
        })?;
        let mut records = Vec::new();
        for row in rows {
            let (mut record, payload) = row?;
            record.payload = serde_json::from_str(&payload).map_err(|error| {
                StoreError::Corrupt(format!(
                    "outbox record {} has an unreadable payload: {error}",
                    record.id
                ))
            })?;
            records.push(record);
        }
        Ok(records)
    }

    /// Marks records as uploaded once the server acknowledged them; ids
    /// already marked or unknown are skipped. Returns how many rows changed.
    pub fn mark_outbox_synced(&mut self, ids: &[i64]) -> Result<usize, StoreError> {
        let now = format_instant(self.now());
        let tx = self.write()?;
        let mut changed = 0;
        {
            let mut statement =
                tx.prepare_cached("UPDATE outbox SET synced_at = ?1 WHERE id = ?2 AND synced_at IS NULL")?;
            for id in ids {
                changed += statement.execute(params![now, id])?;
            }
        }
        tx.commit()?;
        Ok(changed)
    }
}
