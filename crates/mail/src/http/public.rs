//! Public routes reached from the mail itself: one-click unsubscribe
//! (RFC 8058) and the open-tracking image.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use jiff::Timestamp;

use crate::jobs::{MailRepository, MailStore};

/// A transparent 1x1 GIF.
const PIXEL_GIF: &[u8] = &[
    0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff,
    0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02,
    0x02, 0x44, 0x01, 0x00, 0x3b,
];

/// Routes:
///
/// - `GET /mail/unsubscribe/{token}`: a page with an Unsubscribe button.
///   A GET changes nothing, because mail scanners follow links.
/// - `POST /mail/unsubscribe/{token}`: withdraws the consent. Mail clients
///   post `List-Unsubscribe=One-Click` here from the `List-Unsubscribe`
///   header; the page's button posts the same. An unknown or used token
///   gets the same response, so the route reveals nothing.
/// - `GET /mail/open/{message_key}.gif`: records the first opening and
///   returns a 1x1 image.
pub fn public_router<DB: MailRepository>(store: MailStore<DB>) -> Router {
    Router::new()
        .route(
            "/mail/unsubscribe/{token}",
            get(unsubscribe_page).post(unsubscribe::<DB>),
        )
        .route("/mail/open/{file}", get(record_open::<DB>))
        .with_state(store)
}

async fn unsubscribe_page(Path(token): Path<String>) -> Html<String> {
    let token: String = token.chars().filter(char::is_ascii_alphanumeric).collect();
    Html(format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Unsubscribe</title></head><body>\
         <p>Stop receiving offers and news from GigGatek by email?</p>\
         <form method=\"post\" action=\"/mail/unsubscribe/{token}\">\
         <input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">\
         <button type=\"submit\">Unsubscribe</button></form></body></html>"
    ))
}

async fn unsubscribe<DB: MailRepository>(State(store): State<MailStore<DB>>, Path(token): Path<String>) -> Response {
    match store.unsubscribe(&token, "unsubscribe_link", Timestamp::now()).await {
        Ok(_) => Html(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Unsubscribed</title></head>\
             <body><p>You are unsubscribed. You will get no more offers or news from GigGatek by email. \
             Receipts and reminders for your orders and rentals still arrive.</p></body></html>",
        )
        .into_response(),
        Err(error) => {
            tracing::error!(%error, "unsubscribe failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Unsubscribing failed. Please try again in a minute.",
            )
                .into_response()
        }
    }
}

async fn record_open<DB: MailRepository>(State(store): State<MailStore<DB>>, Path(file): Path<String>) -> Response {
    let Some(message_key) = file.strip_suffix(".gif") else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match store.record_open(message_key, Timestamp::now()).await {
        Ok(Some(job_id)) => tracing::debug!(%job_id, "mail opened"),
        Ok(None) => {}
        Err(error) => tracing::error!(%error, "mail open could not be recorded"),
    }
    (
        [(header::CONTENT_TYPE, "image/gif"), (header::CACHE_CONTROL, "no-store")],
        PIXEL_GIF,
    )
        .into_response()
}
