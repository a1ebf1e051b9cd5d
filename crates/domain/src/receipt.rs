//! The printed receipt's content, shared by the PDF and the thermal text.

use serde::{Deserialize, Serialize};

use crate::money::Money;

/// Whether the receipt records a sale or a refund.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReceiptKind {
    Sale,
    /// A refund against the sale with receipt number `original`.
    Refund {
        original: String,
    },
}

/// One item line on the receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReceiptLine {
    pub name: String,
    pub sku: String,
    pub quantity: u32,
    pub unit_price: Money,
    /// Line and cart discounts on this line together.
    pub discount: Money,
    /// Quantity times unit price, less the discount.
    pub amount: Money,
}

/// One tender line, already worded for print: `Cash`, `Card ****4242`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReceiptPayment {
    pub label: String,
    /// The card's approval code, printed under a card tender.
    pub approval_code: Option<String>,
    pub amount: Money,
}

/// Everything printed on a receipt. Amounts are final; printing only lays
/// them out and never recomputes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Receipt {
    pub store_name: String,
    pub store_address: Vec<String>,
    pub receipt_number: String,
    pub kind: ReceiptKind,
    /// Local date and time of the sale, already formatted: `2026-12-04 13:45`.
    pub issued_at: String,
    pub clerk: String,
    pub lines: Vec<ReceiptLine>,
    pub subtotal: Money,
    pub discount: Money,
    /// Printed beside the tax amount: `Tax 8.25%`.
    pub tax_label: String,
    pub tax: Money,
    /// Cash rounding, signed; zero when none applied.
    pub rounding: Money,
    pub total: Money,
    pub payments: Vec<ReceiptPayment>,
    pub change: Money,
    pub footer: Vec<String>,
}
