//! What a sync can fail with, split by what the caller should do next.

use giggatek_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The server could not be reached or failed (refused connection,
    /// timeout, 5xx); retrying later is the fix.
    #[error("the server is unreachable or failed: {0}")]
    Transient(String),
    /// The server rejected the request (4xx other than 401); retrying the
    /// same request will fail again, so the message goes to the user.
    #[error("the server rejected the request ({status}): {message}")]
    Rejected { status: u16, message: String },
    /// The device credential is missing, invalid or revoked.
    #[error("{0}")]
    Unauthorized(String),
    /// The server's answer did not match the protocol.
    #[error("the server's answer is invalid: {0}")]
    Protocol(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Reading or writing the device credential failed.
    #[error("{0}")]
    Credential(String),
}

impl SyncError {
    /// Whether retrying the same request later can succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self, SyncError::Transient(_))
    }
}
