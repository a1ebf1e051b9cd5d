//! The sync state the window and the CLI show, and the log of sync rounds.

use rusqlite::params;
use serde::Serialize;

use super::rentals::SyncConflict;
use crate::clock::format_instant;
use crate::db::Store;
use crate::error::StoreError;

/// A record the server rejected, with its message for the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncRejection {
    pub client_id: String,
    pub kind: String,
    pub field: String,
    pub message: String,
    /// UTC RFC 3339 instant.
    pub rejected_at: String,
}

/// Where sync stands on this terminal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncStatus {
    /// Records not yet acknowledged by the server, rejected ones included.
    pub waiting: u64,
    pub rejected: Vec<SyncRejection>,
    /// Open conflicts the server reported, such as a unit on two contracts.
    pub conflicts: Vec<SyncConflict>,
    /// UTC RFC 3339 instants of the last round, and of the last one that
    /// finished without error.
    pub last_attempt_at: Option<String>,
    pub last_success_at: Option<String>,
    pub last_error: Option<String>,
    /// Server clock minus terminal clock at the last sync, in milliseconds.
    pub clock_offset_ms: Option<i64>,
    pub changes_cursor: i64,
}

/// What one sync round did, for the log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncRound {
    pub started_at: String,
    pub server_time: Option<String>,
    pub stored: u64,
    pub already_stored: u64,
    pub rejected: u64,
    pub changes_applied: u64,
    pub clock_offset_ms: Option<i64>,
    /// Why the round stopped early, if it did.
    pub error: Option<String>,
}

impl Store {
    /// Returns the terminal's clock as UTC RFC 3339 text.
    pub fn now_text(&self) -> String {
        format_instant(self.now())
    }

    /// Writes a finished round to the sync log and the sync state.
    pub fn record_sync_round(&mut self, round: &SyncRound) -> Result<(), StoreError> {
        let finished_at = format_instant(self.now());
        let tx = self.write()?;
        tx.execute(
            "INSERT INTO sync_log (started_at, finished_at, server_time, stored, already_stored, rejected,
                 changes_applied, error)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                round.started_at,
                finished_at,
                round.server_time,
                i64::try_from(round.stored).unwrap_or(i64::MAX),
                i64::try_from(round.already_stored).unwrap_or(i64::MAX),
                i64::try_from(round.rejected).unwrap_or(i64::MAX),
                i64::try_from(round.changes_applied).unwrap_or(i64::MAX),
                round.error,
            ],
        )?;
        if round.error.is_none() {
            tx.execute(
                "UPDATE sync_state SET last_attempt_at = ?1, last_success_at = ?1, last_error = NULL,
                     clock_offset_ms = coalesce(?2, clock_offset_ms)
                 WHERE id = 1",
                params![finished_at, round.clock_offset_ms],
            )?;
        } else {
            tx.execute(
                "UPDATE sync_state SET last_attempt_at = ?1, last_error = ?2,
                     clock_offset_ms = coalesce(?3, clock_offset_ms)
                 WHERE id = 1",
                params![finished_at, round.error, round.clock_offset_ms],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Reads the sync state for display.
    pub fn sync_status(&self) -> Result<SyncStatus, StoreError> {
        let (last_attempt_at, last_success_at, last_error, clock_offset_ms, changes_cursor) = self.conn.query_row(
            "SELECT last_attempt_at, last_success_at, last_error, clock_offset_ms, changes_cursor
             FROM sync_state WHERE id = 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?)),
        )?;
        let mut statement = self.conn.prepare_cached(
            "SELECT client_id, kind, field, message, rejected_at FROM sync_rejections
             WHERE retried_at IS NULL ORDER BY id",
        )?;
        let rejected = statement
            .query_map([], |row| {
                Ok(SyncRejection {
                    client_id: row.get(0)?,
                    kind: row.get(1)?,
                    field: row.get(2)?,
                    message: row.get(3)?,
                    rejected_at: row.get(4)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(SyncStatus {
            waiting: self.waiting_count()?,
            rejected,
            conflicts: self.sync_conflicts(false)?,
            last_attempt_at,
            last_success_at,
            last_error,
            clock_offset_ms,
            changes_cursor,
        })
    }
}
