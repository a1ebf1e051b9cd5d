//! The terminal's side of sync: which records wait for upload, what the
//! server acknowledged, and the changes it sent back.
//!
//! A record leaves the queue only when the server acknowledged it as stored
//! or already stored, so a crash at any point means at most a repeated
//! upload, which the server's unique client ids make harmless.

mod acks;
mod changes;
mod pending;
mod rentals;
mod status;

pub use acks::UploadTally;
pub use pending::{PendingRecord, RecordSource};
pub use rentals::SyncConflict;
pub use status::{SyncRejection, SyncRound, SyncStatus};
