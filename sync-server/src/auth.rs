//! The device-token check every terminal route goes through.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use crate::db::terminals::{self, CheckError, Terminal};
use crate::error::ApiError;
use crate::state::AppState;

/// The terminal whose `Authorization: Bearer TOKEN` came with the request.
pub struct AuthenticatedTerminal(pub Terminal);

impl FromRequestParts<AppState> for AuthenticatedTerminal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let header = parts.headers.get(AUTHORIZATION).ok_or_else(|| {
            ApiError::Unauthorized("the Authorization header is missing: enrol this terminal".to_owned())
        })?;
        let token = header
            .to_str()
            .ok()
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|token| !token.is_empty())
            .ok_or_else(|| ApiError::Unauthorized("the Authorization header must be `Bearer TOKEN`".to_owned()))?;
        match terminals::authenticate(&state.db, token).await {
            Ok(terminal) => {
                tracing::Span::current().record("terminal_id", terminal.id);
                Ok(AuthenticatedTerminal(terminal))
            }
            Err(CheckError::Database(error)) => Err(error.into()),
            Err(CheckError::Credential(error)) => {
                tracing::warn!(error = %error, "device token not accepted");
                Err(ApiError::Unauthorized(error.to_string()))
            }
        }
    }
}
