//! The online shop's API: accounts, catalog, carts, checkout, orders, the
//! customer's rent-to-own contracts, the staff's admin routes and Stripe's
//! webhook.
//!
//! Browser calls are allowed only from the configured origins: the CORS
//! layer echoes an origin only when it is exactly on the list, and then
//! allows credentials. Stripe's webhook has no CORS, since no browser calls it.

mod accounts;
mod admin;
mod admin_products;
mod cart;
mod catalog;
mod checkout;
mod mail_docs;
mod openapi;
mod orders;
mod rental_views;
mod rentals;
mod views;
mod webhooks;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, Method, header};
use tower_http::cors::{AllowCredentials, AllowOrigin, CorsLayer};

pub use accounts::create_account;
pub use openapi::ApiDoc;

use crate::shop::config::ShopConfig;
use crate::state::AppState;

/// Builds the shop's routes with CORS for `config.allowed_origins`.
pub fn router(config: &ShopConfig) -> Router<AppState> {
    Router::new()
        .merge(accounts::router())
        .merge(catalog::router())
        .merge(cart::router())
        .merge(checkout::router())
        .merge(orders::router())
        .merge(rentals::router())
        .merge(admin::router())
        .merge(admin_products::router())
        .layer(cors_layer(&config.allowed_origins))
        .merge(webhooks::router())
        .merge(openapi::router())
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
