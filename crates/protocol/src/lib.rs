//! What terminals and the server send each other, as serde types.
//!
//! Amounts inside payloads are integer cents; instants are UTC RFC 3339
//! text; business dates are the store's local `YYYY-MM-DD`.

mod changes;
mod enrolment;
mod records;
mod rentals;
mod short_term;
mod upload;

pub use changes::{Change, ChangesPage, EntityKind, MAX_CHANGES_PAGE, ProductChange, StockChange};
pub use enrolment::{EnrolRequest, EnrolResponse};
pub use records::{Record, RecordKind, ReturnLinePayload, ReturnPayload, SalePayload, StockLine, StockReceivedPayload};
pub use rentals::{
    ConflictChange, ContractChange, ContractPayload, ContractPaymentPayload, ContractStatusPayload,
    ContractTermsPayload, CustomerPayload, CustomerRecord, InitialPaymentPayload, InstallmentPayload,
    UNIT_DOUBLE_RENTAL, UnitPayload, UnitRecord, UnitStatusPayload,
};
pub use short_term::{ShortTermRentalPayload, ShortTermReturnPayload};
pub use upload::{Ack, AckStatus, MAX_BATCH_RECORDS, UploadBatch, UploadResponse};

/// Path of the upload endpoint (`POST`, body [`UploadBatch`]).
pub const UPLOAD_PATH: &str = "/v1/sync/upload";
/// Path of the change feed (`GET ?cursor=N&limit=M`, body [`ChangesPage`]).
pub const CHANGES_PATH: &str = "/v1/sync/changes";
/// Path of enrolment (`POST`, body [`EnrolRequest`]).
pub const ENROL_PATH: &str = "/v1/enrol";
/// Content encoding of compressed upload bodies.
pub const ZSTD_ENCODING: &str = "zstd";
