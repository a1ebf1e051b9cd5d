//! Change-feed pages: what changed on the server after a cursor.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The most changes one page may carry.
pub const MAX_CHANGES_PAGE: u32 = 5_000;

/// What a change is about. Unknown entities (from a newer server) are kept
/// as text so an older terminal can skip them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EntityKind(pub String);

impl EntityKind {
    pub const PRODUCT: &str = "product";
    pub const STOCK: &str = "stock";
    /// A rental customer: `data` is a [`crate::CustomerPayload`].
    pub const CUSTOMER: &str = "customer";
    /// A serialized rental unit: `data` is a [`crate::UnitPayload`].
    pub const UNIT: &str = "unit";
    /// A rent-to-own contract: `data` is a [`crate::ContractChange`].
    pub const CONTRACT: &str = "contract";
    /// A sync conflict: `data` is a [`crate::ConflictChange`].
    pub const CONFLICT: &str = "conflict";

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One change, in the server's commit order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Position in the feed; a terminal stores the last one it applied.
    pub seq: i64,
    pub entity: EntityKind,
    /// The entity's key, such as a SKU.
    pub key: String,
    pub data: Value,
}

/// A page of the feed after the requested cursor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangesPage {
    pub changes: Vec<Change>,
    /// The cursor to ask with next: the last change's `seq`, or the
    /// request's cursor when the page is empty.
    pub next_cursor: i64,
    /// Whether more changes follow this page.
    pub has_more: bool,
    pub server_time: String,
}

/// The `data` of a `product` change: the product's catalog fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductChange {
    pub sku: String,
    pub barcode: String,
    pub name: String,
    pub category: String,
    /// `None`: not for sale.
    pub price_cents: Option<i64>,
    pub taxable: bool,
}

/// The `data` of a `stock` change: the server's stock count for a SKU,
/// after every upload it has stored. It can be negative after an oversell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StockChange {
    pub sku: String,
    pub on_hand: i64,
}
