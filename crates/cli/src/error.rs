//! The CLI's error: one sentence for stderr and an exit code per kind.

use giggatek_store::{ErrorKind, ImportError, StoreError};

/// A class of failure; each has its own exit code, listed in `--help`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    Internal,
    Usage,
    Invalid,
    NotFound,
    SignInFailed,
    ManagerRequired,
    Conflict,
    Storage,
    File,
    Offline,
    SyncRejected,
}

impl Failure {
    pub fn exit_code(self) -> u8 {
        match self {
            Failure::Internal => 1,
            Failure::Usage => 2,
            Failure::Invalid => 3,
            Failure::NotFound => 4,
            Failure::SignInFailed => 5,
            Failure::ManagerRequired => 6,
            Failure::Conflict => 7,
            Failure::Storage => 8,
            Failure::File => 9,
            Failure::Offline => 10,
            Failure::SyncRejected => 11,
        }
    }
}

#[derive(Debug)]
pub struct CliError {
    pub failure: Failure,
    pub message: String,
}

impl CliError {
    pub fn new(failure: Failure, message: impl Into<String>) -> CliError {
        CliError {
            failure,
            message: message.into(),
        }
    }

    pub fn invalid(message: impl Into<String>) -> CliError {
        CliError::new(Failure::Invalid, message)
    }
}

impl From<StoreError> for CliError {
    fn from(error: StoreError) -> CliError {
        let failure = match error.kind() {
            ErrorKind::Invalid => Failure::Invalid,
            ErrorKind::NotFound => Failure::NotFound,
            ErrorKind::ManagerRequired => Failure::ManagerRequired,
            ErrorKind::SignInFailed => Failure::SignInFailed,
            ErrorKind::Conflict => Failure::Conflict,
            ErrorKind::Storage => Failure::Storage,
        };
        CliError::new(failure, error.to_string())
    }
}

impl From<ImportError> for CliError {
    fn from(error: ImportError) -> CliError {
        match error {
            ImportError::Store(error) => error.into(),
            ImportError::Row { .. } | ImportError::File { .. } => {
                CliError::invalid(format!("{error}; nothing was imported"))
            }
        }
    }
}

impl From<giggatek_sync_client::SyncError> for CliError {
    fn from(error: giggatek_sync_client::SyncError) -> CliError {
        use giggatek_sync_client::SyncError;
        match error {
            SyncError::Store(error) => error.into(),
            SyncError::Transient(_) => CliError::new(Failure::Offline, format!("{error}; the records stay queued")),
            SyncError::Rejected { .. } | SyncError::Unauthorized(_) => {
                CliError::new(Failure::SyncRejected, error.to_string())
            }
            SyncError::Protocol(_) | SyncError::Credential(_) => CliError::new(Failure::Internal, error.to_string()),
        }
    }
}
