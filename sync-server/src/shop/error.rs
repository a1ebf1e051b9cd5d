//! The shop API's errors: one JSON body with a stable code, mapped to an
//! HTTP status in one place.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// What a shop handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ShopError {
    /// The JSON body is not valid JSON (400).
    #[error("{0}")]
    BadRequest(String),
    /// A field is missing or invalid (422); `field` is its path.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    /// The request conflicts with the current state; `code` names the conflict.
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    #[error("{0}")]
    TooManyRequests(String),
    /// Payments are not configured or Stripe did not respond (503).
    #[error("{0}")]
    PaymentsUnavailable(String),
    /// Stripe rejected the request (402).
    #[error("{0}")]
    PaymentRejected(String),
    /// The database did not answer; the client should retry later.
    #[error("the database is unavailable")]
    Unavailable(#[source] sqlx::Error),
    /// Anything unexpected: logged in full, sent as an opaque 500.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// The JSON body of every error response.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// A stable, machine-readable code such as `invalid` or `out_of_stock`.
    pub error: String,
    /// The path of the invalid field, for `invalid`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub message: String,
}

impl ShopError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> ShopError {
        ShopError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> ShopError {
        ShopError::Conflict {
            code,
            message: message.into(),
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            ShopError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ShopError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ShopError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ShopError::Forbidden(_) => StatusCode::FORBIDDEN,
            ShopError::NotFound(_) => StatusCode::NOT_FOUND,
            ShopError::Conflict { .. } => StatusCode::CONFLICT,
            ShopError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            ShopError::PaymentsUnavailable(_) | ShopError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ShopError::PaymentRejected(_) => StatusCode::PAYMENT_REQUIRED,
            ShopError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            ShopError::BadRequest(_) => "bad_request",
            ShopError::Invalid { .. } => "invalid",
            ShopError::Unauthorized(_) => "unauthorized",
            ShopError::Forbidden(_) => "forbidden",
            ShopError::NotFound(_) => "not_found",
            ShopError::Conflict { code, .. } => code,
            ShopError::TooManyRequests(_) => "too_many_requests",
            ShopError::PaymentsUnavailable(_) => "payments_unavailable",
            ShopError::PaymentRejected(_) => "payment_rejected",
            ShopError::Unavailable(_) => "unavailable",
            ShopError::Internal(_) => "internal",
        }
    }
}

impl From<giggatek_mail::MailError> for ShopError {
    fn from(error: giggatek_mail::MailError) -> ShopError {
        match error {
            giggatek_mail::MailError::Database(error) => error.into(),
            other => ShopError::Internal(other.into()),
        }
    }
}

impl From<sqlx::Error> for ShopError {
    fn from(error: sqlx::Error) -> ShopError {
        match error {
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => ShopError::Unavailable(error),
            other => ShopError::Internal(other.into()),
        }
    }
}

impl IntoResponse for ShopError {
    fn into_response(self) -> Response {
        let status = self.status();
        let (field, message) = match &self {
            ShopError::Invalid { field, message } => (Some(field.clone()), message.clone()),
            ShopError::Internal(error) => {
                tracing::error!(error = format!("{error:#}"), "shop request failed");
                (None, "an internal error occurred: retry later".to_owned())
            }
            ShopError::Unavailable(error) => {
                tracing::warn!(error = %error, "the database is unavailable");
                (None, self.to_string())
            }
            other => (None, other.to_string()),
        };
        let body = ErrorBody {
            error: self.code().to_owned(),
            field,
            message,
        };
        (status, Json(body)).into_response()
    }
}
