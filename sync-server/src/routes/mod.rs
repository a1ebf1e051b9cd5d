//! The HTTP API, one router per area, merged here with the layers every
//! request goes through: a request id (`x-request-id`, made when missing)
//! and a tracing span that carries it.

mod enrol;
mod health;
mod mail;
pub mod shop;
mod sync;

use axum::Router;
use axum::http::{HeaderName, Request};
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use crate::state::AppState;

const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// Builds the whole API on `state`.
pub fn router(state: AppState) -> Router {
    let mail = mail::router(&state);
    Router::new()
        .merge(health::router())
        .merge(shop::router(&state.shop.config))
        .merge(enrol::router())
        .merge(sync::router())
        .with_state(state)
        .merge(mail)
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
            let request_id = request
                .headers()
                .get(&REQUEST_ID_HEADER)
                .and_then(|value| value.to_str().ok())
                .unwrap_or("-");
            tracing::info_span!(
                "request",
                method = %request.method(),
                path = %request.uri().path(),
                request_id = %request_id,
            )
        }))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID_HEADER))
        .layer(SetRequestIdLayer::new(REQUEST_ID_HEADER, MakeRequestUuid))
}
