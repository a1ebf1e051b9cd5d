//! Browsing the catalog: search, filters and pages.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use crate::db::shop_catalog::{self, ProductQuery};
use crate::routes::shop::views::ProductView;
use crate::shop::Shop;
use crate::shop::error::{ErrorBody, ShopError};
use crate::shop::json::ShopQuery;
use crate::state::AppState;

/// The largest page size.
const MAX_PER_PAGE: i64 = 100;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/products", get(list))
        .route("/api/products/{id}", get(show))
        .route("/api/categories", get(categories))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct ListParams {
    /// Words that must all appear in the product's name.
    q: Option<String>,
    category: Option<String>,
    min_price_cents: Option<i64>,
    max_price_cents: Option<i64>,
    #[serde(default)]
    in_stock: bool,
    page: Option<i64>,
    per_page: Option<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
struct ProductPage {
    items: Vec<ProductView>,
    page: i64,
    per_page: i64,
    total: i64,
}

#[utoipa::path(get, path = "/api/products", tag = "catalog", params(ListParams),
    responses((status = 200, body = ProductPage), (status = 422, description = "A field is invalid", body = ErrorBody)))]
async fn list(
    State(shop): State<Arc<Shop>>,
    ShopQuery(params): ShopQuery<ListParams>,
) -> Result<Json<ProductPage>, ShopError> {
    let page = params.page.unwrap_or(1);
    if !(1..=1_000_000).contains(&page) {
        return Err(ShopError::invalid("page", "page must be 1 or more"));
    }
    let per_page = params.per_page.unwrap_or(20);
    if !(1..=MAX_PER_PAGE).contains(&per_page) {
        return Err(ShopError::invalid(
            "per_page",
            format!("per_page must be 1 to {MAX_PER_PAGE}"),
        ));
    }
    for (field, value) in [
        ("min_price_cents", params.min_price_cents),
        ("max_price_cents", params.max_price_cents),
    ] {
        if value.is_some_and(|cents| cents < 0) {
            return Err(ShopError::invalid(field, "prices are zero or more cents"));
        }
    }
    let words: Vec<String> = params
        .q
        .as_deref()
        .unwrap_or("")
        .split_whitespace()
        .take(8)
        .map(str::to_owned)
        .collect();
    let query = ProductQuery {
        words,
        category: params.category.filter(|category| !category.is_empty()),
        min_price_cents: params.min_price_cents,
        max_price_cents: params.max_price_cents,
        in_stock_only: params.in_stock,
        limit: per_page,
        offset: (page - 1) * per_page,
    };
    let (products, total) = shop_catalog::search(&shop.db, &query).await?;
    Ok(Json(ProductPage {
        items: products.iter().map(ProductView::from).collect(),
        page,
        per_page,
        total,
    }))
}

#[utoipa::path(get, path = "/api/products/{id}", tag = "catalog", params(("id" = i64, Path, description = "Product id")),
    responses((status = 200, body = ProductView), (status = 404, body = ErrorBody), (status = 422, description = "A field is invalid", body = ErrorBody)))]
async fn show(State(shop): State<Arc<Shop>>, Path(id): Path<String>) -> Result<Json<ProductView>, ShopError> {
    let id: i64 = id
        .parse()
        .map_err(|_| ShopError::invalid("id", format!("product id {id:?} is not a number")))?;
    let product = shop_catalog::find(&shop.db, id)
        .await?
        .ok_or_else(|| ShopError::NotFound(format!("product {id} is not found")))?;
    Ok(Json(ProductView::from(&product)))
}

#[utoipa::path(get, path = "/api/categories", tag = "catalog", responses((status = 200, body = Vec<String>)))]
async fn categories(State(shop): State<Arc<Shop>>) -> Result<Json<Vec<String>>, ShopError> {
    Ok(Json(shop_catalog::categories(&shop.db).await?))
}
