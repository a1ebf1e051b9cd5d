//! A signed-in customer's consent to marketing mail: `GET` shows it and
//! `PUT` opts in or out. Withdrawing through a mail's unsubscribe link shows
//! here as unsubscribed.

use std::sync::Arc;

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use giggatek_mail::{EmailAddress, Recipient};
use serde::{Deserialize, Serialize};

use crate::db::marketing;
use crate::db::shop_accounts;
use crate::shop::Shop;
use crate::shop::auth::SignedIn;
use crate::shop::error::{ErrorBody, ShopError};
use crate::shop::json::ShopJson;
use crate::state::AppState;

/// The consent source recorded when a customer opts in or out from their
/// shop account.
const ACCOUNT_SOURCE: &str = "shop_account";

pub fn router() -> Router<AppState> {
    Router::new().route("/api/account/marketing", get(show).put(update))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct MarketingBody {
    /// `true` opts in to marketing mail, `false` opts out.
    subscribed: bool,
}

/// A customer's marketing consent.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct MarketingView {
    subscribed: bool,
    /// When the active consent was given (RFC 3339, UTC); absent when not subscribed.
    opted_in_at: Option<String>,
    /// The channel of the active consent, such as `shop_account`; absent when not subscribed.
    source: Option<String>,
}

async fn current_view(shop: &Shop, customer_id: i64) -> Result<MarketingView, ShopError> {
    let consent = marketing::active_consent(&shop.db, customer_id).await?;
    Ok(MarketingView {
        subscribed: consent.is_some(),
        opted_in_at: consent.as_ref().map(|consent| consent.opted_in_at.clone()),
        source: consent.map(|consent| consent.source),
    })
}

#[utoipa::path(get, path = "/api/account/marketing", tag = "accounts", security(("session" = [])),
    responses((status = 200, body = MarketingView), (status = 401, body = ErrorBody)))]
async fn show(State(shop): State<Arc<Shop>>, signed_in: SignedIn) -> Result<Json<MarketingView>, ShopError> {
    Ok(Json(current_view(&shop, signed_in.customer_id).await?))
}

/// Opts the customer in to marketing mail at their account's address, or
/// out. Opting in while subscribed keeps the earlier consent and its time.
#[utoipa::path(put, path = "/api/account/marketing", tag = "accounts", security(("session" = [])), request_body = MarketingBody,
    responses((status = 200, body = MarketingView), (status = 401, body = ErrorBody), (status = 422, description = "A field is invalid", body = ErrorBody)))]
async fn update(
    State(shop): State<Arc<Shop>>,
    signed_in: SignedIn,
    ShopJson(body): ShopJson<MarketingBody>,
) -> Result<Json<MarketingView>, ShopError> {
    let now = jiff::Timestamp::now();
    if body.subscribed {
        let account = shop_accounts::find_account(&shop.db, signed_in.customer_id)
            .await?
            .ok_or_else(|| ShopError::NotFound("the account is not found".to_owned()))?;
        let email = EmailAddress::parse(&account.email).map_err(|_| {
            ShopError::invalid(
                "email",
                "the account's email address cannot receive mail: change it first",
            )
        })?;
        let recipient = Recipient::new(&account.name, email);
        marketing::grant(&shop.db, account.id, &recipient, ACCOUNT_SOURCE, now).await?;
    } else {
        marketing::withdraw(&shop.db, signed_in.customer_id, ACCOUNT_SOURCE, now).await?;
    }
    let view = current_view(&shop, signed_in.customer_id).await?;
    tracing::info!(
        customer_id = signed_in.customer_id,
        subscribed = view.subscribed,
        "marketing consent set"
    );
    Ok(Json(view))
}
