//! Values the commands return to the window and requests they take.
//!
//! Amounts leave as [`Money`], integer cents. Typed amounts arrive as the
//! text the clerk typed, and the commands parse them with the domain types,
//! so the UI never converts money itself.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use giggatek_domain::{Discount, Money, Payment, TenderKind};

/// The signed-in staff member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StaffView {
    pub code: String,
    pub name: String,
    pub is_manager: bool,
}

/// The open shift.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ShiftView {
    pub id: i64,
    /// UTC instant, RFC 3339.
    pub opened_at: String,
    pub opening_float: Money,
}

/// The session the window starts from: the signed-in staff member, the open
/// shift and the cart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SessionView {
    pub store_name: String,
    pub staff: Option<StaffView>,
    pub shift: Option<ShiftView>,
    pub cart: CartView,
}

/// One cart line with its amounts, as the domain priced it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CartLineView {
    /// Position in the cart, for the commands that change a line.
    pub index: u32,
    pub product_id: i64,
    pub sku: String,
    pub barcode: String,
    pub name: String,
    pub quantity: u32,
    /// The catalog price per unit.
    pub list_price: Money,
    /// The price charged per unit; differs from `list_price` after an override.
    pub unit_price: Money,
    pub discount: Option<Discount>,
    pub gross: Money,
    /// The line's own discount plus its share of the cart discount.
    pub discount_amount: Money,
    pub net: Money,
}

/// The open cart and its totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CartView {
    pub lines: Vec<CartLineView>,
    pub cart_discount: Option<Discount>,
    pub subtotal: Money,
    pub discount: Money,
    /// Printed beside the tax: `Tax 8.25%`.
    pub tax_label: String,
    pub tax: Money,
    pub total: Money,
}

/// A catalog search hit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ProductHit {
    pub product_id: i64,
    pub sku: String,
    pub barcode: String,
    pub name: String,
    /// `None` when the product has no price and cannot be sold.
    pub price: Option<Money>,
}

/// A discount as the clerk typed it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DiscountInput {
    /// A percentage such as `10` or `12.5`.
    Percent { value: String },
    /// An amount off such as `5.00`.
    Amount { value: String },
    /// Removes the discount.
    None,
}

/// A manager's code and PIN, for actions a clerk may not do alone.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct ManagerApproval {
    pub code: String,
    pub pin: String,
}

/// A tender as typed in the tender dialog.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TenderInput {
    Cash {
        tendered: String,
    },
    Card {
        amount: String,
        approval_code: String,
        last4: String,
    },
}

/// The amounts due, shown when the tender dialog opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TenderStart {
    pub total: Money,
    /// The total rounded for cash payment per the store's cash rounding.
    pub cash_due: Money,
}

/// A completed sale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SaleView {
    pub receipt_number: String,
    pub total: Money,
    /// The total after cash rounding.
    pub amount_due: Money,
    pub rounding: Money,
    pub change: Money,
    pub payments: Vec<Payment>,
    /// True when this sale had already been recorded (a repeated "Charge").
    pub replayed: bool,
}

/// A receipt written to the receipts folder, with its text for the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PrintedReceipt {
    pub receipt_number: String,
    /// The receipt as the 80 mm thermal printer prints it.
    pub text: String,
    pub text_file: String,
    /// `None` when the PDF could not be made, and then `pdf_error` is set.
    pub pdf_file: Option<String>,
    /// The reason the PDF is missing, worded for the clerk. The thermal text
    /// is saved regardless.
    pub pdf_error: Option<String>,
}

/// A sold line on the return screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReturnableLineView {
    /// The line's number on the original receipt, from 1.
    pub line_no: u32,
    pub sku: String,
    pub name: String,
    pub quantity_sold: u32,
    /// Units already returned on earlier returns.
    pub quantity_returned: u32,
    pub unit_price: Money,
    /// The whole line's price after discounts, before tax.
    pub net: Money,
    pub tax: Money,
}

/// A sale found by its receipt number, ready for a return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReturnableSale {
    pub receipt_number: String,
    /// UTC instant of the sale, RFC 3339.
    pub sold_at: String,
    pub lines: Vec<ReturnableLineView>,
    pub payments: Vec<Payment>,
}

/// Units of one sold line coming back, as typed on the return screen.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct ReturnLineInput {
    pub line_no: u32,
    /// The number of units, as typed; blank or `0` skips the line.
    pub quantity: String,
}

/// A return as the return screen submits it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct ReturnInput {
    pub receipt_number: String,
    pub lines: Vec<ReturnLineInput>,
    pub reason: String,
    pub manager: ManagerApproval,
}

/// The amount refunded to one tender.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RefundView {
    pub kind: TenderKind,
    pub amount: Money,
}

/// A recorded return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReturnView {
    /// The refund receipt's own number.
    pub receipt_number: String,
    pub net: Money,
    pub tax: Money,
    pub total: Money,
    pub refunds: Vec<RefundView>,
    /// True when this return had already been recorded (a repeated submit).
    pub replayed: bool,
}
