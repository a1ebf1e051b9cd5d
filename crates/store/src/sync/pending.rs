//! Records waiting for upload: outbox rows not yet acknowledged, then audit
//! entries after the last acknowledged one.

use giggatek_protocol::{Record, RecordKind};
use rusqlite::params;
use serde_json::value::{RawValue, to_raw_value};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::db::Store;
use crate::error::StoreError;

/// Where a pending record lives in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordSource {
    /// An `outbox` row, by id.
    Outbox(i64),
    /// An `audit_log` row, by id.
    Audit(i64),
}

/// A record to upload, with where to mark it once acknowledged.
#[derive(Debug, Clone)]
pub struct PendingRecord {
    pub source: RecordSource,
    pub record: Record,
}

impl Store {
    /// Lists up to `limit` records to upload, oldest first: outbox records
    /// not yet acknowledged and not rejected, then audit entries.
    pub fn pending_upload(&self, limit: usize) -> Result<Vec<PendingRecord>, StoreError> {
        let limit_sql = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut records = Vec::new();
        let mut outbox = self.conn.prepare_cached(
            "SELECT id, client_id, kind, payload, created_at FROM outbox
             WHERE synced_at IS NULL
               AND client_id NOT IN (SELECT client_id FROM sync_rejections WHERE retried_at IS NULL)
             ORDER BY id LIMIT ?1",
        )?;
        let rows = outbox.query_map([limit_sql], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
            ))
        })?;
        for row in rows {
            let (id, client_id, kind, payload, created_at) = row?;
            let payload = RawValue::from_string(payload).map_err(|error| {
                StoreError::Corrupt(format!("outbox record {id} has an unreadable payload: {error}"))
            })?;
            records.push(PendingRecord {
                source: RecordSource::Outbox(id),
                record: Record {
                    kind: RecordKind(kind),
                    client_id: parse_client_id(&client_id, "outbox", id)?,
                    created_at,
                    payload,
                },
            });
        }
        let remaining = limit.saturating_sub(records.len());
        if remaining == 0 {
            return Ok(records);
        }

        let mut audit = self.conn.prepare_cached(
            "SELECT a.id, a.client_id, a.created_at, a.staff_id, a.approved_by, a.action, a.subject, a.detail
             FROM audit_log a, sync_state s
             WHERE s.id = 1 AND a.id > s.audit_uploaded_through
             ORDER BY a.id LIMIT ?1",
        )?;
        let rows = audit.query_map(params![i64::try_from(remaining).unwrap_or(i64::MAX)], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, Option<i64>>(3)?,
                row.get::<_, Option<i64>>(4)?,
                row.get::<_, String>(5)?,
                row.get::<_, String>(6)?,
                row.get::<_, String>(7)?,
            ))
        })?;
        for row in rows {
            let (id, client_id, created_at, staff_id, approved_by, action, subject, detail) = row?;
            let detail: Value = serde_json::from_str(&detail)
                .map_err(|error| StoreError::Corrupt(format!("audit entry {id} has unreadable details: {error}")))?;
            records.push(PendingRecord {
                source: RecordSource::Audit(id),
                record: Record {
                    kind: RecordKind(RecordKind::AUDIT_ENTRY.to_owned()),
                    client_id: parse_client_id(&client_id, "audit entry", id)?,
                    created_at: created_at.clone(),
                    payload: to_raw_value(&json!({
                        "created_at": created_at,
                        "staff_id": staff_id,
                        "approved_by": approved_by,
                        "action": action,
                        "subject": subject,
                        "detail": detail,
                    }))
                    .map_err(|error| {
                        StoreError::Corrupt(format!("audit entry {id} cannot be written as JSON: {error}"))
                    })?,
                },
            });
        }
        Ok(records)
    }

    /// Counts records waiting for upload, rejected ones included.
    pub fn waiting_count(&self) -> Result<u64, StoreError> {
        let count: i64 = self.conn.query_row(
            "SELECT (SELECT count(*) FROM outbox WHERE synced_at IS NULL)
                  + (SELECT count(*) FROM audit_log a, sync_state s WHERE s.id = 1 AND a.id > s.audit_uploaded_through)",
            [],
            |row| row.get(0),
        )?;
        Ok(u64::try_from(count).unwrap_or(0))
    }
}

fn parse_client_id(text: &str, what: &str, id: i64) -> Result<Uuid, StoreError> {
    Uuid::parse_str(text)
        .map_err(|error| StoreError::Corrupt(format!("{what} {id} has an invalid client id {text:?}: {error}")))
}
