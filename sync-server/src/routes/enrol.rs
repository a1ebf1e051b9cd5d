//! `POST /v1/enrol`: trades a one-time code for a device credential. Every
//! error, malformed JSON included, has the JSON error body.

use axum::body::Bytes;
use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use giggatek_domain::receipt_number::check_code;
use giggatek_protocol::{ENROL_PATH, EnrolRequest, EnrolResponse};

use crate::db::terminals::{self, CheckError, CredentialError};
use crate::error::ApiError;
use crate::state::AppState;

pub(super) fn router() -> Router<AppState> {
    Router::new().route(ENROL_PATH, post(enrol))
}

async fn enrol(State(state): State<AppState>, body: Bytes) -> Result<Json<EnrolResponse>, ApiError> {
    let request: EnrolRequest = serde_json::from_slice(&body)
        .map_err(|error| ApiError::invalid("body", format!("the enrolment request is invalid JSON: {error}")))?;
    if request.code.len() > 64 {
        return Err(ApiError::invalid("code", "the enrolment code is too long"));
    }
    check_code(&request.store_code).map_err(|error| ApiError::invalid("store_code", error.to_string()))?;
    check_code(&request.terminal_code).map_err(|error| ApiError::invalid("terminal_code", error.to_string()))?;
    match terminals::enrol(&state.db, &request.code, &request.store_code, &request.terminal_code).await {
        Ok(enrolment) => Ok(Json(EnrolResponse {
            terminal_id: enrolment.terminal.id,
            store_code: enrolment.terminal.store_code,
            terminal_code: enrolment.terminal.terminal_code,
            token: enrolment.token,
        })),
        Err(CheckError::Database(error)) => Err(error.into()),
        Err(CheckError::Credential(error @ CredentialError::CodeForOtherTerminal { .. })) => {
            tracing::warn!(error = %error, "enrolment rejected");
            let field = match &error {
                CredentialError::CodeForOtherTerminal { code_store, store, .. } if code_store != store => "store_code",
                _ => "terminal_code",
            };
            Err(ApiError::invalid(field, error.to_string()))
        }
        Err(CheckError::Credential(error)) => {
            tracing::warn!(error = %error, "enrolment rejected");
            Err(ApiError::Unauthorized(error.to_string()))
        }
    }
}
