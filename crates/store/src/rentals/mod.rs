//! Rentals at the terminal: rent-to-own customers, serialized units,
//! contracts, initial payments, payments, buyouts, returns, the store's
//! rental policy, and short-term rentals with per-day late fees.
//!
//! The figures (schedule, ledger, late fees, buyout) come from
//! `giggatek_domain::rental`; this module stores them. Every write is one
//! `IMMEDIATE` transaction with its audit entries and outbox records.

mod agreement;
mod contracts;
mod customers;
mod fees;
mod initial_payment;
mod lifecycle;
mod payments;
mod policy;
mod short_term;
mod units;

pub use contracts::{ContractDraft, ContractRequest, ContractSummary, ContractView};
pub use customers::{Customer, CustomerDetails};
pub use fees::CustomerLedgerEntry;
pub use payments::{CompletedContractPayment, ContractPaymentRequest};
pub use short_term::{RentOut, ShortTermRental, ShortTermReturn, ShortTermReturnRequest, ShortTermStatus};
pub use units::{NewUnit, Unit, UnitEvent, normalize_serial};
