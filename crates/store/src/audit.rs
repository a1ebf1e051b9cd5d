//! The audit log: who did what, and who approved it.
//!
//! Entries are written in the same transaction as the change they describe
//! and are never updated or deleted. Details are facts only: amounts, codes,
//! reasons. No PIN, card number or other secret is ever passed in.

use rusqlite::{Connection, params};
use serde::Serialize;
use serde_json::Value;

use crate::clock::format_instant;
use crate::db::Store;
use crate::error::StoreError;

/// One row of the audit log, newest first when listed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    /// UTC RFC 3339 instant.
    pub created_at: String,
    /// Staff member who acted, when a person did.
    pub staff_id: Option<i64>,
    /// Manager who approved the action, when one had to.
    pub approved_by: Option<i64>,
    /// Action name in snake case: `sale_completed`, `price_override`,
    /// `refund_issued`, `no_sale`, `cart_voided`, `shift_opened`,
    /// `shift_closed`, `settings_changed`, `staff_added`, `staff_deactivated`.
    pub action: String,
    /// The record acted on: a receipt number, a staff code, a shift id.
    pub subject: String,
    pub detail: Value,
}

/// An audit entry about to be written.
pub(crate) struct NewAuditEntry<'a> {
    pub staff_id: Option<i64>,
    pub approved_by: Option<i64>,
    pub action: &'a str,
    pub subject: &'a str,
    pub detail: Value,
}

/// Appends an entry; call it inside the transaction of the change itself.
pub(crate) fn record(conn: &Connection, now: jiff::Timestamp, entry: NewAuditEntry<'_>) -> Result<(), StoreError> {
    let mut statement = conn.prepare_cached(
        "INSERT INTO audit_log (client_id, created_at, staff_id, approved_by, action, subject, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    statement.execute(params![
        crate::outbox::new_client_id(),
        format_instant(now),
        entry.staff_id,
        entry.approved_by,
        entry.action,
        entry.subject,
        entry.detail.to_string(),
    ])?;
    Ok(())
}

impl Store {
    /// Lists the latest `limit` audit entries, newest first.
    pub fn audit_entries(&self, limit: u32) -> Result<Vec<AuditEntry>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, created_at, staff_id, approved_by, action, subject, detail
             FROM audit_log ORDER BY id DESC LIMIT ?1",
        )?;
        let rows = statement.query_map([limit], |row| {
            Ok((
                AuditEntry {
                    id: row.get(0)?,
                    created_at: row.get(1)?,
                    staff_id: row.get(2)?,
                    approved_by: row.get(3)?,
                    action: row.get(4)?,
                    subject: row.get(5)?,
                    detail: Value::Null,
                },
                row.get::<_, String>(6)?,
            ))
        })?;
        let mut entries = Vec::new();
        for row in rows {
            let (mut entry, detail) = row?;
            entry.detail = serde_json::from_str(&detail).map_err(|error| {
                StoreError::Corrupt(format!("audit entry {} has unreadable detail: {error}", entry.id))
            })?;
            entries.push(entry);
        }
        Ok(entries)
    }
}
