//! Short-term rental records a terminal uploads: a unit rented out until
//! the end of a store-local due date, and its return with the late fee.

use serde::{Deserialize, Serialize};

/// The payload of a `short_term_rental` record, sent once when the unit
/// goes out. Amounts are in cents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShortTermRentalPayload {
    /// As printed on the receipts, such as S01-T01-S000001.
    pub rental_number: String,
    pub customer_client_id: String,
    pub unit_client_id: String,
    /// The unit's serial number and description; terminals before these
    /// fields were added leave them out and the server takes them from the
    /// unit.
    #[serde(default)]
    pub serial_number: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// When the unit went out (UTC RFC 3339); terminals before this field
    /// was added leave it out and the record's `created_at` is used.
    #[serde(default)]
    pub rented_at: Option<String>,
    /// The store-local date, `YYYY-MM-DD`, by whose end the unit is due.
    pub due_date: String,
    pub late_fee_per_day_cents: i64,
}

/// The payload of a `short_term_return` record. It repeats the rental, so
/// the server can store the return even when the rental's own record has
/// not arrived.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ShortTermReturnPayload {
    /// The client id of the `short_term_rental` record.
    pub rental_client_id: String,
    /// The rental as it went out. Terminals before this field was added
    /// leave it out, and their returns are rejected.
    pub rental: ShortTermRentalPayload,
    pub receipt_number: String,
    /// When the unit came back (UTC RFC 3339); terminals before this field
    /// was added leave it out and the record's `created_at` is used.
    #[serde(default)]
    pub returned_at: Option<String>,
    /// The store-local date of the return, the day the late fee counts to.
    pub returned_on: String,
    /// `new`, `used` or `damaged`.
    pub condition: String,
    /// Whole store-local days after the due date.
    pub days_late: i64,
    pub late_fee_per_day_cents: i64,
    /// `days_late` × `late_fee_per_day_cents`.
    pub late_fee_cents: i64,
}
