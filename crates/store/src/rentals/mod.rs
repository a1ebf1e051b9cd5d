//! Rent-to-own at the terminal: customers, serialized units, contracts,
//! payments, buyouts, returns and the store's rental policy.
//!
//! The figures (schedule, ledger, late fees, buyout) come from
//! `giggatek_domain::rental`; this module stores them. Every write is one
//! `IMMEDIATE` transaction with its audit entries and outbox records.

mod agreement;
mod contracts;
mod customers;
mod lifecycle;
mod payments;
mod policy;
mod units;

pub use contracts::{ContractDraft, ContractRequest, ContractSummary, ContractView};
pub use customers::{Customer, CustomerDetails};
pub use payments::{CompletedContractPayment, ContractPaymentRequest};
pub use units::{NewUnit, Unit, UnitEvent, normalize_serial};
