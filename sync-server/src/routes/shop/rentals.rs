//! A signed-in customer's rent-to-own contracts from the stores: the list,
//! and one contract with its schedule, payments and today's buyout price.
//! Only contracts whose customer email is the account's own are returned
//! (see `shop::rentals`). Any other contract number is 404, whether it
//! exists or not.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};

use crate::db::shop_accounts;
use crate::db::shop_rentals::{self, RentalContractRow, RentalPaymentRow};
use crate::routes::shop::rental_views::{RentalContractDetail, RentalContractSummary};
use crate::shop::Shop;
use crate::shop::auth::SignedIn;
use crate::shop::error::{ErrorBody, ShopError};
use crate::shop::rentals::{self, RentalAccount};
use crate::state::AppState;

/// How many contracts the list returns, newest first.
const MAX_LISTED: i64 = 100;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/rentals", get(list))
        .route("/api/rentals/{contract_number}", get(show))
}

/// Returns the signed-in account's email, normalized for matching.
async fn account_email(shop: &Shop, signed_in: &SignedIn) -> Result<String, ShopError> {
    let account = shop_accounts::find_account(&shop.db, signed_in.customer_id)
        .await?
        .ok_or_else(|| ShopError::Unauthorized("the session's account no longer exists".to_owned()))?;
    Ok(rentals::normalize_email(&account.email))
}

/// Repeats the SQL's email match with Unicode lowercasing, so a database
/// whose `lower` folds differently can never widen it.
fn owned_by(contract: &RentalContractRow, email: &str) -> bool {
    rentals::normalize_email(&contract.customer_email) == email
}

/// Loads a contract's payments and computes its account today. The outer
/// error is a database failure. The inner one means the domain rejected the
/// stored rows, such as a policy code this server does not know.
async fn load_account(
    shop: &Shop,
    contract: &RentalContractRow,
) -> Result<(Vec<RentalPaymentRow>, anyhow::Result<RentalAccount>), ShopError> {
    let installments = shop_rentals::installments(&shop.db, contract.id).await?;
    let payments = shop_rentals::payments(&shop.db, contract.id).await?;
    let today = rentals::today(&shop.config.time_zone);
    let account = rentals::compute_account(contract, &installments, &payments, today);
    Ok((payments, account))
}

#[utoipa::path(get, path = "/api/rentals", tag = "rentals", operation_id = "list_rentals", security(("session" = [])),
    responses((status = 200, body = Vec<RentalContractSummary>), (status = 401, body = ErrorBody)))]
async fn list(
    State(shop): State<Arc<Shop>>,
    signed_in: SignedIn,
) -> Result<Json<Vec<RentalContractSummary>>, ShopError> {
    let email = account_email(&shop, &signed_in).await?;
    let mut contracts = shop_rentals::list_for_email(&shop.db, &email, MAX_LISTED).await?;
    contracts.retain(|contract| owned_by(contract, &email));
    let mut views = Vec::with_capacity(contracts.len());
    for contract in &contracts {
        let (payments, account) = load_account(&shop, contract).await?;
        match account {
            Ok(account) => views.push(RentalContractSummary::new(contract, &payments, &account)),
            // One contract the domain rejects must not hide the others, so
            // it is logged and left out of the list.
            Err(error) => tracing::error!(
                contract_id = contract.id,
                error = format!("{error:#}"),
                "a rental contract could not be computed and was left out of the list"
            ),
        }
    }
    Ok(Json(views))
}

#[utoipa::path(get, path = "/api/rentals/{contract_number}", tag = "rentals", operation_id = "show_rental", security(("session" = [])),
    params(("contract_number" = String, Path, description = "As printed on the agreement", example = "S01-T01-R000001")),
    responses((status = 200, body = RentalContractDetail), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn show(
    State(shop): State<Arc<Shop>>,
    Path(contract_number): Path<String>,
    signed_in: SignedIn,
) -> Result<Json<RentalContractDetail>, ShopError> {
    let email = account_email(&shop, &signed_in).await?;
    let contract_number = contract_number.trim();
    let contract = shop_rentals::find_for_email(&shop.db, &email, contract_number)
        .await?
        .filter(|contract| owned_by(contract, &email))
        .ok_or_else(|| ShopError::NotFound(format!("rental contract {contract_number} is not found")))?;
    let (payments, account) = load_account(&shop, &contract).await?;
    Ok(Json(RentalContractDetail::new(&contract, &payments, &account?)))
}
