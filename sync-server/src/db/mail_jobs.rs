//! Queuing mail in a repository's own transaction, so a mail job exists
//! exactly when the event that causes it does.

use giggatek_mail::MailError;
use giggatek_mail::jobs::{Enqueued, MailRepository, NewMail};
use sqlx::Transaction;

/// Queues `mail` in `tx`, stamped with the stored instant `now`. A job
/// already stored under the mail's idempotency key is returned as
/// [`Enqueued::Existing`] and nothing is written.
pub(crate) async fn enqueue<DB: MailRepository>(
    tx: &mut Transaction<'_, DB>,
    mail: &NewMail,
    now: &str,
) -> Result<Enqueued, sqlx::Error> {
    let now = now
        .parse::<jiff::Timestamp>()
        .map_err(|error| sqlx::Error::Protocol(format!("the instant {now:?} is invalid: {error}")))?;
    giggatek_mail::jobs::enqueue(tx, mail, now)
        .await
        .map_err(|error| match error {
            MailError::Database(error) => error,
            other => sqlx::Error::Protocol(format!("queuing the mail failed: {other}")),
        })
}
