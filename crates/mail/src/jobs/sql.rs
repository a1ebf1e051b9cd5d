//! SQL shared by SQLite and PostgreSQL. Both accept `$N` parameters, and
//! every instant is fixed-width RFC 3339 text, so comparisons are text
//! comparisons on both.

/// The columns a worker needs to send a claimed job.
macro_rules! claimed_columns {
    () => {
        "id, message_key, category, customer_id, unsubscribe_token, to_name, to_email, subject, body_html, \
         body_text, attempts, max_attempts, lease_token"
    };
}

/// The columns of the admin list.
macro_rules! summary_columns {
    () => {
        "id, template, category, status, to_email, subject, message_key, attempts, max_attempts, \
         next_attempt_at, smtp_code, smtp_reply, last_error, created_at, sent_at, bounced_at, opened_at, \
         resent_from_job_id"
    };
}

/// Jobs that are due, or whose worker's lease ran out.
macro_rules! due_jobs {
    () => {
        "SELECT id FROM mail_jobs \
         WHERE (status IN ('queued', 'deferred') AND next_attempt_at <= $3) \
            OR (status = 'sending' AND locked_until <= $3) \
         ORDER BY next_attempt_at, id LIMIT $4"
    };
}

pub const INSERT_JOB: &str = "INSERT INTO mail_jobs (message_key, idempotency_key, category, template, customer_id, \
     campaign_id, unsubscribe_token, to_name, to_email, subject, body_html, body_text, status, max_attempts, \
     next_attempt_at, created_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'queued', $13, $14, $15, $15) \
     ON CONFLICT (idempotency_key) DO NOTHING RETURNING id";

pub const JOB_BY_IDEMPOTENCY_KEY: &str = "SELECT id FROM mail_jobs WHERE idempotency_key = $1";

pub const INSERT_ATTACHMENT: &str =
    "INSERT INTO mail_attachments (job_id, position, filename, content_type, content) VALUES ($1, $2, $3, $4, $5)";

pub const ATTACHMENTS: &str =
    "SELECT filename, content_type, content FROM mail_attachments WHERE job_id = $1 ORDER BY position";

pub const INSERT_EVENT: &str = "INSERT INTO mail_job_events (job_id, status, attempt, smtp_code, smtp_reply, error, at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7)";

pub const CLAIM_POSTGRES: &str = concat!(
    "UPDATE mail_jobs SET status = 'sending', lease_token = $1, locked_until = $2, updated_at = $3 \
     WHERE id IN (",
    due_jobs!(),
    " FOR UPDATE SKIP LOCKED) RETURNING ",
    claimed_columns!()
);

pub const CLAIM_SQLITE: &str = concat!(
    "UPDATE mail_jobs SET status = 'sending', lease_token = $1, locked_until = $2, updated_at = $3 \
     WHERE id IN (",
    due_jobs!(),
    ") RETURNING ",
    claimed_columns!()
);

/// Stores an attempt's outcome, only while the worker still holds the lease.
pub const RECORD_OUTCOME: &str = "UPDATE mail_jobs SET status = $3, attempts = $4, next_attempt_at = $5, \
     smtp_code = $6, smtp_reply = $7, last_error = $8, sent_at = COALESCE($9, sent_at), \
     bounced_at = COALESCE($10, bounced_at), lease_token = NULL, locked_until = NULL, updated_at = $11 \
     WHERE id = $1 AND lease_token = $2 AND status = 'sending'";

pub const LIST_JOBS: &str = concat!(
    "SELECT ",
    summary_columns!(),
    " FROM mail_jobs WHERE ($1 IS NULL OR status = $1) ORDER BY id DESC LIMIT $2"
);

pub const JOB_SUMMARY: &str = concat!("SELECT ", summary_columns!(), " FROM mail_jobs WHERE id = $1");

pub const COUNT_BY_STATUS: &str = "SELECT status, COUNT(*) FROM mail_jobs GROUP BY status";

/// Queues a failed, deferred or cancelled job again with fresh attempts.
pub const REQUEUE: &str = "UPDATE mail_jobs SET status = 'queued', attempts = 0, next_attempt_at = $2, \
     last_error = NULL, updated_at = $2 WHERE id = $1 AND status IN ('failed', 'deferred', 'cancelled')";

/// Copies a sent job into a new one with a new Message-ID, so receivers do
/// not drop the resend as a duplicate of the first.
pub const COPY_JOB: &str = "INSERT INTO mail_jobs (message_key, category, template, customer_id, campaign_id, \
     unsubscribe_token, resent_from_job_id, to_name, to_email, subject, body_html, body_text, status, max_attempts, \
     next_attempt_at, created_at, updated_at) \
     SELECT $2, category, template, customer_id, campaign_id, unsubscribe_token, id, to_name, to_email, subject, \
     body_html, body_text, 'queued', max_attempts, $3, $3, $3 FROM mail_jobs WHERE id = $1 RETURNING id";

pub const COPY_ATTACHMENTS: &str = "INSERT INTO mail_attachments (job_id, position, filename, content_type, content) \
     SELECT $2, position, filename, content_type, content FROM mail_attachments WHERE job_id = $1";

pub const RECORD_OPEN: &str =
    "UPDATE mail_jobs SET opened_at = $2 WHERE message_key = $1 AND opened_at IS NULL RETURNING id";

/// Cancels a job that has not been sent yet, by the key of its event.
pub const CANCEL_BY_IDEMPOTENCY_KEY: &str = "UPDATE mail_jobs SET status = 'cancelled', last_error = $2, \
     updated_at = $3 WHERE idempotency_key = $1 AND status IN ('queued', 'deferred') RETURNING id, attempts";

pub const ACTIVE_CONSENT_BY_CUSTOMER: &str = "SELECT customer_id, email, display_name, unsubscribe_token \
     FROM marketing_consents WHERE customer_id = $1 AND withdrawn_at IS NULL";

pub const ACTIVE_CONSENT_BY_TOKEN: &str = "SELECT customer_id, email, display_name, unsubscribe_token \
     FROM marketing_consents WHERE unsubscribe_token = $1 AND withdrawn_at IS NULL";

pub const ACTIVE_CONSENTS: &str = "SELECT customer_id, email, display_name, unsubscribe_token \
     FROM marketing_consents WHERE withdrawn_at IS NULL ORDER BY customer_id";

pub const INSERT_CONSENT: &str = "INSERT INTO marketing_consents (customer_id, email, display_name, opted_in_at, \
     opt_in_source, unsubscribe_token) VALUES ($1, $2, $3, $4, $5, $6)";

pub const WITHDRAW_CONSENT: &str = "UPDATE marketing_consents SET withdrawn_at = $2, withdrawal_source = $3 \
     WHERE unsubscribe_token = $1 AND withdrawn_at IS NULL RETURNING customer_id";

pub const WITHDRAW_CONSENT_BY_CUSTOMER: &str = "UPDATE marketing_consents SET withdrawn_at = $2, \
     withdrawal_source = $3 WHERE customer_id = $1 AND withdrawn_at IS NULL RETURNING customer_id";

pub const INSERT_CAMPAIGN: &str = "INSERT INTO mail_campaigns (name, template, rate_per_minute, recipient_count, \
     created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id";
