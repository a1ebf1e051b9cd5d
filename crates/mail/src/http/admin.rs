//! Admin routes: list jobs by status, show one, count by status, resend.
//!
//! The router checks no credentials: the server mounts it behind its admin
//! authentication.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use jiff::Timestamp;
use serde::Deserialize;
use serde_json::json;

use crate::MailError;
use crate::jobs::{JobId, JobStatus, MailRepository, MailStore};

/// The maximum number of jobs one list request returns.
const MAX_LIST_LIMIT: i64 = 500;

/// Routes under `/mail/jobs`:
///
/// - `GET /mail/jobs?status=failed&limit=100`: jobs newest first, as JSON.
/// - `GET /mail/jobs/counts`: the number of jobs in each status.
/// - `GET /mail/jobs/{id}`: one job.
/// - `POST /mail/jobs/{id}/resend`: queue a job again. Returns 202 and the
///   id of the job that will be sent, which is a new one for a sent job.
pub fn admin_router<DB: MailRepository>(store: MailStore<DB>) -> Router {
    Router::new()
        .route("/mail/jobs", get(list_jobs::<DB>))
        .route("/mail/jobs/counts", get(count_jobs::<DB>))
        .route("/mail/jobs/{id}", get(show_job::<DB>))
        .route("/mail/jobs/{id}/resend", post(resend_job::<DB>))
        .with_state(store)
}

#[derive(Debug, Deserialize)]
struct ListQuery {
    status: Option<String>,
    limit: Option<i64>,
}

async fn list_jobs<DB: MailRepository>(
    State(store): State<MailStore<DB>>,
    Query(query): Query<ListQuery>,
) -> Result<Response, AdminError> {
    let status = match query.status.as_deref() {
        None | Some("") => None,
        Some(text) => Some(JobStatus::parse(text).ok_or_else(|| AdminError::InvalidStatus(text.to_string()))?),
    };
    let limit = query.limit.unwrap_or(100).clamp(1, MAX_LIST_LIMIT);
    let jobs = store.list_jobs(status, limit).await?;
    Ok(Json(json!({ "jobs": jobs })).into_response())
}

async fn count_jobs<DB: MailRepository>(State(store): State<MailStore<DB>>) -> Result<Response, AdminError> {
    let mut counts = serde_json::Map::new();
    for status in JobStatus::ALL {
        counts.insert(status.as_str().to_string(), json!(0));
    }
    for (status, count) in store.count_by_status().await? {
        counts.insert(status.as_str().to_string(), json!(count));
    }
    Ok(Json(serde_json::Value::Object(counts)).into_response())
}

async fn show_job<DB: MailRepository>(
    State(store): State<MailStore<DB>>,
    Path(id): Path<i64>,
) -> Result<Response, AdminError> {
    let job = store.job(JobId(id)).await?.ok_or(MailError::JobNotFound(id))?;
    Ok(Json(job).into_response())
}

async fn resend_job<DB: MailRepository>(
    State(store): State<MailStore<DB>>,
    Path(id): Path<i64>,
) -> Result<Response, AdminError> {
    let resent = store.resend(JobId(id), Timestamp::now()).await?;
    Ok((StatusCode::ACCEPTED, Json(json!({ "job_id": resent }))).into_response())
}

/// The admin routes' errors, mapped to HTTP in one place.
#[derive(Debug)]
enum AdminError {
    InvalidStatus(String),
    Mail(MailError),
}

impl From<MailError> for AdminError {
    fn from(error: MailError) -> AdminError {
        AdminError::Mail(error)
    }
}

impl IntoResponse for AdminError {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            AdminError::InvalidStatus(text) => (
                StatusCode::BAD_REQUEST,
                format!("status {text:?} is invalid; use queued, sending, deferred, sent, failed or cancelled"),
            ),
            AdminError::Mail(error @ MailError::JobNotFound(_)) => (StatusCode::NOT_FOUND, error.to_string()),
            AdminError::Mail(error @ MailError::NotResendable { .. }) => (StatusCode::CONFLICT, error.to_string()),
            AdminError::Mail(error) => {
                tracing::error!(%error, "mail admin request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal error".to_string())
            }
        };
        (status, Json(json!({ "error": message }))).into_response()
    }
}
