//! Receipt numbers: store code, terminal code and a per-terminal sequence.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A receipt number such as `S01-T02-000042`.
///
/// Each terminal numbers its own receipts, so numbers never clash across
/// terminals and a terminal needs no network to issue one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(try_from = "String", into = "String")]
pub struct ReceiptNumber {
    store: String,
    terminal: String,
    sequence: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReceiptNumberError {
    #[error("\"{0}\" is not a receipt number: expected the form S01-T01-000042")]
    Invalid(String),
    #[error("code \"{0}\" is invalid: use 1 to 8 capital letters or digits")]
    InvalidCode(String),
}

/// Checks a store or terminal code: 1 to 8 capital letters or digits.
pub fn check_code(code: &str) -> Result<(), ReceiptNumberError> {
    let valid =
        !code.is_empty() && code.len() <= 8 && code.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if valid {
        Ok(())
    } else {
        Err(ReceiptNumberError::InvalidCode(code.to_string()))
    }
}

impl ReceiptNumber {
    pub fn new(store: &str, terminal: &str, sequence: u64) -> Result<ReceiptNumber, ReceiptNumberError> {
        check_code(store)?;
        check_code(terminal)?;
        if sequence == 0 {
            return Err(ReceiptNumberError::Invalid(format!("{store}-{terminal}-0")));
        }
        Ok(ReceiptNumber {
            store: store.to_string(),
            terminal: terminal.to_string(),
            sequence,
        })
    }

    pub fn parse(text: &str) -> Result<ReceiptNumber, ReceiptNumberError> {
        let invalid = || ReceiptNumberError::Invalid(text.to_string());
        let mut parts = text.trim().split('-');
        let (Some(store), Some(terminal), Some(sequence), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(invalid());
        };
        if sequence.len() < 6 || !sequence.chars().all(|c| c.is_ascii_digit()) {
            return Err(invalid());
        }
        let sequence: u64 = sequence.parse().map_err(|_| invalid())?;
        ReceiptNumber::new(store, terminal, sequence).map_err(|_| invalid())
    }

    pub fn sequence(&self) -> u64 {
        self.sequence
    }
}

impl fmt::Display for ReceiptNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}-{:06}", self.store, self.terminal, self.sequence)
    }
}

impl TryFrom<String> for ReceiptNumber {
    type Error = ReceiptNumberError;

    fn try_from(text: String) -> Result<ReceiptNumber, ReceiptNumberError> {
        ReceiptNumber::parse(&text)
    }
}

impl From<ReceiptNumber> for String {
    fn from(number: ReceiptNumber) -> String {
        number.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipt_number_round_trips() {
        let number = ReceiptNumber::new("S01", "T02", 42).unwrap();
        assert_eq!(number.to_string(), "S01-T02-000042");
        assert_eq!(ReceiptNumber::parse("S01-T02-000042"), Ok(number));
        assert_eq!(
            ReceiptNumber::parse("S01-T02-1234567").map(|n| n.sequence()),
            Ok(1_234_567)
        );
    }

    #[test]
    fn receipt_number_rejects_bad_text() {
        for text in [
            "",
            "S01-T02",
            "S01-T02-42",
            "s01-T02-000042",
            "S01-T02-000042-1",
            "S01-T02-00004x",
            "S01-T02-000000",
        ] {
            assert!(ReceiptNumber::parse(text).is_err(), "{text} should be rejected");
        }
    }
}
