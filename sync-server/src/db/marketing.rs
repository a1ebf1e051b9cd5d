//! A shop customer's marketing consent, stored through the mail crate's
//! consent functions so the unsubscribe links and campaigns see it, and
//! campaigns queued once per idempotency key.

use giggatek_mail::campaign::{NewCampaign, queue_campaign};
use giggatek_mail::consent::{ConsentRecord, grant_consent, withdraw_consent};
use giggatek_mail::templates::{Marketing, Templates};
use giggatek_mail::time::format_instant;
use giggatek_mail::{MailError, MailSettings, Recipient};
use jiff::Timestamp;

use crate::db::shop_sql::with_pool;
use crate::db::{Database, in_write_transaction};

/// A customer's active consent: when and where they agreed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveConsent {
    pub opted_in_at: String,
    pub source: String,
}

/// Returns the customer's active consent, or `None` when they never agreed
/// or withdrew, from their account or an unsubscribe link.
pub async fn active_consent(db: &Database, customer_id: i64) -> Result<Option<ActiveConsent>, sqlx::Error> {
    let sql = "SELECT opted_in_at, opt_in_source FROM marketing_consents \
               WHERE customer_id = $1 AND withdrawn_at IS NULL";
    with_pool!(db, pool => {
        let row: Option<(String, String)> = sqlx::query_as(sql).bind(customer_id).fetch_optional(pool).await?;
        Ok(row.map(|(opted_in_at, source)| ActiveConsent { opted_in_at, source }))
    })
}

/// Records the customer's consent to marketing mail at `recipient`, from
/// `source`, at `now`. An active consent is kept as it is.
pub async fn grant(
    db: &Database,
    customer_id: i64,
    recipient: &Recipient,
    source: &str,
    now: Timestamp,
) -> Result<(), MailError> {
    // A write transaction from the start: a deferred SQLite transaction that
    // reads first fails with SQLITE_BUSY at its write when a mail worker
    // wrote in between, and busy_timeout does not retry that case.
    in_write_transaction!(db, tx => {
        grant_consent(&mut tx, customer_id, recipient, source, now).await?;
    });
    Ok(())
}

/// Withdraws the customer's active consent, if any, recording `source` as
/// where it was withdrawn.
pub async fn withdraw(db: &Database, customer_id: i64, source: &str, now: Timestamp) -> Result<(), MailError> {
    in_write_transaction!(db, tx => {
        withdraw_consent(&mut tx, customer_id, source, now).await?;
    });
    Ok(())
}

/// A campaign queued by [`queue_campaign_once`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedCampaign {
    pub campaign_id: i64,
    pub recipients: i64,
    /// False when an earlier request with the same key queued the campaign.
    pub created: bool,
}

/// Queues a campaign to every customer with an active consent, unless a
/// request with `idempotency_key` queued one before: then it returns that
/// campaign and queues nothing. The write transaction serialises requests,
/// so two requests with one key cannot both queue.
pub async fn queue_campaign_once(
    db: &Database,
    idempotency_key: &str,
    templates: &Templates,
    settings: &MailSettings,
    campaign: &NewCampaign,
    message: &Marketing,
    now: Timestamp,
) -> Result<QueuedCampaign, MailError> {
    let find = "SELECT c.id, c.recipient_count FROM mail_campaign_requests r \
                JOIN mail_campaigns c ON c.id = r.campaign_id WHERE r.idempotency_key = $1";
    let record = "INSERT INTO mail_campaign_requests (idempotency_key, campaign_id, created_at) VALUES ($1, $2, $3)";
    let message_for = |consent: &ConsentRecord| Marketing {
        customer_name: consent.recipient.name().to_owned(),
        ..message.clone()
    };
    let queued = in_write_transaction!(db, tx => {
        let earlier: Option<(i64, i64)> = sqlx::query_as(find).bind(idempotency_key).fetch_optional(&mut *tx).await?;
        match earlier {
            Some((campaign_id, recipients)) => QueuedCampaign { campaign_id, recipients, created: false },
            None => {
                let queued = queue_campaign(&mut tx, templates, settings, campaign, message_for, now).await?;
                sqlx::query(record)
                    .bind(idempotency_key)
                    .bind(queued.campaign_id)
                    .bind(format_instant(now))
                    .execute(&mut *tx)
                    .await?;
                QueuedCampaign {
                    campaign_id: queued.campaign_id,
                    recipients: i64::try_from(queued.recipients).unwrap_or(i64::MAX),
                    created: true,
                }
            }
        }
    });
    Ok(queued)
}
