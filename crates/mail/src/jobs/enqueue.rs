//! Writing a job in the caller's transaction, so the mail exists exactly
//! when the event that causes it does.

use jiff::Timestamp;
use sqlx::{Postgres, Sqlite, Transaction};

use super::repository::{JobInsert, MailRepository, OutcomeUpdate};
use super::types::{Enqueued, JobStatus, NewMail};
use crate::MailError;
use crate::templates::MailCategory;
use crate::time::format_instant;

/// Queues a mail inside `tx`. Nothing is sent until the transaction
/// commits and a worker claims the job, so a rolled-back event leaves no
/// mail behind.
///
/// With an idempotency key that is already stored, returns
/// [`Enqueued::Existing`] and writes nothing.
///
/// # Errors
///
/// Returns [`MailError::MarketingWithoutCustomer`] or
/// [`MailError::NoConsent`] for marketing mail to a customer without an
/// active consent, and [`MailError::Database`] when a query fails.
pub async fn enqueue<DB: MailRepository>(
    tx: &mut Transaction<'_, DB>,
    mail: &NewMail,
    now: Timestamp,
) -> Result<Enqueued, MailError> {
    let conn = &mut **tx;
    let mut unsubscribe_token = mail.unsubscribe_token.clone();
    if mail.rendered.category == MailCategory::Marketing {
        let customer_id = mail.customer_id.ok_or(MailError::MarketingWithoutCustomer)?;
        let consent = DB::active_consent_by_customer(&mut *conn, customer_id)
            .await?
            .ok_or(MailError::NoConsent { customer_id })?;
        // The body already links to this token, so a consent withdrawn and
        // given again since rendering counts as no consent for this copy.
        if unsubscribe_token
            .as_ref()
            .is_some_and(|token| *token != consent.unsubscribe_token)
        {
            return Err(MailError::NoConsent { customer_id });
        }
        unsubscribe_token = Some(consent.unsubscribe_token);
    }

    let now_text = format_instant(now);
    let first_attempt = format_instant(mail.send_at.unwrap_or(now));
    let row = JobInsert {
        message_key: &mail.message_key,
        idempotency_key: mail.idempotency_key.as_deref(),
        category: mail.rendered.category,
        template: mail.rendered.template,
        customer_id: mail.customer_id,
        campaign_id: mail.campaign_id,
        unsubscribe_token: unsubscribe_token.as_deref(),
        to_name: mail.recipient.name(),
        to_email: mail.recipient.email().as_str(),
        subject: &mail.rendered.subject,
        html: &mail.rendered.html,
        text: &mail.rendered.text,
        max_attempts: i64::from(mail.max_attempts),
        next_attempt_at: &first_attempt,
        now: &now_text,
    };
    let Some(id) = DB::insert_job(&mut *conn, &row).await? else {
        let key = mail.idempotency_key.as_deref().unwrap_or_default();
        let existing = DB::job_id_by_idempotency_key(&mut *conn, key).await?;
        // The insert only yields nothing on a key conflict, so the row exists.
        let id = existing.ok_or(MailError::Corrupt {
            column: "mail_jobs.idempotency_key",
            value: key.to_string(),
        })?;
        return Ok(Enqueued::Existing(id));
    };
    for (position, attachment) in (0_i64..).zip(&mail.attachments) {
        DB::insert_attachment(&mut *conn, id, position, attachment).await?;
    }
    let mut event = OutcomeUpdate::status_change(JobStatus::Queued, 0, None, &now_text);
    event.next_attempt_at = &first_attempt;
    DB::insert_event(&mut *conn, id, &event).await?;
    tracing::debug!(job_id = %id, template = mail.rendered.template, "mail job queued");
    Ok(Enqueued::Created(id))
}

/// Runs [`enqueue`] on SQLite.
///
/// # Errors
///
/// As [`enqueue`].
pub async fn enqueue_sqlite(
    tx: &mut Transaction<'_, Sqlite>,
    mail: &NewMail,
    now: Timestamp,
) -> Result<Enqueued, MailError> {
    enqueue(tx, mail, now).await
}

/// Runs [`enqueue`] on PostgreSQL.
///
/// # Errors
///
/// As [`enqueue`].
pub async fn enqueue_postgres(
    tx: &mut Transaction<'_, Postgres>,
    mail: &NewMail,
    now: Timestamp,
) -> Result<Enqueued, MailError> {
    enqueue(tx, mail, now).await
}
