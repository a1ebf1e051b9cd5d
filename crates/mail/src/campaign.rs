//! Marketing campaigns: one message per customer with an active consent,
//! spread out in time to the campaign's rate.

use std::time::Duration;

use jiff::Timestamp;
use sqlx::Transaction;

use crate::MailError;
use crate::config::MailSettings;
use crate::consent::ConsentRecord;
use crate::jobs::{MailRepository, NewMail, enqueue};
use crate::message::{open_pixel_url, unsubscribe_url};
use crate::templates::{MailCategory, MailTemplate, MessageLinks, Templates};
use crate::time::format_instant;

/// A campaign to queue.
#[derive(Debug, Clone)]
pub struct NewCampaign {
    pub name: String,
    /// The maximum messages per minute, over all workers together.
    pub rate_per_minute: u32,
    /// The first message's send time.
    pub start_at: Timestamp,
}

/// The summary of a campaign written by [`queue_campaign`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignQueued {
    pub campaign_id: i64,
    pub recipients: usize,
    /// The last message's send time, or the start when there are no recipients.
    pub last_send_at: Timestamp,
}

/// Returns the time between two messages of a campaign at `rate_per_minute`.
pub fn send_interval(rate_per_minute: u32) -> Duration {
    Duration::from_secs(60) / rate_per_minute.max(1)
}

/// Queues the campaign inside `tx`: one job for each customer whose consent
/// is active, rendered by `message_for` with that customer's unsubscribe
/// link and open-tracking image. The n-th job (from 0) is due at
/// `start_at + n * 60 s / rate_per_minute`, so the rate applies however many
/// workers run, because each job's due time is stored.
///
/// NOTE: after an outage longer than the campaign, every due job is sent as
/// soon as workers are back, faster than the rate. The jobs' due times are
/// not spread out again.
///
/// # Errors
///
/// Returns [`MailError::Template`] when a message fails to render and
/// [`MailError::Database`] when a query fails; the caller's transaction
/// then holds a partial campaign and must be rolled back.
pub async fn queue_campaign<DB, T, F>(
    tx: &mut Transaction<'_, DB>,
    templates: &Templates,
    settings: &MailSettings,
    campaign: &NewCampaign,
    message_for: F,
    now: Timestamp,
) -> Result<CampaignQueued, MailError>
where
    DB: MailRepository,
    T: MailTemplate,
    F: Fn(&ConsentRecord) -> T,
{
    let audience = DB::active_consents(&mut **tx).await?;
    let recipients = i64::try_from(audience.len()).unwrap_or(i64::MAX);
    let campaign_id = DB::insert_campaign(
        &mut **tx,
        &campaign.name,
        T::NAME,
        i64::from(campaign.rate_per_minute.max(1)),
        recipients,
        &format_instant(now),
    )
    .await?;

    let interval = send_interval(campaign.rate_per_minute);
    let mut send_at = campaign.start_at;
    let mut last_send_at = campaign.start_at;
    for consent in &audience {
        let message_key = uuid::Uuid::new_v4().simple().to_string();
        let links = MessageLinks {
            unsubscribe_url: Some(unsubscribe_url(settings, &consent.unsubscribe_token)),
            open_pixel_url: Some(open_pixel_url(settings, &message_key)),
        };
        let mut rendered = templates.render(&message_for(consent), &links)?;
        // Campaign mail is marketing whatever the template, so the worker
        // checks consent again before sending it.
        rendered.category = MailCategory::Marketing;
        let mut mail = NewMail::new(consent.recipient.clone(), rendered)
            .customer(consent.customer_id)
            .idempotency_key(&format!("campaign:{campaign_id}:customer:{}", consent.customer_id))
            .send_at(send_at);
        mail.message_key = message_key;
        mail.campaign_id = Some(campaign_id);
        mail.unsubscribe_token = Some(consent.unsubscribe_token.clone());
        enqueue(tx, &mail, now).await?;
        last_send_at = send_at;
        send_at = crate::jobs::later(send_at, interval);
    }
    tracing::info!(
        campaign_id,
        recipients,
        rate_per_minute = campaign.rate_per_minute,
        "campaign queued"
    );
    Ok(CampaignQueued {
        campaign_id,
        recipients: audience.len(),
        last_send_at,
    })
}
