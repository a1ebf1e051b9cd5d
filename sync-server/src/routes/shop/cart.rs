//! Carts for customers and guests, priced on the server.
//!
//! A guest proves a cart is theirs with the cart token returned when the
//! cart was made, sent in the `X-Cart-Token` header. A cart made while
//! signed in belongs to that account.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use crate::db::shop_carts::{self, CartRow};
use crate::db::{shop_catalog, shop_orders};
use crate::routes::shop::views::ProductView;
use crate::shop::auth::{self, MaybeSignedIn};
use crate::shop::checkout::price_items;
use crate::shop::error::{ErrorBody, ShopError};
use crate::shop::json::ShopJson;
use crate::shop::{Shop, clock};
use crate::state::AppState;

/// The header that carries a guest cart's token.
pub const CART_TOKEN_HEADER: &str = "x-cart-token";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/carts", post(create))
        .route("/api/carts/{cart_id}", get(show))
        .route("/api/carts/{cart_id}/items/{product_id}", put(set_item))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CartView {
    pub cart_id: String,
    /// Only in the response that made the cart: keep it to use the cart as
    /// a guest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cart_token: Option<String>,
    pub lines: Vec<CartLineView>,
    pub subtotal_cents: i64,
    pub tax_cents: i64,
    pub total_cents: i64,
    /// The order made from this cart, once checked out.
    pub order_id: Option<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CartLineView {
    pub product: ProductView,
    pub quantity: i64,
    pub line_total_cents: i64,
    pub tax_cents: i64,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct QuantityBody {
    quantity: i64,
}

/// Loads a cart and checks the caller may use it.
pub async fn authorised_cart(
    shop: &Shop,
    public_id: &str,
    headers: &HeaderMap,
    signed_in: &MaybeSignedIn,
) -> Result<CartRow, ShopError> {
    let not_found = || ShopError::NotFound(format!("cart {public_id} is not found"));
    let cart = shop_carts::find(&shop.db, public_id).await?.ok_or_else(not_found)?;
    let owner_matches = match (cart.customer_id, &signed_in.0) {
        (Some(owner), Some(signed_in)) => owner == signed_in.customer_id,
        _ => false,
    };
    let token_matches = headers
        .get(CART_TOKEN_HEADER)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|token| auth::sha256_hex(token.trim()) == cart.token_hash);
    if owner_matches || token_matches {
        Ok(cart)
    } else {
        // The same response as for an unknown cart, so cart ids cannot be probed.
        Err(not_found())
    }
}

async fn view(shop: &Shop, cart: &CartRow, cart_token: Option<String>) -> Result<CartView, ShopError> {
    let items = shop_carts::items(&shop.db, cart.id).await?;
    let (priced, _) = price_items(shop, &items)?;
    let order_id = shop_orders::find_by_cart(&shop.db, cart.id)
        .await?
        .map(|order| order.id);
    let lines = items
        .iter()
        .zip(&priced.lines)
        .map(|(item, amounts)| CartLineView {
            product: ProductView::from(&item.product),
            quantity: item.quantity,
            line_total_cents: (amounts.net + amounts.tax).cents(),
            tax_cents: amounts.tax.cents(),
        })
        .collect();
    Ok(CartView {
        cart_id: cart.public_id.clone(),
        cart_token,
        lines,
        subtotal_cents: priced.subtotal.cents(),
        tax_cents: priced.tax.cents(),
        total_cents: priced.total.cents(),
        order_id,
    })
}

#[utoipa::path(post, path = "/api/carts", tag = "cart", responses((status = 201, body = CartView), (status = 401, body = ErrorBody)))]
async fn create(State(shop): State<Arc<Shop>>, signed_in: MaybeSignedIn) -> Result<Response, ShopError> {
    let public_id = uuid::Uuid::now_v7().to_string();
    let token = auth::new_token()?;
    let customer_id = signed_in.0.as_ref().map(|signed_in| signed_in.customer_id);
    let id = shop_carts::create(
        &shop.db,
        &public_id,
        &auth::sha256_hex(&token),
        customer_id,
        &clock::now(),
    )
    .await?;
    let cart = CartRow {
        id,
        public_id,
        token_hash: String::new(),
        customer_id,
    };
    let view = view(&shop, &cart, Some(token)).await?;
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

#[utoipa::path(get, path = "/api/carts/{cart_id}", tag = "cart", params(("cart_id" = String, Path), ("x-cart-token" = Option<String>, Header, description = "The guest cart's token")),
    responses((status = 200, body = CartView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn show(
    State(shop): State<Arc<Shop>>,
    Path(cart_id): Path<String>,
    headers: HeaderMap,
    signed_in: MaybeSignedIn,
) -> Result<Json<CartView>, ShopError> {
    let cart = authorised_cart(&shop, &cart_id, &headers, &signed_in).await?;
    Ok(Json(view(&shop, &cart, None).await?))
}

#[utoipa::path(put, path = "/api/carts/{cart_id}/items/{product_id}", tag = "cart",
    params(("cart_id" = String, Path), ("product_id" = i64, Path), ("x-cart-token" = Option<String>, Header, description = "The guest cart's token")), request_body = QuantityBody,
    responses((status = 200, body = CartView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Not enough stock, or the cart is checked out", body = ErrorBody), (status = 422, description = "A field is invalid", body = ErrorBody)))]
async fn set_item(
    State(shop): State<Arc<Shop>>,
    Path((cart_id, product_id)): Path<(String, String)>,
    headers: HeaderMap,
    signed_in: MaybeSignedIn,
    ShopJson(body): ShopJson<QuantityBody>,
) -> Result<Json<CartView>, ShopError> {
    let cart = authorised_cart(&shop, &cart_id, &headers, &signed_in).await?;
    let product_id: i64 = product_id
        .parse()
        .map_err(|_| ShopError::invalid("product_id", format!("product id {product_id:?} is not a number")))?;
    if !(0..=i64::from(giggatek_domain::MAX_QUANTITY)).contains(&body.quantity) {
        return Err(ShopError::invalid(
            "quantity",
            "quantity must be 0 to 9999; 0 takes the item out",
        ));
    }
    if shop_orders::find_by_cart(&shop.db, cart.id).await?.is_some() {
        return Err(ShopError::conflict(
            "cart_checked_out",
            "this cart is checked out already: make a new cart",
        ));
    }
    let product = shop_catalog::find(&shop.db, product_id)
        .await?
        .ok_or_else(|| ShopError::invalid("product_id", format!("product {product_id} is not found")))?;
    if body.quantity > product.stock_available {
        return Err(ShopError::conflict(
            "out_of_stock",
            format!(
                "not enough stock of {}: {} available; lower the quantity",
                product.sku,
                product.stock_available.max(0)
            ),
        ));
    }
    shop_carts::set_quantity(&shop.db, cart.id, product.id, body.quantity, &clock::now()).await?;
    Ok(Json(view(&shop, &cart, None).await?))
}
