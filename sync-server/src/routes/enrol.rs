//! `POST /v1/enrol`: trades a one-time code for a device credential.

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use giggatek_protocol::{ENROL_PATH, EnrolRequest, EnrolResponse};

use crate::db::terminals::{self, CheckError};
use crate::error::ApiError;
use crate::state::AppState;

pub(super) fn router() -> Router<AppState> {
    Router::new().route(ENROL_PATH, post(enrol))
}

async fn enrol(
    State(state): State<AppState>,
    Json(request): Json<EnrolRequest>,
) -> Result<Json<EnrolResponse>, ApiError> {
    if request.code.len() > 64 {
        return Err(ApiError::invalid("code", "the enrolment code is too long"));
    }
    match terminals::enrol(&state.db, &request.code).await {
        Ok(enrolment) => Ok(Json(EnrolResponse {
            terminal_id: enrolment.terminal.id,
            store_code: enrolment.terminal.store_code,
            terminal_code: enrolment.terminal.terminal_code,
            token: enrolment.token,
        })),
        Err(CheckError::Database(error)) => Err(error.into()),
        Err(CheckError::Credential(error)) => {
            tracing::warn!(error = %error, "enrolment rejected");
            Err(ApiError::Unauthorized(error.to_string()))
        }
    }
}
