use crate::address::AddressError;
use crate::config::ConfigError;

/// An error from rendering, storing or sending mail.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error(transparent)]
    Address(#[from] AddressError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("template {template} failed to render: {source}")]
    Template {
        template: String,
        #[source]
        source: minijinja::Error,
    },
    #[error("unknown template {0:?}; `giggatek-mail preview --help` lists the templates")]
    UnknownTemplate(String),
    #[error("template data for {template} is invalid: {source}")]
    TemplateData {
        template: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("customer {customer_id} has no marketing consent, so no marketing mail is queued")]
    NoConsent { customer_id: i64 },
    #[error("marketing mail needs a customer id to check consent")]
    MarketingWithoutCustomer,
    #[error("mail job {0} not found")]
    JobNotFound(i64),
    #[error("mail job {id} is {status} and cannot be resent now")]
    NotResendable { id: i64, status: String },
    #[error("message for mail job {job_id} could not be built: {reason}")]
    Message { job_id: i64, reason: String },
    #[error("stored value {value:?} in column {column} is invalid")]
    Corrupt { column: &'static str, value: String },
    #[error(transparent)]
    Reminder(#[from] crate::reminders::ReminderError),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}
