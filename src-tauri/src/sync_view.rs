//! The figures of the window's sync indicator.

use serde::Serialize;
use ts_rs::TS;

use giggatek_store::SyncStatus;

use crate::sync_task::{Connection, SyncState};

/// A terminal clock further than this from the server's gets a warning, in
/// milliseconds; the same limit as the sync client's.
const CLOCK_SKEW_LIMIT_MS: i64 = 120_000;

/// The state of background sync, for the indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SyncConnection {
    NotEnrolled,
    Connecting,
    Online,
    Offline,
    Error,
}

/// The sync indicator's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SyncStatusView {
    pub connection: SyncConnection,
    /// Records not yet acknowledged by the server, rejected ones included.
    pub waiting: u64,
    /// UTC RFC 3339 instant of the last round that finished without error.
    pub last_sync_at: Option<String>,
    /// The error of the last failed round, for the clerk.
    pub message: Option<String>,
    /// Seconds until the next attempt, while a retry waits.
    pub retry_in_seconds: Option<u64>,
    /// Set when the terminal's clock is far from the server's.
    pub clock_warning: Option<String>,
    /// Records the server rejected: "kind: message" each. They stay queued.
    pub rejections: Vec<String>,
    /// Open conflicts the server found, such as a unit on two contracts.
    pub conflicts: Vec<String>,
}

impl SyncStatusView {
    /// Combines the thread's state with the store's sync state.
    pub fn new(state: &SyncState, status: &SyncStatus) -> SyncStatusView {
        let connection = match state.connection {
            Connection::NotEnrolled => SyncConnection::NotEnrolled,
            Connection::Connecting => SyncConnection::Connecting,
            Connection::Online => SyncConnection::Online,
            Connection::Offline => SyncConnection::Offline,
            Connection::Error => SyncConnection::Error,
        };
        SyncStatusView {
            connection,
            waiting: status.waiting,
            last_sync_at: status.last_success_at.clone(),
            message: state.message.clone(),
            retry_in_seconds: state.retry_in.map(|delay| delay.as_secs()),
            clock_warning: status.clock_offset_ms.and_then(clock_warning),
            rejections: status
                .rejected
                .iter()
                .map(|rejection| format!("{}: {}", rejection.kind, rejection.message))
                .collect(),
            conflicts: status
                .conflicts
                .iter()
                .map(|conflict| conflict.message.clone())
                .collect(),
        }
    }
}

/// Warns when the server's clock minus this terminal's is beyond the limit.
fn clock_warning(offset_ms: i64) -> Option<String> {
    if offset_ms.abs() <= CLOCK_SKEW_LIMIT_MS {
        return None;
    }
    let seconds = offset_ms.abs() / 1000;
    let direction = if offset_ms > 0 { "behind" } else { "ahead of" };
    Some(format!(
        "This terminal's clock is {seconds} s {direction} the server's: ask a manager to set the system clock."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_warning_beyond_two_minutes() {
        assert_eq!(clock_warning(120_000), None);
        assert_eq!(clock_warning(-119_000), None);
        assert_eq!(
            clock_warning(300_000).as_deref(),
            Some("This terminal's clock is 300 s behind the server's: ask a manager to set the system clock.")
        );
        assert_eq!(
            clock_warning(-180_500).as_deref(),
            Some("This terminal's clock is 180 s ahead of the server's: ask a manager to set the system clock.")
        );
    }
}
