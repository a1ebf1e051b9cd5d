//! The terminal's own store: one SQLite file through rusqlite.
//!
//! Every write is one `IMMEDIATE` transaction, so a sale, a return or a
//! shift change is stored whole or not at all. Queries are grouped one
//! module per table or area.

mod audit;
mod cash_movements;
mod catalog;
mod clock;
mod db;
mod error;
mod outbox;
mod products;
mod receipts;
mod rentals;
mod returns;
mod sales;
mod search;
mod settings;
mod shifts;
mod staff;
mod stock;
mod sync;

pub use audit::AuditEntry;
pub use cash_movements::{CashMovement, CashMovementKind};
pub use catalog::{CatalogRow, ImportError, ImportPhase, ImportProgress, ImportSummary};
pub use clock::{Clock, FixedClock, SystemClock};
pub use db::Store;
pub use error::{ErrorKind, StoreError};
pub use outbox::OutboxRecord;
pub use products::Product;
pub use rentals::{
    CompletedContractPayment, ContractDraft, ContractPaymentRequest, ContractRequest, ContractSummary, ContractView,
    Customer, CustomerDetails, CustomerLedgerEntry, NewUnit, RentOut, ShortTermRental, ShortTermReturn,
    ShortTermReturnRequest, ShortTermStatus, Unit, UnitEvent, normalize_serial,
};
pub use returns::{CompletedReturn, ReturnLine, ReturnRequest, ReturnableLine, SaleForReturn};
pub use sales::{CompletedSale, PAUSE_BEFORE_COMMIT_VAR, SaleRequest};
pub use search::MAX_SEARCH_RESULTS;
pub use settings::StoreSettings;
pub use shifts::Shift;
pub use staff::{Role, Staff};
pub use sync::{PendingRecord, RecordSource, SyncConflict, SyncRejection, SyncRound, SyncStatus, UploadTally};
