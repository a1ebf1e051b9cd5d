//! Staff route that queues a marketing campaign: one message, with
//! one-click unsubscribe headers, to each customer whose consent is active.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use giggatek_mail::campaign::NewCampaign;
use giggatek_mail::templates::{CallToAction, Marketing};
use serde::{Deserialize, Serialize};

use crate::db::marketing;
use crate::shop::Shop;
use crate::shop::auth::Staff;
use crate::shop::error::{ErrorBody, ShopError};
use crate::shop::input::has_control_character;
use crate::shop::json::ShopJson;
use crate::state::AppState;

const MAX_RATE_PER_MINUTE: u32 = 10_000;
const MAX_SHORT_TEXT_CHARS: usize = 200;
const MAX_PARAGRAPHS: usize = 50;
const MAX_PARAGRAPH_CHARS: usize = 5_000;
const MAX_URL_CHARS: usize = 2_000;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/admin/mail/campaigns", post(send_campaign))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct CallToActionBody {
    label: String,
    /// An `https://` or `http://` URL.
    url: String,
}

/// A campaign in the mail crate's `marketing` template, which renders both
/// the HTML and the plain-text body and adds the unsubscribe link.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct CampaignBody {
    /// The campaign's name in the staff's records.
    name: String,
    subject: String,
    headline: String,
    /// The body's paragraphs, as plain text.
    paragraphs: Vec<String>,
    call_to_action: Option<CallToActionBody>,
    /// The maximum messages per minute, 1 to 10000.
    rate_per_minute: u32,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
struct CampaignView {
    campaign_id: i64,
    /// The number of messages queued: one per customer with an active consent.
    recipients: i64,
}

fn check_text(field: &str, value: &str, max_chars: usize) -> Result<String, ShopError> {
    let value = value.trim();
    let length = value.chars().count();
    if length == 0 || length > max_chars || has_control_character(value) {
        return Err(ShopError::invalid(
            field,
            format!("{field} must have 1 to {max_chars} characters and no control characters"),
        ));
    }
    Ok(value.to_owned())
}

fn check_paragraphs(paragraphs: &[String]) -> Result<Vec<String>, ShopError> {
    if paragraphs.is_empty() || paragraphs.len() > MAX_PARAGRAPHS {
        return Err(ShopError::invalid(
            "paragraphs",
            format!("a campaign needs 1 to {MAX_PARAGRAPHS} paragraphs"),
        ));
    }
    paragraphs
        .iter()
        .map(|paragraph| {
            let paragraph = paragraph.trim();
            let length = paragraph.chars().count();
            // Paragraphs may contain line breaks, but no other control character.
            let invalid = paragraph.chars().any(|c| c.is_control() && c != '\n' && c != '\r');
            if length == 0 || length > MAX_PARAGRAPH_CHARS || invalid {
                return Err(ShopError::invalid(
                    "paragraphs",
                    format!("each paragraph must have 1 to {MAX_PARAGRAPH_CHARS} characters and no control characters but line breaks"),
                ));
            }
            Ok(paragraph.to_owned())
        })
        .collect()
}

fn check_call_to_action(body: &CallToActionBody) -> Result<CallToAction, ShopError> {
    let label = check_text("call_to_action.label", &body.label, MAX_SHORT_TEXT_CHARS)?;
    let url = check_text("call_to_action.url", &body.url, MAX_URL_CHARS)?;
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    let has_host = rest.is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'));
    if !has_host || url.contains(char::is_whitespace) {
        return Err(ShopError::invalid(
            "call_to_action.url",
            "invalid URL: use an absolute https:// or http:// URL",
        ));
    }
    Ok(CallToAction { label, url })
}

fn idempotency_key(headers: &HeaderMap) -> Result<String, ShopError> {
    headers
        .get("idempotency-key")
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
        .filter(|key| !key.is_empty() && key.len() <= 200)
        .map(str::to_owned)
        .ok_or_else(|| {
            ShopError::invalid(
                "Idempotency-Key",
                "a campaign needs an Idempotency-Key header of 1 to 200 characters",
            )
        })
}

/// Queues a campaign to every customer with an active marketing consent.
/// The `Idempotency-Key` header is required: a request repeating an earlier
/// key returns that campaign with 200 and queues nothing.
#[utoipa::path(post, path = "/api/admin/mail/campaigns", tag = "admin", security(("session" = [])),
    params(("idempotency-key" = String, Header)), request_body = CampaignBody,
    responses((status = 201, body = CampaignView), (status = 200, description = "The campaign queued before under this key", body = CampaignView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, description = "A field is invalid", body = ErrorBody)))]
async fn send_campaign(
    State(shop): State<Arc<Shop>>,
    Staff(staff): Staff,
    headers: HeaderMap,
    ShopJson(body): ShopJson<CampaignBody>,
) -> Result<Response, ShopError> {
    let key = idempotency_key(&headers)?;
    let name = check_text("name", &body.name, MAX_SHORT_TEXT_CHARS)?;
    let subject = check_text("subject", &body.subject, MAX_SHORT_TEXT_CHARS)?;
    let headline = check_text("headline", &body.headline, MAX_SHORT_TEXT_CHARS)?;
    let paragraphs = check_paragraphs(&body.paragraphs)?;
    let call_to_action = body.call_to_action.as_ref().map(check_call_to_action).transpose()?;
    if !(1..=MAX_RATE_PER_MINUTE).contains(&body.rate_per_minute) {
        return Err(ShopError::invalid(
            "rate_per_minute",
            format!("rate_per_minute must be 1 to {MAX_RATE_PER_MINUTE}"),
        ));
    }

    let now = jiff::Timestamp::now();
    let campaign = NewCampaign {
        name,
        rate_per_minute: body.rate_per_minute,
        start_at: now,
    };
    // `marketing::queue_campaign_once` fills in each recipient's name.
    let message = Marketing {
        customer_name: String::new(),
        subject,
        headline,
        paragraphs,
        call_to_action,
    };
    let settings = shop.mail.campaign_settings()?;
    let queued = marketing::queue_campaign_once(
        &shop.db,
        &key,
        shop.mail.templates(),
        &settings,
        &campaign,
        &message,
        now,
    )
    .await?;
    tracing::info!(
        staff_id = staff.customer_id,
        campaign_id = queued.campaign_id,
        recipients = queued.recipients,
        created = queued.created,
        "campaign requested"
    );
    let status = if queued.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let view = CampaignView {
        campaign_id: queued.campaign_id,
        recipients: queued.recipients,
    };
    Ok((status, Json(view)).into_response())
}
