//! The online shop's API: accounts, catalog, carts, checkout, orders, the
//! customer's rent-to-own contracts, the staff's admin routes and Stripe's
//! webhook.
//!
//! Browser calls are allowed only from the configured origins: the CORS
//! layer echoes an origin only when it is exactly on the list, and then
//! allows credentials. Stripe's webhook has no CORS, since no browser calls it.

mod accounts;
mod admin;
mod admin_campaigns;
mod admin_products;
mod cart;
mod catalog;
mod checkout;
mod mail_docs;
mod marketing;
mod openapi;
mod orders;
mod rental_views;
mod rentals;
mod views;
mod webhooks;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;
use tower_http::cors::{AllowCredentials, AllowOrigin, CorsLayer};

pub use accounts::create_account;
pub use openapi::ApiDoc;

use crate::shop::config::ShopConfig;
use crate::shop::error::ShopError;
use crate::shop::input::has_control_character;
use crate::state::AppState;

/// Builds the shop's routes with CORS for `config.allowed_origins`.
pub fn router(config: &ShopConfig) -> Router<AppState> {
    Router::new()
        .merge(accounts::router())
        .merge(marketing::router())
        .merge(catalog::router())
        .merge(cart::router())
        .merge(checkout::router())
        .merge(orders::router())
        .merge(rentals::router())
        .merge(admin::router())
        .merge(admin_campaigns::router())
        .merge(admin_products::router())
        .layer(axum::middleware::from_fn(reject_control_characters_in_path))
        .layer(cors_layer(&config.allowed_origins))
        .merge(webhooks::router())
        .merge(openapi::router())
}

/// Rejects a request whose percent-decoded path contains a control
/// character, such as `%00` in a cart id or SKU, with 422 naming `path`:
/// no id contains one, and PostgreSQL cannot compare text with U+0000.
async fn reject_control_characters_in_path(request: Request, next: Next) -> Response {
    let path = percent_decode_str(request.uri().path()).decode_utf8_lossy();
    if has_control_character(&path) {
        return ShopError::invalid("path", "the path contains a control character, which no id contains")
            .into_response();
    }
    next.run(request).await
}

/// CORS for exactly these origins, with credentials. An origin not on the
/// list, a look-alike such as `https://shop.example.com.evil.example.net`
/// and `null` get no Access-Control-Allow-Origin at all.
pub fn cors_layer(origins: &[String]) -> CorsLayer {
    let origins: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|origin| HeaderValue::from_str(origin).ok())
        .collect();
    let credential_origins = origins.clone();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        // Allow-Credentials goes only with an allowed origin.
        .allow_credentials(AllowCredentials::predicate(move |origin, _| {
            credential_origins.contains(origin)
        }))
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::PATCH, Method::DELETE])
        .allow_headers([
            header::CONTENT_TYPE,
            header::AUTHORIZATION,
            HeaderName::from_static("idempotency-key"),
            HeaderName::from_static(cart::CART_TOKEN_HEADER),
        ])
}
