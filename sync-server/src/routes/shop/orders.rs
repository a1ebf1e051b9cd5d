//! Orders as customers follow them.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::routing::get;
use axum::{Json, Router};

use crate::db::shop_orders::{self, OrderRow};
use crate::routes::shop::cart::CART_TOKEN_HEADER;
use crate::routes::shop::views::OrderView;
use crate::shop::Shop;
use crate::shop::auth::{self, MaybeSignedIn, SignedIn};
use crate::shop::error::{ErrorBody, ShopError};
use crate::state::AppState;

/// How many orders the list returns, newest first.
const MAX_LISTED: i64 = 100;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/orders", get(list))
        .route("/api/orders/{id}", get(show))
}

#[utoipa::path(get, path = "/api/orders", tag = "orders", security(("session" = [])),
    responses((status = 200, body = Vec<OrderView>), (status = 401, body = ErrorBody)))]
async fn list(State(shop): State<Arc<Shop>>, signed_in: SignedIn) -> Result<Json<Vec<OrderView>>, ShopError> {
    let orders = shop_orders::list_for_customer(&shop.db, signed_in.customer_id, MAX_LISTED).await?;
    let mut views = Vec::with_capacity(orders.len());
    for order in &orders {
        let lines = shop_orders::lines(&shop.db, order.id).await?;
        views.push(OrderView::new(order, &lines));
    }
    Ok(Json(views))
}

/// Loads an order the caller may see: their own, any for staff, or a guest
/// order whose cart token comes with the request.
pub async fn visible_order(
    shop: &Shop,
    id: &str,
    headers: &HeaderMap,
    signed_in: &MaybeSignedIn,
) -> Result<OrderRow, ShopError> {
    let not_found = || ShopError::NotFound(format!("order {id} is not found"));
    let id: i64 = id
        .parse()
        .map_err(|_| ShopError::invalid("id", format!("order id {id:?} is not a number")))?;
    let order = shop_orders::find(&shop.db, id).await?.ok_or_else(not_found)?;
    let allowed = match &signed_in.0 {
        Some(signed_in) if signed_in.is_staff() => true,
        Some(signed_in) if order.customer_id == Some(signed_in.customer_id) => true,
        _ => match headers.get(CART_TOKEN_HEADER).and_then(|value| value.to_str().ok()) {
            Some(token) => {
                let cart = shop_orders::find_cart_token_hash(&shop.db, order.cart_id).await?;
                auth::sha256_hex(token.trim()) == cart
            }
            None => false,
        },
    };
    if allowed { Ok(order) } else { Err(not_found()) }
}

#[utoipa::path(get, path = "/api/orders/{id}", tag = "orders", params(("id" = i64, Path), ("x-cart-token" = Option<String>, Header, description = "The guest cart's token")),
    responses((status = 200, body = OrderView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, description = "A field is invalid", body = ErrorBody)))]
async fn show(
    State(shop): State<Arc<Shop>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    signed_in: MaybeSignedIn,
) -> Result<Json<OrderView>, ShopError> {
    let order = visible_order(&shop, &id, &headers, &signed_in).await?;
    let lines = shop_orders::lines(&shop.db, order.id).await?;
    Ok(Json(OrderView::new(&order, &lines)))
}
