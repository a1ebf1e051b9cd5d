//! `POST /webhooks/stripe`: Stripe's event deliveries.
//!
//! The signature is checked on the raw body bytes before anything parses
//! them. A verified event is stored once under its id and acknowledged at
//! once; the event worker applies it to its order afterwards. A repeated
//! delivery costs one INSERT that finds the unique key and changes nothing.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use giggatek_payments::parse_event;
use giggatek_payments::signature::{DEFAULT_TOLERANCE_SECONDS, verify};
use serde::Serialize;

use crate::db::shop_events;
use crate::shop::error::{ErrorBody, ShopError};
use crate::shop::{Shop, clock};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/webhooks/stripe", post(receive))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
struct Acknowledgement {
    received: bool,
    /// Whether the event id was stored before, by an earlier delivery.
    duplicate: bool,
}

#[utoipa::path(post, path = "/webhooks/stripe", tag = "webhooks",
    params(("stripe-signature" = String, Header, description = "t=TIMESTAMP,v1=HMAC-SHA256")),
    request_body(content = String, content_type = "application/json", description = "The event exactly as Stripe sent it"),
    responses((status = 200, body = Acknowledgement), (status = 400, description = "Invalid signature or not an event", body = ErrorBody), (status = 503, body = ErrorBody)))]
async fn receive(State(shop): State<Arc<Shop>>, headers: HeaderMap, body: Bytes) -> Result<Response, ShopError> {
    let secret = shop.config.webhook_secret.as_ref().ok_or_else(|| {
        tracing::error!("a Stripe webhook arrived but no webhook secret is configured");
        ShopError::PaymentsUnavailable("the webhook secret is not configured".to_owned())
    })?;
    let signature = headers.get("stripe-signature").and_then(|value| value.to_str().ok());
    if let Err(error) = verify(
        &body,
        signature,
        secret.expose(),
        clock::unix_now(),
        DEFAULT_TOLERANCE_SECONDS,
    ) {
        tracing::warn!(%error, "a webhook failed the signature check");
        return Err(ShopError::BadRequest(format!(
            "the webhook signature is invalid: {error}"
        )));
    }
    let event = parse_event(&body).map_err(|error| {
        tracing::warn!(%error, "a signed webhook body is not an event");
        ShopError::BadRequest(error.to_string())
    })?;
    // The body was checked as bytes; stored as text it must be UTF-8, which
    // JSON from Stripe always is.
    let payload = String::from_utf8_lossy(&body);
    let stored = shop_events::insert(
        &shop.db,
        &event.id,
        &event.event_type,
        &payload,
        "pending",
        &clock::now(),
    )
    .await?;
    if stored {
        shop.event_queue.notify_one();
    }
    let acknowledgement = Acknowledgement {
        received: true,
        duplicate: !stored,
    };
    Ok((StatusCode::OK, Json(acknowledgement)).into_response())
}
