//! Staff route that saves a product: into the stores' catalog, which the
//! terminals receive through the change feed, with the shop's own
//! attributes in the same transaction. Stock counts are not set here: they
//! come from terminal sync and `giggatek-server admin set-stock`.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::routing::put;
use axum::{Json, Router};
use giggatek_domain::Money;
use giggatek_protocol::ProductChange;
use serde::Deserialize;

use crate::db::changes;
use crate::db::shop_catalog::{self, ShopListing};
use crate::routes::shop::views::ProductView;
use crate::shop::Shop;
use crate::shop::auth::Staff;
use crate::shop::error::{ErrorBody, ShopError};
use crate::shop::json::{ShopJson, deserialize_price};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/admin/products/{sku}", put(upsert_product))
}

/// A product's data. Prices may be JSON numbers (`19.99`) or strings
/// (`"19.99"`) and are read exactly from their decimal text.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct ProductBody {
    /// Required for a SKU the catalog does not have yet; absent keeps the
    /// stored barcode.
    barcode: Option<String>,
    name: String,
    category: String,
    /// The price as a decimal, such as 19.99 or "19.99".
    #[serde(deserialize_with = "deserialize_price")]
    #[schema(value_type = String, example = "19.99")]
    price: Money,
    #[serde(default = "default_true")]
    taxable: bool,
    /// Whether customers can find and buy the product online.
    #[serde(default = "default_true")]
    published: bool,
    rent_to_own: Option<RentToOwnBody>,
}

fn default_true() -> bool {
    true
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RentToOwnBody {
    #[serde(deserialize_with = "deserialize_price")]
    #[schema(value_type = String, example = "24.99")]
    payment: Money,
    payment_count: i64,
    interval: String,
}

#[utoipa::path(put, path = "/api/admin/products/{sku}", tag = "admin", security(("session" = [])), params(("sku" = String, Path)), request_body = ProductBody,
    responses((status = 200, body = ProductView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, description = "A field is invalid", body = ErrorBody)))]
pub(super) async fn upsert_product(
    State(shop): State<Arc<Shop>>,
    Staff(staff): Staff,
    Path(sku): Path<String>,
    ShopJson(body): ShopJson<ProductBody>,
) -> Result<Json<ProductView>, ShopError> {
    let sku = sku.trim().to_owned();
    if sku.is_empty() || sku.len() > 64 {
        return Err(ShopError::invalid("sku", "the SKU must have 1 to 64 characters"));
    }
    let name = checked_text("name", &body.name, 500)?;
    let category = checked_text("category", &body.category, 100)?;
    let listing = ShopListing {
        published: body.published,
        ..rent_to_own_terms(body.rent_to_own.as_ref())?
    };
    let barcode = match body.barcode.as_deref() {
        Some(barcode) => checked_text("barcode", barcode, 64)?,
        None => shop_catalog::catalog_barcode(&shop.db, &sku).await?.ok_or_else(|| {
            ShopError::invalid(
                "barcode",
                format!("SKU {sku} is not in the catalog yet: send its barcode"),
            )
        })?,
    };
    let product = ProductChange {
        sku,
        barcode,
        name,
        category,
        price_cents: Some(body.price.cents()),
        taxable: body.taxable,
    };
    let seq = changes::upsert_listed_product(&shop.db, &product, Some(&listing)).await?;
    tracing::info!(
        sku = %product.sku,
        seq,
        staff_id = staff.customer_id,
        price_cents = body.price.cents(),
        "product saved"
    );
    let saved = shop_catalog::find_by_sku(&shop.db, &product.sku)
        .await?
        .ok_or_else(|| anyhow::anyhow!("product {} vanished after its upsert", product.sku))?;
    Ok(Json(ProductView::from(&saved)))
}

/// Trims `text` and checks it has 1 to `max` characters.
fn checked_text(field: &str, text: &str, max: usize) -> Result<String, ShopError> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > max {
        return Err(ShopError::invalid(
            field,
            format!("the {field} must have 1 to {max} characters"),
        ));
    }
    Ok(text.to_owned())
}

/// Checks rent-to-own terms; `None` gives a listing without them.
fn rent_to_own_terms(terms: Option<&RentToOwnBody>) -> Result<ShopListing, ShopError> {
    let Some(terms) = terms else {
        return Ok(ShopListing {
            published: true,
            rto_payment_cents: None,
            rto_payment_count: None,
            rto_interval: None,
        });
    };
    if terms.payment.is_zero() {
        return Err(ShopError::invalid(
            "rent_to_own.payment",
            "the payment must be more than zero",
        ));
    }
    if !(1..=520).contains(&terms.payment_count) {
        return Err(ShopError::invalid("rent_to_own.payment_count", "use 1 to 520 payments"));
    }
    if terms.interval != "weekly" && terms.interval != "monthly" {
        return Err(ShopError::invalid("rent_to_own.interval", "use weekly or monthly"));
    }
    Ok(ShopListing {
        published: true,
        rto_payment_cents: Some(terms.payment.cents()),
        rto_payment_count: Some(terms.payment_count),
        rto_interval: Some(terms.interval.clone()),
    })
}
