//! Staff routes: refunds through Stripe and order fulfilment.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use giggatek_domain::{Money, OrderEvent};
use giggatek_payments::{NewRefund, PaymentError};
use serde::{Deserialize, Serialize};

use crate::db::shop_order_updates::{self, ChangeOutcome, OrderChange};
use crate::db::{shop_orders, shop_refunds};
use crate::routes::shop::views::OrderView;
use crate::shop::auth::Staff;
use crate::shop::error::{ErrorBody, ShopError};
use crate::shop::json::{ShopJson, deserialize_price};
use crate::shop::{Shop, clock};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/admin/orders/{id}/refunds", post(refund))
        .route("/api/admin/orders/{id}/fulfilment", post(fulfil))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct RefundBody {
    /// The amount to refund; absent refunds everything not yet refunded.
    #[serde(default, deserialize_with = "deserialize_optional_price")]
    #[schema(value_type = Option<String>, example = "19.99")]
    amount: Option<Money>,
}

fn deserialize_optional_price<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Money>, D::Error> {
    deserialize_price(deserializer).map(Some)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct FulfilmentBody {
    /// `ready_for_pickup` or `shipped`.
    status: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
struct RefundView {
    refund_id: String,
    amount_cents: i64,
    status: String,
}

fn order_id(id: &str) -> Result<i64, ShopError> {
    id.parse()
        .map_err(|_| ShopError::invalid("id", format!("order id {id:?} is not a number")))
}

/// Refunds a paid order through Stripe. The `Idempotency-Key` header is
/// required: the same key gives the same refund however often it is sent.
/// The order becomes `refunded` when Stripe's charge.refunded event arrives.
#[utoipa::path(post, path = "/api/admin/orders/{id}/refunds", tag = "admin", security(("session" = [])),
    params(("id" = i64, Path), ("idempotency-key" = String, Header)), request_body = RefundBody,
    responses((status = 201, body = RefundView), (status = 200, description = "The refund made before under this key", body = RefundView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, description = "A field is invalid", body = ErrorBody), (status = 503, body = ErrorBody)))]
async fn refund(
    State(shop): State<Arc<Shop>>,
    Staff(staff): Staff,
    Path(id): Path<String>,
    headers: HeaderMap,
    ShopJson(body): ShopJson<RefundBody>,
) -> Result<Response, ShopError> {
    let key = headers
        .get("idempotency-key")
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
        .filter(|key| !key.is_empty() && key.len() <= 200)
        .ok_or_else(|| {
            ShopError::invalid(
                "Idempotency-Key",
                "a refund needs an Idempotency-Key header of 1 to 200 characters",
            )
        })?
        .to_owned();
    let id = order_id(&id)?;
    let order = shop_orders::find(&shop.db, id)
        .await?
        .ok_or_else(|| ShopError::NotFound(format!("order {id} is not found")))?;
    if let Some(earlier) = shop_refunds::find_by_key(&shop.db, &key).await? {
        if earlier.order_id != id {
            return Err(ShopError::invalid(
                "Idempotency-Key",
                "this key was used for another refund: send a new key",
            ));
        }
        if let Some(refund_id) = earlier.refund_id {
            let view = RefundView {
                refund_id,
                amount_cents: earlier.amount_cents,
                status: "already_requested".to_owned(),
            };
            return Ok((StatusCode::OK, Json(view)).into_response());
        }
    }
    let Some(payment_intent_id) = order.payment_intent_id.clone().filter(|_| order.paid_cents > 0) else {
        return Err(ShopError::conflict(
            "not_paid",
            format!("order {id} has no payment to refund"),
        ));
    };
    let refundable = order.paid_cents - order.refunded_cents;
    let amount = body.amount.map_or(refundable, Money::cents);
    if amount <= 0 || amount > refundable {
        return Err(ShopError::invalid(
            "amount",
            format!(
                "the refund must be 0.01 to {} (what is paid and not yet refunded)",
                Money::from_cents(refundable)
            ),
        ));
    }
    let gateway = shop
        .payments
        .clone()
        .ok_or_else(|| ShopError::PaymentsUnavailable("card payments are not configured on this server".to_owned()))?;
    let recorded = shop_refunds::insert(&shop.db, id, &key, amount, staff.customer_id, &clock::now()).await?;
    if recorded.amount_cents != amount || recorded.order_id != id {
        return Err(ShopError::invalid(
            "Idempotency-Key",
            "this key was used for another refund: send a new key",
        ));
    }
    let refund = gateway
        .refund(&NewRefund {
            payment_intent_id,
            amount: Some(Money::from_cents(amount)),
            idempotency_key: format!("giggatek-refund-{}", recorded.id),
        })
        .await;
    let refund = match refund {
        Ok(refund) => refund,
        Err(error) => {
            tracing::warn!(order_id = id, refund_request_id = recorded.id, %error, "the refund failed at Stripe");
            shop_refunds::mark_failed(&shop.db, recorded.id, &error.to_string(), &clock::now()).await?;
            let next_step = match error {
                // Stripe may answer a repeated idempotency key with the same
                // rejection, so only a new key tries again.
                PaymentError::Rejected { .. } => "nothing was refunded: fix the cause and send a new Idempotency-Key",
                _ => "retry with the same key, which cannot refund twice",
            };
            return Err(ShopError::PaymentsUnavailable(format!(
                "the refund failed: {error}; {next_step}"
            )));
        }
    };
    shop_refunds::set_refund_id(&shop.db, recorded.id, &refund.id).await?;
    tracing::info!(
        order_id = id,
        staff_id = staff.customer_id,
        amount_cents = amount,
        "refund sent to Stripe"
    );
    let view = RefundView {
        refund_id: refund.id,
        amount_cents: refund.amount.cents(),
        status: refund.status,
    };
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

#[utoipa::path(post, path = "/api/admin/orders/{id}/fulfilment", tag = "admin", security(("session" = [])), params(("id" = i64, Path)), request_body = FulfilmentBody,
    responses((status = 200, body = OrderView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, description = "A field is invalid", body = ErrorBody)))]
async fn fulfil(
    State(shop): State<Arc<Shop>>,
    Staff(staff): Staff,
    Path(id): Path<String>,
    ShopJson(body): ShopJson<FulfilmentBody>,
) -> Result<Json<OrderView>, ShopError> {
    let id = order_id(&id)?;
    let event = match body.status.as_str() {
        "ready_for_pickup" => OrderEvent::ReadyForPickup,
        "shipped" => OrderEvent::Shipped,
        _ => return Err(ShopError::invalid("status", "use ready_for_pickup or shipped")),
    };
    let cause = format!("staff:{}", staff.customer_id);
    let change = OrderChange {
        order_id: id,
        event,
        cause: &cause,
        payment_intent_id: None,
    };
    match shop_order_updates::apply(&shop.db, &change, &clock::now()).await? {
        ChangeOutcome::OrderMissing => return Err(ShopError::NotFound(format!("order {id} is not found"))),
        ChangeOutcome::Rejected(error) => return Err(ShopError::conflict("invalid_transition", error.to_string())),
        ChangeOutcome::Changed { .. } | ChangeOutcome::Unchanged(_) => {}
    }
    let order = shop_orders::find(&shop.db, id)
        .await?
        .ok_or_else(|| ShopError::NotFound(format!("order {id} is not found")))?;
    let lines = shop_orders::lines(&shop.db, id).await?;
    Ok(Json(OrderView::new(&order, &lines)))
}
