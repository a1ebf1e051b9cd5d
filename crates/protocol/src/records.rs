//! Records: what a terminal uploads, one per outbox row or audit entry.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

/// The kind of a record, as the terminal's outbox names it. Unknown kinds
/// pass through the wire unchanged so a newer terminal can talk to an older
/// server, which rejects them record by record.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RecordKind(pub String);

impl RecordKind {
    pub const SALE: &str = "sale";
    pub const RETURN: &str = "return";
    pub const SHIFT_CLOSED: &str = "shift_closed";
    pub const CASH_MOVEMENT: &str = "cash_movement";
    pub const STOCK_RECEIVED: &str = "stock_received";
    pub const AUDIT_ENTRY: &str = "audit_entry";
    pub const CUSTOMER: &str = "customer";
    pub const UNIT: &str = "unit";
    pub const UNIT_STATUS: &str = "unit_status";
    pub const CONTRACT: &str = "contract";
    pub const CONTRACT_STATUS: &str = "contract_status";
    pub const CONTRACT_PAYMENT: &str = "contract_payment";
    pub const SHORT_TERM_RENTAL: &str = "short_term_rental";
    pub const SHORT_TERM_RETURN: &str = "short_term_return";

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One immutable record. The client id is made where the record was first
/// written (UUIDv7) and is the server's unique key for it, so a record sent
/// twice is stored once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub kind: RecordKind,
    pub client_id: Uuid,
    /// When the terminal wrote the record, by the terminal's clock; stored
    /// for reference only, never used for ordering.
    pub created_at: String,
    pub payload: Value,
}

/// The fields of a sale payload the server reads; the payload keeps all
/// the others.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SalePayload {
    pub receipt_number: String,
    pub business_date: String,
    pub total_cents: i64,
    pub lines: Vec<StockLine>,
}

/// A line's product and quantity, as sales and returns carry them.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct StockLine {
    pub sku: String,
    pub quantity: i64,
}

/// The fields of a return payload the server reads.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ReturnPayload {
    pub receipt_number: String,
    pub business_date: String,
    /// The refund, a positive amount.
    pub total_cents: i64,
    pub lines: Vec<ReturnLinePayload>,
}

/// A returned line: `stock_delta` units go back on the shelf.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ReturnLinePayload {
    pub sku: String,
    pub stock_delta: i64,
}

/// Units received into stock at a terminal.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct StockReceivedPayload {
    pub sku: String,
    pub quantity: i64,
}
