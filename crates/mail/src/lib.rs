//! The store's email.
//!
//! A mail is rendered from typed data ([`templates`]) and written as a job in
//! the same database transaction as the event that causes it
//! ([`jobs::enqueue_sqlite`], [`jobs::enqueue_postgres`]). A [`jobs::Worker`]
//! claims due jobs under a lease, sends them through SMTP with lettre and
//! stores the status and the SMTP reply. Marketing mail goes only to
//! customers with a recorded consent ([`consent`]) and carries a one-click
//! unsubscribe link; campaigns are spread out to a rate ([`campaign`]).
//! Rental reminders are scheduled at a store-local time ([`reminders`]).
//! [`http`] holds the axum routers for the admin pages and the public links.

pub mod address;
pub mod campaign;
pub mod config;
pub mod consent;
mod error;
pub mod headers;
pub mod http;
pub mod jobs;
pub mod message;
pub mod reminders;
#[cfg(feature = "smtp-test-server")]
pub mod smtp_test_server;
pub mod templates;
pub mod time;

pub use address::{EmailAddress, Recipient};
pub use config::{MailSettings, SmtpConfig, TlsMode};
pub use error::MailError;
