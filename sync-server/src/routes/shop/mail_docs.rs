//! The OpenAPI description of the mail routes that `routes::mail` mounts.
//! Their handlers live in `giggatek_mail::http`; the functions here only
//! carry the annotations, and the schemas restate the crate's JSON. The
//! shop's OpenAPI test compares the documented job fields with a real
//! response, so the two cannot drift apart unnoticed.

#![allow(dead_code, reason = "documentation only: the mail crate's routers serve these paths")]

use serde::Serialize;

use crate::shop::error::ErrorBody;

/// The delivery status of a mail job.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MailJobStatus {
    Queued,
    Sending,
    Deferred,
    Sent,
    Failed,
    Cancelled,
}

/// A mail job as the staff's list shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MailJob {
    pub id: i64,
    /// The template's name, such as `order_confirmation`.
    pub template: String,
    /// `transactional` or `marketing`.
    pub category: String,
    pub status: MailJobStatus,
    pub to_email: String,
    pub subject: String,
    /// The random part of the Message-ID.
    pub message_key: String,
    pub attempts: i64,
    pub max_attempts: i64,
    pub next_attempt_at: String,
    /// The SMTP server's reply code to the last attempt.
    pub smtp_code: Option<i64>,
    /// The SMTP server's reply to the last attempt, such as `250 2.0.0 Ok`.
    pub smtp_reply: Option<String>,
    pub last_error: Option<String>,
    pub created_at: String,
    pub sent_at: Option<String>,
    pub bounced_at: Option<String>,
    pub opened_at: Option<String>,
    /// The sent job this one copies, for a resent mail.
    pub resent_from_job_id: Option<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MailJobList {
    /// Newest first.
    pub jobs: Vec<MailJob>,
}

/// The number of jobs in each status.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MailJobCounts {
    pub queued: i64,
    pub sending: i64,
    pub deferred: i64,
    pub sent: i64,
    pub failed: i64,
    pub cancelled: i64,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MailResend {
    /// The job that will be sent: the same job, or a new copy of a sent one.
    pub job_id: i64,
}

/// The mail routes' error body.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MailErrorBody {
    pub error: String,
}

#[utoipa::path(get, path = "/api/admin/mail/jobs", tag = "mail", security(("session" = [])),
    params(
        ("status" = Option<MailJobStatus>, Query, description = "Only jobs in this status"),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 500, description = "At most this many jobs; 100 when absent"),
    ),
    responses((status = 200, body = MailJobList), (status = 400, description = "The status is invalid", body = MailErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
fn list_jobs() {}

#[utoipa::path(get, path = "/api/admin/mail/jobs/counts", tag = "mail", security(("session" = [])),
    responses((status = 200, body = MailJobCounts), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
fn count_jobs() {}

#[utoipa::path(get, path = "/api/admin/mail/jobs/{id}", tag = "mail", security(("session" = [])),
    params(("id" = i64, Path, minimum = 1)),
    responses((status = 200, body = MailJob), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = MailErrorBody)))]
fn show_job() {}

/// Queues a job again: a failed, deferred or cancelled job keeps its id, and
/// a sent job is copied into a new job with a new Message-ID.
#[utoipa::path(post, path = "/api/admin/mail/jobs/{id}/resend", tag = "mail", security(("session" = [])),
    params(("id" = i64, Path, minimum = 1)),
    responses((status = 202, body = MailResend), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = MailErrorBody), (status = 409, description = "The job is queued or being sent", body = MailErrorBody)))]
fn resend_job() {}

/// The page behind a marketing mail's unsubscribe link; it changes nothing.
#[utoipa::path(get, path = "/mail/unsubscribe/{token}", tag = "mail", params(("token" = String, Path)),
    responses((status = 200, description = "A page with an Unsubscribe button", content_type = "text/html", body = String)))]
fn unsubscribe_page() {}

/// One-click unsubscribe (RFC 8058): mail clients post
/// `List-Unsubscribe=One-Click` here. An unknown token gets the same page.
#[utoipa::path(post, path = "/mail/unsubscribe/{token}", tag = "mail", params(("token" = String, Path)),
    responses((status = 200, description = "Unsubscribed", content_type = "text/html", body = String),
        (status = 500, description = "The consent could not be withdrawn; retry", content_type = "text/plain", body = String)))]
fn unsubscribe() {}

/// The open-tracking image of a marketing mail, `{message_key}.gif`.
#[utoipa::path(get, path = "/mail/open/{file}", tag = "mail", params(("file" = String, Path)),
    responses((status = 200, description = "A 1x1 GIF", content_type = "image/gif", body = Vec<u8>),
        (status = 404, description = "The name does not end in .gif")))]
fn record_open() {}
