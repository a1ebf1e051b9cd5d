//! The store's error type, with a kind the UI and the CLI can branch on.

use serde::Serialize;

/// A coarse class of failure, stable for the UI: it picks the message tone
/// and whether the clerk can fix the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The input is wrong; the message says how to fix it.
    Invalid,
    NotFound,
    /// The action needs a manager's PIN.
    ManagerRequired,
    /// Wrong staff code or PIN.
    SignInFailed,
    /// The state does not allow it (no open shift, already closed...).
    Conflict,
    /// The database failed; nothing was written.
    Storage,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    NotFound(String),
    #[error("a manager must approve this: {0}")]
    ManagerRequired(String),
    #[error("wrong staff code or PIN")]
    SignInFailed,
    #[error("{0}")]
    Conflict(String),
    #[error("the store database failed: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
}

impl StoreError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            StoreError::Invalid(_) => ErrorKind::Invalid,
            StoreError::NotFound(_) => ErrorKind::NotFound,
            StoreError::ManagerRequired(_) => ErrorKind::ManagerRequired,
            StoreError::SignInFailed => ErrorKind::SignInFailed,
            StoreError::Conflict(_) => ErrorKind::Conflict,
            StoreError::Database(_) | StoreError::Corrupt(_) => ErrorKind::Storage,
        }
    }

    /// Wraps a domain error (bad amount, discount too large...) as invalid input.
    pub fn invalid(error: impl std::fmt::Display) -> StoreError {
        StoreError::Invalid(error.to_string())
    }
}
