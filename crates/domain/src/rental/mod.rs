//! Rent-to-own contracts: payment schedules, the money a customer has paid
//! and owes, late fees, early-purchase (buyout) prices and the contract's
//! lifecycle.
//!
//! The rules that differ between jurisdictions (buyout formula, late-fee cap,
//! grace period, price cap) are data in [`policy::POLICIES`], not branches in
//! the code. Everything here works on civil dates: the store turns an instant
//! into its local business date before calling in.

pub mod agreement;
pub mod buyout;
pub mod contract;
pub mod daily_fee;
pub mod fee_receipt;
pub mod ledger;
pub mod lifecycle;
pub mod payment_receipt;
pub mod policy;
pub mod schedule;
pub mod term;

pub use agreement::{Agreement, AgreementParty, AgreementProperty};
pub use buyout::{BuyoutQuote, quote_buyout};
pub use contract::{ContractTerms, Disclosures, MAX_PAYMENTS};
pub use daily_fee::{DailyLateFee, daily_late_fee};
pub use fee_receipt::{FeeLine, ReceiptDetail, RentalFee, RentalFeeReceipt};
pub use ledger::{InstallmentStatus, LateFee, Ledger, PaymentSplit, ReceivedPayment, Standing};
pub use lifecycle::{ContractEvent, ContractStatus, UnitCondition, UnitStatus};
pub use payment_receipt::RentalPaymentReceipt;
pub use policy::{BuyoutFormula, Citation, LateFeeRule, POLICIES, Policy};
pub use schedule::{Installment, build_schedule};
pub use term::Term;

/// Failures of rental rules on the values given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RentalError {
    /// The input is wrong; the message names the value and how to fix it.
    #[error("{0}")]
    Invalid(String),
    /// The contract's state does not allow the change.
    #[error("{0}")]
    NotAllowed(String),
}
