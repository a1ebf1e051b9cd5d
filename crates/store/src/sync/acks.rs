//! Storing the server's acknowledgements.

use giggatek_protocol::AckStatus;
use rusqlite::params;

use super::pending::{PendingRecord, RecordSource};
use crate::clock::format_instant;
use crate::db::Store;
use crate::error::StoreError;

/// How the server answered one batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UploadTally {
    pub stored: u64,
    pub already_stored: u64,
    pub rejected: u64,
}

impl Store {
    /// Marks acknowledged records as synced and stores rejections, in one
    /// transaction. `results` pairs each uploaded record with the server's
    /// status for it. Audit entries advance only over an unbroken run of
    /// held entries, because their upload position is a single id.
    pub fn record_acks(&mut self, results: &[(&PendingRecord, &AckStatus)]) -> Result<UploadTally, StoreError> {
        let now = format_instant(self.now());
        let tx = self.write()?;
        let mut tally = UploadTally::default();
        let mut audit_through: Option<i64> = None;
        let mut audit_blocked = false;
        {
            let mut mark = tx.prepare_cached("UPDATE outbox SET synced_at = ?1 WHERE id = ?2 AND synced_at IS NULL")?;
            let mut reject = tx.prepare_cached(
                "INSERT INTO sync_rejections (client_id, kind, field, message, rejected_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for (pending, status) in results {
                match status {
                    AckStatus::Stored => tally.stored += 1,
                    AckStatus::AlreadyStored => tally.already_stored += 1,
                    AckStatus::Rejected { .. } => tally.rejected += 1,
                }
                match (pending.source, status) {
                    (RecordSource::Outbox(id), status) if status.is_held() => {
                        mark.execute(params![now, id])?;
                    }
                    (RecordSource::Audit(id), status) if status.is_held() && !audit_blocked => {
                        audit_through = Some(audit_through.map_or(id, |through: i64| through.max(id)));
                    }
                    (source, AckStatus::Rejected { field, message }) => {
                        if matches!(source, RecordSource::Audit(_)) {
                            audit_blocked = true;
                        }
                        tracing::warn!(
                            client_id = %pending.record.client_id,
                            kind = pending.record.kind.as_str(),
                            field = %field,
                            message = %message,
                            "the server rejected a record"
                        );
                        reject.execute(params![
                            pending.record.client_id.hyphenated().to_string(),
                            pending.record.kind.as_str(),
                            field,
                            message,
                            now
                        ])?;
                    }
                    _ => {}
                }
            }
        }
        if let Some(through) = audit_through {
            tx.execute(
                "UPDATE sync_state SET audit_uploaded_through = max(audit_uploaded_through, ?1) WHERE id = 1",
                [through],
            )?;
        }
        tx.commit()?;
        Ok(tally)
    }

    /// Puts every rejected record back in the upload queue, after a user
    /// fixed the cause (such as updating the server). Returns how many.
    pub fn retry_rejected(&mut self) -> Result<usize, StoreError> {
        let now = format_instant(self.now());
        let tx = self.write()?;
        let changed = tx.execute(
            "UPDATE sync_rejections SET retried_at = ?1 WHERE retried_at IS NULL",
            [now],
        )?;
        tx.commit()?;
        Ok(changed)
    }
}
