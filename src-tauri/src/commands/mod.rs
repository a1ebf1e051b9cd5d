//! The Tauri commands, one module per area. Each command parses its input
//! into domain types, makes one store or domain call and returns a view.

pub mod cart;
pub mod catalog;
pub mod receipts;
pub mod rentals;
pub mod returns;
pub mod sale;
pub mod session;
pub mod shift;
pub mod short_term;

use giggatek_domain::Money;

use crate::error::CommandError;

/// Parses an amount the clerk typed, naming the field in the error.
pub(crate) fn parse_amount(field: &str, text: &str) -> Result<Money, CommandError> {
    Money::parse(text).map_err(|error| CommandError::invalid(format!("{field}: {error}")))
}
