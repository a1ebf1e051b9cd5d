//! Passwords, session tokens and the extractors that authenticate a
//! request.
//!
//! Passwords are hashed with Argon2id at OWASP's minimum parameters (19 MiB
//! of memory, 2 passes, 1 lane). Sessions are opaque random tokens of 256
//! bits; only their SHA-256 is stored, so a copy of the database does not
//! let anyone sign in. A token comes in `Authorization: Bearer TOKEN` or in
//! the `giggatek_session` cookie.

use std::sync::Arc;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use axum::extract::{FromRef, FromRequestParts};
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use sha2::{Digest, Sha256};

use crate::db::shop_accounts;
use crate::shop::error::ShopError;
use crate::shop::{Shop, clock};

/// The cookie that carries a session token for browsers.
pub const SESSION_COOKIE: &str = "giggatek_session";
/// How long a session lasts after log-in, in seconds.
pub const SESSION_SECONDS: i64 = 30 * 24 * 60 * 60;

fn argon2() -> Argon2<'static> {
    // 19 MiB, t = 2, p = 1 are valid parameters, so this cannot fail.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password into a PHC string; runs on a blocking thread because
/// one hash takes tens of milliseconds.
pub async fn hash_password(password: String) -> Result<String, ShopError> {
    tokio::task::spawn_blocking(move || {
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).map_err(|error| anyhow::anyhow!("no randomness for a salt: {error}"))?;
        let salt = SaltString::encode_b64(&salt).map_err(|error| anyhow::anyhow!("salt encoding failed: {error}"))?;
        let hash = argon2()
            .hash_password(password.as_bytes(), &salt)
            .map_err(|error| anyhow::anyhow!("password hashing failed: {error}"))?;
        Ok(hash.to_string())
    })
    .await
    .map_err(|error| ShopError::Internal(anyhow::anyhow!("the hashing task failed: {error}")))?
}

/// Checks a password against a stored PHC string on a blocking thread.
pub async fn verify_password(password: String, stored: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored)
            .map(|parsed| argon2().verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// Generates a random token: 32 bytes as 64 lowercase hex digits.
pub fn new_token() -> Result<String, ShopError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|error| anyhow::anyhow!("no randomness for a token: {error}"))?;
    Ok(hex::encode(bytes))
}

/// Computes the SHA-256 of a token or lookup key, as lowercase hex.
pub fn sha256_hex(value: &str) -> String {
    hex::encode(Sha256::digest(value.as_bytes()))
}

/// Computes the key that finds an email and keeps it unique: the SHA-256 of
/// its trimmed, lowercased form.
pub fn email_lookup(email: &str) -> String {
    sha256_hex(&email.trim().to_lowercase())
}

/// Reads the token a request carries, from the Authorization header or the cookie.
fn request_token(parts: &Parts) -> Option<String> {
    let bearer = parts
        .headers
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(|token| token.trim().to_owned());
    bearer.or_else(|| {
        parts
            .headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == SESSION_COOKIE)
            .map(|(_, token)| token.to_owned())
    })
}

/// A signed-in account: the extractor rejects the request with 401 without
/// a live session.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub session_id: i64,
    pub customer_id: i64,
    pub role: String,
}

impl SignedIn {
    pub fn is_staff(&self) -> bool {
        self.role == "staff" || self.role == "admin"
    }
}

impl<S> FromRequestParts<S> for SignedIn
where
    S: Send + Sync,
    Arc<Shop>: FromRef<S>,
{
    type Rejection = ShopError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let shop = Arc::<Shop>::from_ref(state);
        let token = request_token(parts)
            .ok_or_else(|| ShopError::Unauthorized("sign in first: no session token was sent".to_owned()))?;
        let owner = shop_accounts::find_live_session(&shop.db, &sha256_hex(&token), &clock::now())
            .await?
            .ok_or_else(|| ShopError::Unauthorized("the session is invalid or has ended: sign in again".to_owned()))?;
        let account = shop_accounts::find_account(&shop.db, owner.customer_id)
            .await?
            .ok_or_else(|| ShopError::Unauthorized("the session's account no longer exists".to_owned()))?;
        Ok(SignedIn {
            session_id: owner.session_id,
            customer_id: owner.customer_id,
            role: account.role,
        })
    }
}

/// A signed-in account that may be missing: guests may use carts.
#[derive(Debug, Clone)]
pub struct MaybeSignedIn(pub Option<SignedIn>);

impl<S> FromRequestParts<S> for MaybeSignedIn
where
    S: Send + Sync,
    Arc<Shop>: FromRef<S>,
{
    type Rejection = ShopError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if request_token(parts).is_none() {
            return Ok(MaybeSignedIn(None));
        }
        SignedIn::from_request_parts(parts, state)
            .await
            .map(|signed_in| MaybeSignedIn(Some(signed_in)))
    }
}

/// A signed-in staff or admin account; others get 403.
#[derive(Debug, Clone)]
pub struct Staff(pub SignedIn);

impl<S> FromRequestParts<S> for Staff
where
    S: Send + Sync,
    Arc<Shop>: FromRef<S>,
{
    type Rejection = ShopError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let signed_in = SignedIn::from_request_parts(parts, state).await?;
        if !signed_in.is_staff() {
            return Err(ShopError::Forbidden("this needs a staff account".to_owned()));
        }
        Ok(Staff(signed_in))
    }
}

/// The client's IP address as the socket saw it, or `unknown` when the
/// server runs without connection info (as in router-only tests).
#[derive(Debug, Clone)]
pub struct ClientAddress(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let address = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map_or_else(|| "unknown".to_owned(), |info| info.0.ip().to_string());
        Ok(ClientAddress(address))
    }
}
