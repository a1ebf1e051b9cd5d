//! `POST /api/checkout`: one order and one PaymentIntent per cart.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use crate::db::{shop_accounts, shop_orders};
use crate::routes::shop::cart::authorised_cart;
use crate::routes::shop::views::OrderView;
use crate::shop::Shop;
use crate::shop::auth::MaybeSignedIn;
use crate::shop::checkout::{self, CheckoutRequest};
use crate::shop::error::{ErrorBody, ShopError};
use crate::shop::input;
use crate::shop::json::ShopJson;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/checkout", post(check_out))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct CheckoutBody {
    cart_id: String,
    /// Needed for guests; signed-in customers get mail at their account's
    /// address.
    email: Option<String>,
    /// A Stripe PaymentMethod id (`pm_...`) made by the browser.
    payment_method: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
struct CheckoutView {
    order: OrderView,
    /// The PaymentIntent's client secret, for the browser to confirm the
    /// payment with Stripe.js; absent once the order is no longer awaiting
    /// payment.
    client_secret: Option<String>,
}

#[utoipa::path(post, path = "/api/checkout", tag = "checkout", request_body = CheckoutBody,
    params(("idempotency-key" = Option<String>, Header), ("x-cart-token" = Option<String>, Header, description = "The guest cart's token")),
    responses((status = 201, description = "Order created", body = CheckoutView), (status = 200, description = "The order this checkout made before", body = CheckoutView),
        (status = 401, body = ErrorBody), (status = 402, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, description = "A field is invalid", body = ErrorBody), (status = 503, body = ErrorBody)))]
async fn check_out(
    State(shop): State<Arc<Shop>>,
    headers: HeaderMap,
    signed_in: MaybeSignedIn,
    ShopJson(body): ShopJson<CheckoutBody>,
) -> Result<Response, ShopError> {
    let idempotency_key = match headers.get("idempotency-key") {
        None => None,
        Some(value) => {
            let key = value.to_str().unwrap_or("").trim();
            if key.is_empty() || key.len() > 200 {
                return Err(ShopError::invalid(
                    "Idempotency-Key",
                    "the key must have 1 to 200 visible ASCII characters",
                ));
            }
            Some(key.to_owned())
        }
    };
    if let Some(payment_method) = &body.payment_method
        && (!payment_method.starts_with("pm_") || payment_method.len() > 255)
    {
        return Err(ShopError::invalid(
            "payment_method",
            "expected a Stripe PaymentMethod id such as pm_...",
        ));
    }
    let cart = authorised_cart(&shop, &body.cart_id, &headers, &signed_in).await?;
    let customer_id = signed_in.0.as_ref().map(|signed_in| signed_in.customer_id);
    let email = match (customer_id, &body.email) {
        (Some(customer_id), _) => shop_accounts::find_account(&shop.db, customer_id)
            .await?
            .map(|account| account.email)
            .ok_or_else(|| ShopError::Unauthorized("the session's account no longer exists".to_owned()))?,
        (None, Some(email)) => input::parse_email("email", email)?.to_string(),
        (None, None) => {
            return Err(ShopError::invalid(
                "email",
                "guests must give an email address for the receipt",
            ));
        }
    };
    let outcome = checkout::checkout(
        &shop,
        CheckoutRequest {
            cart,
            idempotency_key,
            customer_id,
            email,
            payment_method: body.payment_method,
        },
    )
    .await?;
    let lines = shop_orders::lines(&shop.db, outcome.order.id).await?;
    let status = if outcome.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let view = CheckoutView {
        order: OrderView::new(&outcome.order, &lines),
        client_secret: outcome.client_secret,
    };
    Ok((status, Json(view)).into_response())
}
