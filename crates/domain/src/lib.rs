//! GigGatek's store rules, shared by the terminal and the server.
//!
//! Everything here is a pure function over plain values: no I/O, no clock,
//! no database. Money is [`Money`], a count of cents; rates are [`Percent`],
//! exact millionths. No floating point touches an amount.

pub mod allocation;
pub mod barcode;
pub mod cart;
pub mod discount;
pub mod money;
pub mod order;
pub mod rate;
pub mod receipt;
pub mod receipt_number;
pub mod receipt_text;
pub mod refund;
pub mod rental;
pub mod rounding;
pub mod shift;
pub mod tax;
pub mod tender;
pub mod thermal_name;

pub use allocation::{allocate, split_evenly};
pub use barcode::{BarcodeError, Ean13, sku_for};
pub use cart::{Cart, CartError, CartItem, CartLine, MAX_QUANTITY, PricedCart, PricedLine};
pub use discount::{Discount, DiscountError};
pub use money::{Money, MoneyError};
pub use order::{OrderEvent, OrderStatus, Transition, TransitionError};
pub use rate::{Percent, PercentError};
pub use receipt::{Receipt, ReceiptKind, ReceiptLine, ReceiptPayment};
pub use receipt_number::{ReceiptNumber, ReceiptNumberError};
pub use receipt_text::{PrintRow, ThermalWidth};
pub use refund::{LineRefund, RefundError, RefundableTender, SoldLine, refund_line, refund_to_tenders};
pub use shift::{ShiftActivity, ShiftCount, ShiftReport, TenderLine, shift_report};
pub use tax::{TaxRounding, TaxSettings};
pub use tender::{CardApproval, CashRounding, Payment, Settlement, Tender, TenderError, TenderKind, settle};
pub use thermal_name::thermal_name;
