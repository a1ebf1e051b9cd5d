//! The one error type every command returns, shaped for the UI.

use serde::Serialize;
use ts_rs::TS;

use giggatek_domain::{CartError, DiscountError, MoneyError, PercentError, TenderError};
use giggatek_store::StoreError;

/// A class of failure the UI branches on; the message is for the clerk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The input is invalid, and the message explains how to fix it.
    Invalid,
    NotFound,
    /// The action needs a manager's code and PIN.
    ManagerRequired,
    /// Wrong staff code or PIN.
    SignInFailed,
    /// The terminal's state does not allow it (no open shift, nothing to pay...).
    Conflict,
    /// The store file failed; nothing was written.
    Storage,
    /// No staff member is signed in at this terminal.
    SignedOut,
    /// The cart rejected the change (quantity, discount, price).
    Cart,
    /// The tenders do not pay the sale (too little cash, card above the amount due...).
    Tender,
}

/// The error of a failed command, sent to the window as `{ kind, message }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct CommandError {
    pub kind: ErrorKind,
    pub message: String,
}

impl CommandError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> CommandError {
        CommandError {
            kind,
            message: message.into(),
        }
    }

    pub fn invalid(message: impl Into<String>) -> CommandError {
        CommandError::new(ErrorKind::Invalid, message)
    }

    pub fn conflict(message: impl Into<String>) -> CommandError {
        CommandError::new(ErrorKind::Conflict, message)
    }

    pub fn signed_out() -> CommandError {
        CommandError::new(
            ErrorKind::SignedOut,
            "Nobody is signed in: sign in with your staff code and PIN.",
        )
    }
}

impl From<StoreError> for CommandError {
    fn from(error: StoreError) -> CommandError {
        let kind = match error.kind() {
            giggatek_store::ErrorKind::Invalid => ErrorKind::Invalid,
            giggatek_store::ErrorKind::NotFound => ErrorKind::NotFound,
            giggatek_store::ErrorKind::ManagerRequired => ErrorKind::ManagerRequired,
            giggatek_store::ErrorKind::SignInFailed => ErrorKind::SignInFailed,
            giggatek_store::ErrorKind::Conflict => ErrorKind::Conflict,
            giggatek_store::ErrorKind::Storage => ErrorKind::Storage,
        };
        if kind == ErrorKind::Storage {
            // The clerk cannot act on SQLite's wording; the log keeps it.
            tracing::error!(%error, "store call failed");
            return CommandError::new(
                kind,
                "The terminal could not read or write its store, and nothing was saved. Try again; \
                 if it keeps failing, call a manager.",
            );
        }
        CommandError::new(kind, capitalize(&error.to_string()))
    }
}

impl From<CartError> for CommandError {
    fn from(error: CartError) -> CommandError {
        CommandError::new(ErrorKind::Cart, capitalize(&error.to_string()))
    }
}

impl From<DiscountError> for CommandError {
    fn from(error: DiscountError) -> CommandError {
        CommandError::new(ErrorKind::Cart, capitalize(&error.to_string()))
    }
}

impl From<TenderError> for CommandError {
    fn from(error: TenderError) -> CommandError {
        CommandError::new(ErrorKind::Tender, capitalize(&error.to_string()))
    }
}

impl From<MoneyError> for CommandError {
    fn from(error: MoneyError) -> CommandError {
        CommandError::invalid(capitalize(&error.to_string()))
    }
}

impl From<PercentError> for CommandError {
    fn from(error: PercentError) -> CommandError {
        CommandError::invalid(capitalize(&error.to_string()))
    }
}

/// Starts a domain message with a capital letter, as the UI shows it alone.
fn capitalize(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_conflict_keeps_message() {
        let error = CommandError::from(StoreError::Conflict("no shift is open".into()));
        assert_eq!(error.kind, ErrorKind::Conflict);
        assert_eq!(error.message, "No shift is open");
    }

    #[test]
    fn storage_error_hides_sqlite_text() {
        let error = CommandError::from(StoreError::Corrupt("bad row 7".into()));
        assert_eq!(error.kind, ErrorKind::Storage);
        assert!(!error.message.contains("bad row"));
    }

    #[test]
    fn discount_error_is_cart_kind() {
        let error = CommandError::from(CartError::InvalidQuantity(0));
        assert_eq!(error.kind, ErrorKind::Cart);
        assert_eq!(error.message, "Quantity 0 is not allowed: use 1 to 9999");
    }

    #[test]
    fn error_serializes_kind_and_message() {
        let error = CommandError::new(ErrorKind::SignedOut, "x");
        let json = serde_json::to_string(&error).unwrap_or_default();
        assert_eq!(json, r#"{"kind":"signed_out","message":"x"}"#);
    }
}
