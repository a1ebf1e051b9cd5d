//! Rent-to-own records a terminal uploads, and the rental changes the
//! server's feed sends back.
//!
//! Upload payloads are the fields the server reads; a payload may carry
//! more, which the server keeps in `sync_records` unread. Versions count a
//! row's changes at the terminal that made them, starting at 1.

use serde::{Deserialize, Serialize};

/// A customer as a terminal stores it: the `customer` record's payload is
/// `{"customer": CustomerPayload}`, sent when the customer is added and
/// after every edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerPayload {
    pub client_id: String,
    pub full_name: String,
    pub address: Vec<String>,
    pub phone: String,
    /// Empty when the customer gave none.
    pub email: String,
    pub id_document: String,
    pub version: i64,
}

/// The payload of a `customer` record.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CustomerRecord {
    pub customer: CustomerPayload,
}

/// A serialized unit received into rental stock: the `unit` record's
/// payload is `{"unit": UnitPayload}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitPayload {
    pub client_id: String,
    pub serial_number: String,
    pub description: String,
    /// `new`, `used` or `damaged`.
    pub condition: String,
    /// `in_stock`, `on_rent`, `sold`, `returned` or `written_off`.
    pub status: String,
    /// The unit's cost to the store, in cents.
    #[serde(rename = "cost")]
    pub cost_cents: i64,
    pub version: i64,
}

/// The payload of a `unit` record.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct UnitRecord {
    pub unit: UnitPayload,
}

/// The payload of a `unit_status` record: a unit moved, such as onto a
/// contract (`on_rent`) or back into stock.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct UnitStatusPayload {
    pub unit_client_id: String,
    pub serial_number: String,
    pub from_status: String,
    pub to_status: String,
    pub condition: String,
    /// The contract the unit went onto or came back from, when there is one.
    #[serde(default)]
    pub contract_client_id: Option<String>,
    pub version: i64,
}

/// A contract's money terms, as the terminal disclosed them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ContractTermsPayload {
    /// `weekly`, `biweekly`, `semi_monthly` or `monthly`.
    pub term: String,
    pub payment_count: i64,
    #[serde(rename = "cash_price")]
    pub cash_price_cents: i64,
    #[serde(rename = "total_of_payments")]
    pub total_of_payments_cents: i64,
    #[serde(rename = "delivery_fee")]
    pub delivery_fee_cents: i64,
    #[serde(rename = "damage_waiver")]
    pub damage_waiver_cents: i64,
    #[serde(rename = "deposit")]
    pub deposit_cents: i64,
}

/// One scheduled payment: the store-local due date and the amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstallmentPayload {
    pub number: i64,
    pub due_date: String,
    #[serde(rename = "amount")]
    pub amount_cents: i64,
}

/// The payload of a `contract` record, sent once when the contract is
/// written; later status changes come as `contract_status` records.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ContractPayload {
    pub contract_number: String,
    pub customer_client_id: String,
    pub unit_client_id: String,
    /// The unit's serial number; terminals before this field was added
    /// leave it out and the server takes it from the unit.
    #[serde(default)]
    pub serial_number: Option<String>,
    pub policy_code: String,
    /// The store-local date of signing, `YYYY-MM-DD`.
    pub contract_date: String,
    pub terms: ContractTermsPayload,
    pub schedule: Vec<InstallmentPayload>,
    /// The money taken at signing; terminals before this field was added
    /// leave it out.
    #[serde(default)]
    pub initial_payment: Option<InitialPaymentPayload>,
    /// `active` for a new contract.
    pub status: String,
    pub version: i64,
}

/// A contract's initial payment: the fees due at signing and how they
/// were paid. All amounts are in cents.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct InitialPaymentPayload {
    /// The fee receipt's number, `None` when nothing was due at signing.
    pub receipt_number: Option<String>,
    pub delivery_fee_cents: i64,
    pub damage_waiver_cents: i64,
    pub deposit_cents: i64,
    /// The sum of the three fees.
    pub total_cents: i64,
    /// The part paid in cash, after change, and the part paid by card.
    pub cash_cents: i64,
    pub card_cents: i64,
}

/// The payload of a `contract_status` record: one lifecycle transition.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ContractStatusPayload {
    pub contract_client_id: String,
    pub from: String,
    pub to: String,
    /// The contract's version after the transition.
    pub version: i64,
}

/// The payload of a `contract_payment` record: rent, late fees or a buyout
/// taken against a contract.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ContractPaymentPayload {
    pub contract_client_id: String,
    pub receipt_number: String,
    /// `payment` or `buyout`.
    pub kind: String,
    pub business_date: String,
    /// When the payment was taken (UTC RFC 3339); terminals before this
    /// field was added leave it out and the record's `created_at` is used.
    #[serde(default)]
    pub paid_at: Option<String>,
    pub amount_cents: i64,
    pub rent_cents: i64,
    pub late_fee_cents: i64,
}

/// The `data` of a `contract` change: a contract as the server stores it,
/// with the payments it has stored and any open conflict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractChange {
    pub client_id: String,
    pub contract_number: String,
    pub store_code: String,
    pub terminal_code: String,
    pub customer_client_id: String,
    pub serial_number: String,
    pub contract_date: String,
    pub term: String,
    pub payment_count: i64,
    pub cash_price_cents: i64,
    pub periodic_payment_cents: i64,
    pub total_of_payments_cents: i64,
    pub status: String,
    pub paid_cents: i64,
    pub version: i64,
    pub schedule: Vec<InstallmentPayload>,
}

/// The `data` of a `conflict` change: two records that cannot both hold,
/// as the server recorded them, and whether a manager resolved it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictChange {
    /// The server's id of the conflict, the key to resolve it by.
    pub id: i64,
    /// `unit_double_rental`: one unit on two active contracts.
    pub kind: String,
    /// The thing both records claim, such as a serial number.
    pub subject: String,
    /// The record stored second, and the one it clashes with.
    pub record_client_id: String,
    pub other_client_id: String,
    pub message: String,
    pub raised_at: String,
    pub resolved_at: Option<String>,
    pub resolution: Option<String>,
}

/// Conflict kind: one serialized unit on two active contracts.
pub const UNIT_DOUBLE_RENTAL: &str = "unit_double_rental";
