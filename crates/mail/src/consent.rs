//! Marketing consent: when and where each customer agreed, and the
//! one-click withdrawal behind every unsubscribe link.
//!
//! A customer has at most one active consent. Withdrawing sets
//! `withdrawn_at` on that row and keeps it; agreeing again adds a new row
//! with a new unsubscribe token.

use jiff::Timestamp;
use sqlx::Transaction;

use crate::MailError;
use crate::address::{EmailAddress, Recipient};
use crate::jobs::MailRepository;
use crate::time::format_instant;

/// An active consent: who agreed and the token of their unsubscribe link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentRecord {
    pub customer_id: i64,
    pub recipient: Recipient,
    pub unsubscribe_token: String,
}

impl ConsentRecord {
    pub(crate) fn from_row(row: (i64, String, String, String)) -> Result<ConsentRecord, MailError> {
        let (customer_id, email, name, unsubscribe_token) = row;
        let email = EmailAddress::parse(&email).map_err(|_| MailError::Corrupt {
            column: "marketing_consents.email",
            value: format!("customer {customer_id}"),
        })?;
        Ok(ConsentRecord {
            customer_id,
            recipient: Recipient::new(&name, email),
            unsubscribe_token,
        })
    }
}

/// Records that a customer agreed to marketing mail, at `now`, from
/// `source` (`checkout`, `account`, `store_counter`). Returns the active
/// consent, which is the earlier one if the customer had already agreed.
///
/// # Errors
///
/// Returns [`MailError::Database`] when a query fails.
pub async fn grant_consent<DB: MailRepository>(
    tx: &mut Transaction<'_, DB>,
    customer_id: i64,
    recipient: &Recipient,
    source: &str,
    now: Timestamp,
) -> Result<ConsentRecord, MailError> {
    if let Some(existing) = DB::active_consent_by_customer(&mut **tx, customer_id).await? {
        return Ok(existing);
    }
    let consent = ConsentRecord {
        customer_id,
        recipient: recipient.clone(),
        unsubscribe_token: new_token(),
    };
    DB::insert_consent(&mut **tx, &consent, source, &format_instant(now)).await?;
    tracing::info!(customer_id, source, "marketing consent granted");
    Ok(consent)
}

/// Withdraws a customer's consent, for example from their account page.
/// Returns false when no consent was active.
///
/// # Errors
///
/// Returns [`MailError::Database`] when a query fails.
pub async fn withdraw_consent<DB: MailRepository>(
    tx: &mut Transaction<'_, DB>,
    customer_id: i64,
    source: &str,
    now: Timestamp,
) -> Result<bool, MailError> {
    let withdrawn = DB::withdraw_consent(&mut **tx, None, customer_id, source, &format_instant(now)).await?;
    if withdrawn.is_some() {
        tracing::info!(customer_id, source, "marketing consent withdrawn");
    }
    Ok(withdrawn.is_some())
}

/// A random unsubscribe token: 244 random bits, URL-safe.
fn new_token() -> String {
    format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple())
}
