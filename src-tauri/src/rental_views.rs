//! Values the rent-to-own screens send and receive. Amounts the clerk types
//! stay text until a command parses them, so a bad amount gets the domain's
//! own message; amounts sent back are integer cents.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use giggatek_domain::rental::{
    BuyoutQuote, ContractStatus, Disclosures, Ledger, RentalFeeReceipt, RentalPaymentReceipt, Term, UnitCondition,
    UnitStatus,
};

use crate::views::ManagerApproval;

/// A customer as the form submits it. `id` and `version` are set when an
/// existing customer is edited; `client_id` is made when the form opens.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct CustomerInput {
    pub client_id: String,
    pub id: Option<i64>,
    pub version: Option<i64>,
    pub full_name: String,
    pub address: Vec<String>,
    pub phone: String,
    pub email: String,
    pub id_document: String,
}

/// A stored customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CustomerView {
    pub id: i64,
    pub version: i64,
    pub full_name: String,
    pub address: Vec<String>,
    pub phone: String,
    pub email: String,
    pub id_document: String,
}

/// A contract's terms as the wizard has them. Give `payment` for equal
/// payments, or leave it blank and give `total`. The `initial_` fields are
/// the cash and card parts of the initial payment taken at signing (either
/// may be blank, both when nothing is due then).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct ContractInput {
    pub customer_id: i64,
    pub co_signer_id: Option<i64>,
    pub serial_number: String,
    pub term: Term,
    pub payment_count: String,
    pub cash_price: String,
    pub payment: String,
    pub total: String,
    pub delivery_fee: String,
    pub damage_waiver: String,
    pub deposit: String,
    pub initial_cash: String,
    pub initial_card_amount: String,
    pub initial_card_approval: String,
    pub initial_card_last4: String,
}

/// A contract with its schedule, its account today and today's buyout price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ContractDetail {
    pub contract_number: String,
    pub status: ContractStatus,
    pub policy_code: String,
    pub customer: CustomerView,
    pub serial_number: String,
    pub unit_description: String,
    pub unit_condition: UnitCondition,
    pub unit_status: UnitStatus,
    pub disclosures: Disclosures,
    pub ledger: Ledger,
    pub buyout: BuyoutQuote,
    /// The initial payment taken at signing, with its 58 mm thermal text;
    /// `None` when nothing was due then.
    pub initial_payment: Option<RentalFeeReceipt>,
    pub initial_receipt_text: Option<String>,
}

/// A payment as the payment screen submits it: the amount credited, and
/// cash and card parts (either may be blank).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct ContractPaymentInput {
    pub contract_number: String,
    /// Made when the payment screen opened, so a double submit pays once.
    pub client_id: String,
    pub amount: String,
    pub cash: String,
    pub card_amount: String,
    pub card_approval: String,
    pub card_last4: String,
}

/// A taken payment with its printed receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ContractPaymentView {
    pub receipt_number: String,
    pub status: ContractStatus,
    pub receipt: RentalPaymentReceipt,
    /// The 58 mm thermal text, names transliterated for the printer.
    pub receipt_text: String,
    pub replayed: bool,
}

/// A return as the return screen submits it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct ContractReturnInput {
    pub contract_number: String,
    pub condition: UnitCondition,
    pub note: String,
    pub manager: ManagerApproval,
}
