//! The terminal's side of sync, over HTTP: uploads the outbox in batches,
//! pulls the change feed, and retries with backoff after a 5xx, a timeout
//! or a refused connection.
//!
//! The store decides what is synced: a record leaves the outbox only after
//! the server acknowledged it, so every retry is safe.

mod backoff;
mod client;
mod credentials;
mod error;
mod transport;

pub use backoff::Backoff;
pub use client::{SyncClient, SyncOptions, SyncReport, enrol};
pub use credentials::{
    CREDENTIAL_STORE_VAR, CredentialLocation, DeviceCredential, load_credential, save_credential, save_credential_file,
};
pub use error::SyncError;
pub use giggatek_protocol::EnrolRequest;
pub use transport::PAUSE_BEFORE_ACKS_VAR;
