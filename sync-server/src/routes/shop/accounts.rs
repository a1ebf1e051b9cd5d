//! Registration, log-in and log-out, the profile, password change and
//! password reset by emailed token.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use crate::db::shop_accounts::{self, AccountRow, NewAccount};
use crate::shop::auth::{self, ClientAddress, SESSION_COOKIE, SESSION_SECONDS, SignedIn};
use crate::shop::error::{ErrorBody, ShopError};
use crate::shop::input;
use crate::shop::json::ShopJson;
use crate::shop::{Shop, clock};
use crate::state::AppState;

/// Failed log-ins allowed per account within [`THROTTLE_WINDOW_SECONDS`].
const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
/// Failed log-ins allowed per client address within the window.
const MAX_FAILURES_PER_ADDRESS: i64 = 50;
const THROTTLE_WINDOW_SECONDS: i64 = 15 * 60;
/// How long a password-reset token stays valid.
const RESET_TOKEN_SECONDS: i64 = 60 * 60;
/// [`RESET_TOKEN_SECONDS`] in minutes, as the reset mail states it.
const RESET_TOKEN_MINUTES: u32 = 60;
const MIN_PASSWORD_CHARS: usize = 10;
const MAX_PASSWORD_CHARS: usize = 128;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/accounts", post(register))
        .route("/api/sessions", post(log_in))
        .route("/api/sessions/current", axum::routing::delete(log_out))
        .route("/api/account", get(profile).patch(edit_profile))
        .route("/api/account/password", post(change_password))
        .route("/api/password-resets", post(request_reset))
        .route("/api/password-resets/confirm", post(confirm_reset))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct RegisterBody {
    email: String,
    password: String,
    name: String,
    phone: Option<String>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct LogInBody {
    email: String,
    password: String,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct ProfileBody {
    name: Option<String>,
    phone: Option<String>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct PasswordBody {
    current_password: String,
    new_password: String,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct ResetRequestBody {
    email: String,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct ResetConfirmBody {
    token: String,
    new_password: String,
}

/// An account as its owner sees it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct AccountView {
    id: i64,
    email: String,
    name: String,
    phone: Option<String>,
    role: String,
}

impl From<&AccountRow> for AccountView {
    fn from(account: &AccountRow) -> AccountView {
        AccountView {
            id: account.id,
            email: account.email.clone(),
            name: account.name.clone(),
            phone: account.phone.clone(),
            role: account.role.clone(),
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
struct SessionView {
    token: String,
    expires_at: String,
    account: AccountView,
}

fn check_password(field: &str, password: &str) -> Result<(), ShopError> {
    let length = password.chars().count();
    if !(MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&length) {
        return Err(ShopError::invalid(
            field,
            format!("the password must have {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters"),
        ));
    }
    Ok(())
}

fn check_name(name: &str) -> Result<String, ShopError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(ShopError::invalid("name", "the name must have 1 to 200 characters"));
    }
    Ok(name.to_owned())
}

fn check_phone(phone: Option<&str>) -> Result<Option<String>, ShopError> {
    let Some(phone) = phone.map(str::trim).filter(|phone| !phone.is_empty()) else {
        return Ok(None);
    };
    if phone.chars().count() > 40 || !phone.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c)) {
        return Err(ShopError::invalid(
            "phone",
            "invalid phone number: use digits, spaces and + - ( ) .",
        ));
    }
    Ok(Some(phone.to_owned()))
}

/// Creates an account with `role` (`customer`, `staff` or `admin`); the
/// server's staff tooling and the registration route both use it.
pub async fn create_account(
    shop: &Shop,
    email: &str,
    password: &str,
    name: &str,
    phone: Option<&str>,
    role: &str,
) -> Result<AccountRow, ShopError> {
    let email = input::parse_email("email", email)?.to_string();
    check_password("password", password)?;
    let name = check_name(name)?;
    let phone = check_phone(phone)?;
    let password_hash = auth::hash_password(password.to_owned()).await?;
    let lookup = auth::email_lookup(&email);
    let now = clock::now();
    let account = NewAccount {
        email_lookup: &lookup,
        email: &email,
        name: &name,
        phone: phone.as_deref(),
        password_hash: &password_hash,
        role,
        now: &now,
    };
    let id = shop_accounts::insert_account(&shop.db, &account)
        .await?
        .ok_or_else(|| ShopError::conflict("email_taken", "an account with this email exists: log in instead"))?;
    tracing::info!(customer_id = id, role, "account created");
    Ok(AccountRow {
        id,
        email,
        name,
        phone,
        password_hash,
        role: role.to_owned(),
    })
}

#[utoipa::path(post, path = "/api/accounts", tag = "accounts", request_body = RegisterBody,
    responses((status = 201, body = AccountView), (status = 409, description = "The email is registered", body = ErrorBody), (status = 422, description = "A field is invalid", body = ErrorBody)))]
async fn register(
    State(shop): State<Arc<Shop>>,
    ShopJson(body): ShopJson<RegisterBody>,
) -> Result<Response, ShopError> {
    let account = create_account(
        &shop,
        &body.email,
        &body.password,
        &body.name,
        body.phone.as_deref(),
        "customer",
    )
    .await?;
    Ok((StatusCode::CREATED, Json(AccountView::from(&account))).into_response())
}

#[utoipa::path(post, path = "/api/sessions", tag = "accounts", request_body = LogInBody,
    responses((status = 200, body = SessionView), (status = 401, body = ErrorBody), (status = 429, description = "Too many failed log-ins", body = ErrorBody), (status = 422, description = "A field is invalid", body = ErrorBody)))]
async fn log_in(
    State(shop): State<Arc<Shop>>,
    ClientAddress(address): ClientAddress,
    ShopJson(body): ShopJson<LogInBody>,
) -> Result<Response, ShopError> {
    let lookup = auth::email_lookup(&body.email);
    let since = clock::from_now(-THROTTLE_WINDOW_SECONDS);
    let (account_failures, address_failures) =
        shop_accounts::count_login_failures(&shop.db, &lookup, &address, &since).await?;
    if account_failures >= MAX_FAILURES_PER_ACCOUNT || address_failures >= MAX_FAILURES_PER_ADDRESS {
        tracing::warn!(account_failures, address_failures, "log-in throttled");
        return Err(ShopError::TooManyRequests(
            "too many failed log-ins: wait 15 minutes or reset the password".to_owned(),
        ));
    }
    let account = shop_accounts::find_by_email_lookup(&shop.db, &lookup).await?;
    let verified = match &account {
        Some(account) => auth::verify_password(body.password.clone(), account.password_hash.clone()).await,
        None => {
            // Hash anyway so an unknown email takes as long as a wrong password.
            let _ = auth::hash_password(body.password.clone()).await;
            false
        }
    };
    let Some(account) = account.filter(|_| verified) else {
        shop_accounts::record_login_failure(&shop.db, &lookup, &address, &clock::now()).await?;
        return Err(ShopError::Unauthorized("the email or the password is wrong".to_owned()));
    };
    let token = auth::new_token()?;
    let expires_at = clock::from_now(SESSION_SECONDS);
    shop_accounts::insert_session(
        &shop.db,
        account.id,
        &auth::sha256_hex(&token),
        &clock::now(),
        &expires_at,
    )
    .await?;
    tracing::info!(customer_id = account.id, "signed in");
    let cookie = format!("{SESSION_COOKIE}={token}; Path=/; Max-Age={SESSION_SECONDS}; HttpOnly; Secure; SameSite=Lax");
    let mut headers = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        headers.insert(header::SET_COOKIE, value);
    }
    let view = SessionView {
        token,
        expires_at,
        account: AccountView::from(&account),
    };
    Ok((headers, Json(view)).into_response())
}

#[utoipa::path(delete, path = "/api/sessions/current", tag = "accounts", security(("session" = [])),
    responses((status = 204, description = "Signed out"), (status = 401, body = ErrorBody)))]
async fn log_out(State(shop): State<Arc<Shop>>, signed_in: SignedIn) -> Result<StatusCode, ShopError> {
    shop_accounts::end_session(&shop.db, signed_in.session_id, "log_out", &clock::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn load_account(shop: &Shop, customer_id: i64) -> Result<AccountRow, ShopError> {
    shop_accounts::find_account(&shop.db, customer_id)
        .await?
        .ok_or_else(|| ShopError::NotFound("the account is not found".to_owned()))
}

#[utoipa::path(get, path = "/api/account", tag = "accounts", security(("session" = [])),
    responses((status = 200, body = AccountView), (status = 401, body = ErrorBody)))]
async fn profile(State(shop): State<Arc<Shop>>, signed_in: SignedIn) -> Result<Json<AccountView>, ShopError> {
    let account = load_account(&shop, signed_in.customer_id).await?;
    Ok(Json(AccountView::from(&account)))
}

#[utoipa::path(patch, path = "/api/account", tag = "accounts", security(("session" = [])), request_body = ProfileBody,
    responses((status = 200, body = AccountView), (status = 401, body = ErrorBody), (status = 422, description = "A field is invalid", body = ErrorBody)))]
async fn edit_profile(
    State(shop): State<Arc<Shop>>,
    signed_in: SignedIn,
    ShopJson(body): ShopJson<ProfileBody>,
) -> Result<Json<AccountView>, ShopError> {
    let account = load_account(&shop, signed_in.customer_id).await?;
    let name = match &body.name {
        Some(name) => check_name(name)?,
        None => account.name.clone(),
    };
    let phone = match &body.phone {
        Some(phone) => check_phone(Some(phone))?,
        None => account.phone.clone(),
    };
    shop_accounts::update_profile(&shop.db, account.id, &name, phone.as_deref(), &clock::now()).await?;
    let account = load_account(&shop, signed_in.customer_id).await?;
    Ok(Json(AccountView::from(&account)))
}

#[utoipa::path(post, path = "/api/account/password", tag = "accounts", security(("session" = [])), request_body = PasswordBody,
    responses((status = 204, description = "Changed; other sessions ended"), (status = 401, body = ErrorBody), (status = 422, description = "A field is invalid", body = ErrorBody)))]
async fn change_password(
    State(shop): State<Arc<Shop>>,
    signed_in: SignedIn,
    ShopJson(body): ShopJson<PasswordBody>,
) -> Result<StatusCode, ShopError> {
    check_password("new_password", &body.new_password)?;
    let account = load_account(&shop, signed_in.customer_id).await?;
    if !auth::verify_password(body.current_password, account.password_hash).await {
        return Err(ShopError::invalid("current_password", "the current password is wrong"));
    }
    let hash = auth::hash_password(body.new_password).await?;
    shop_accounts::change_password(
        &shop.db,
        account.id,
        &hash,
        Some(signed_in.session_id),
        "password_changed",
        &clock::now(),
    )
    .await?;
    tracing::info!(customer_id = account.id, "password changed; other sessions ended");
    Ok(StatusCode::NO_CONTENT)
}

/// Sends a reset link when the account exists. The response is the same
/// either way, so it does not reveal who has an account.
#[utoipa::path(post, path = "/api/password-resets", tag = "accounts", request_body = ResetRequestBody,
    responses((status = 202, description = "A reset link is mailed if the account exists"), (status = 422, description = "A field is invalid", body = ErrorBody)))]
async fn request_reset(
    State(shop): State<Arc<Shop>>,
    ShopJson(body): ShopJson<ResetRequestBody>,
) -> Result<StatusCode, ShopError> {
    let email = input::parse_email("email", &body.email)?.to_string();
    if let Some(account) = shop_accounts::find_by_email_lookup(&shop.db, &auth::email_lookup(&email)).await? {
        let token = auth::new_token()?;
        // NOTE: the queued mail's body holds the raw token, because the link
        // must carry it; the reset table keeps only its hash. The token
        // stops working after RESET_TOKEN_SECONDS or its first use.
        let mail = match shop.mail.password_reset(&account, &token, RESET_TOKEN_MINUTES) {
            Ok(mail) => Some(mail),
            Err(error) => {
                tracing::error!(customer_id = account.id, %error, "the password reset mail cannot be made; no mail is queued");
                None
            }
        };
        let mail_queued = mail.is_some();
        shop_accounts::insert_password_reset(
            &shop.db,
            account.id,
            &auth::sha256_hex(&token),
            &clock::now(),
            &clock::from_now(RESET_TOKEN_SECONDS),
            mail,
        )
        .await?;
        tracing::info!(customer_id = account.id, mail_queued, "password reset requested");
    }
    Ok(StatusCode::ACCEPTED)
}

#[utoipa::path(post, path = "/api/password-resets/confirm", tag = "accounts", request_body = ResetConfirmBody,
    responses((status = 204, description = "Password set; every session ended"), (status = 422, description = "A field is invalid", body = ErrorBody)))]
async fn confirm_reset(
    State(shop): State<Arc<Shop>>,
    ShopJson(body): ShopJson<ResetConfirmBody>,
) -> Result<StatusCode, ShopError> {
    check_password("new_password", &body.new_password)?;
    let hash = auth::hash_password(body.new_password).await?;
    let customer_id =
        shop_accounts::use_password_reset(&shop.db, &auth::sha256_hex(body.token.trim()), &hash, &clock::now())
            .await?
            .ok_or_else(|| {
                ShopError::invalid(
                    "token",
                    "the reset token is invalid, used or expired: request a new one",
                )
            })?;
    tracing::info!(customer_id, "password reset; every session ended");
    Ok(StatusCode::NO_CONTENT)
}
