//! Values the unit receiving, contract closing and short-term rental
//! screens send and receive. Typed amounts and dates stay text until a
//! command parses them; amounts sent back are integer cents.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use giggatek_domain::Money;
use giggatek_domain::rental::{DailyLateFee, RentalFeeReceipt, UnitCondition, UnitStatus};

use crate::views::ManagerApproval;

/// A serialized unit as the receiving screen submits it; a manager approves.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct UnitInput {
    /// Made when the form opened, so a double submit receives the unit once.
    pub client_id: String,
    pub serial_number: String,
    pub description: String,
    /// A catalog barcode or SKU; blank when the unit is not in the catalog.
    pub product: String,
    pub condition: UnitCondition,
    pub cost: String,
    pub manager: ManagerApproval,
}

/// A stored unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UnitView {
    pub serial_number: String,
    pub description: String,
    pub condition: UnitCondition,
    pub status: UnitStatus,
    pub cost: Money,
}

/// A charge-off as the contract desk submits it; a manager approves.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct ContractChargeOffInput {
    pub contract_number: String,
    pub note: String,
    pub manager: ManagerApproval,
}

/// A short-term rental as the rent-out form submits it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct RentOutInput {
    pub client_id: String,
    pub customer_id: i64,
    pub serial_number: String,
    /// The store-local date by whose end the unit is due: `YYYY-MM-DD`.
    pub due_date: String,
    pub late_fee_per_day: String,
}

/// A short-term rental, with the late fee if the unit came back now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ShortTermView {
    pub rental_number: String,
    /// `out` or `returned`.
    pub status: String,
    pub customer_id: i64,
    pub serial_number: String,
    pub unit_description: String,
    pub due_date: String,
    pub late_fee_per_day: Money,
    /// For a returned rental, the fee charged at the return.
    pub late_fee_now: DailyLateFee,
}

/// A return as the return form submits it, with the cash and card parts
/// that pay the late fee (both blank when none is due).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct ShortTermReturnInput {
    pub client_id: String,
    pub rental_number: String,
    pub condition: UnitCondition,
    pub note: String,
    pub cash: String,
    pub card_amount: String,
    pub card_approval: String,
    pub card_last4: String,
}

/// A finished return with its receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ShortTermReturnView {
    pub rental: ShortTermView,
    pub late_fee: DailyLateFee,
    pub receipt: RentalFeeReceipt,
    /// The 58 mm thermal text, names transliterated for the printer.
    pub receipt_text: String,
    pub replayed: bool,
}
