//! The outbox over a connection pool: claiming, recording outcomes, and the
//! admin's list and resend.

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use sqlx::{Pool, Postgres, Sqlite};

use super::repository::{MailRepository, OutcomeUpdate};
use super::types::{ClaimedJob, JobId, JobStatus, JobSummary, Outcome};
use crate::MailError;
use crate::time::format_instant;

/// The outbox on one database.
#[derive(Debug)]
pub struct MailStore<DB: MailRepository> {
    pool: Pool<DB>,
}

impl<DB: MailRepository> Clone for MailStore<DB> {
    fn clone(&self) -> Self {
        MailStore {
            pool: self.pool.clone(),
        }
    }
}

pub type SqliteMailStore = MailStore<Sqlite>;
pub type PostgresMailStore = MailStore<Postgres>;

impl<DB: MailRepository> MailStore<DB> {
    pub fn new(pool: Pool<DB>) -> MailStore<DB> {
        MailStore { pool }
    }

    pub fn pool(&self) -> &Pool<DB> {
        &self.pool
    }

    /// Claims up to `limit` due jobs, and jobs whose worker's lease ran out,
    /// for `lease`. Each claim has its own random token, so only this
    /// worker can record the outcome.
    ///
    /// # Errors
    ///
    /// Returns [`MailError::Database`] when a query fails.
    pub async fn claim(&self, now: Timestamp, lease: Duration, limit: i64) -> Result<Vec<ClaimedJob>, MailError> {
        let lease_token = uuid::Uuid::new_v4().simple().to_string();
        let locked_until = format_instant(later(now, lease));
        let mut tx = self.pool.begin_with(DB::BEGIN_CLAIM).await?;
        let mut jobs = DB::claim(&mut *tx, &lease_token, &locked_until, &format_instant(now), limit).await?;
        for job in &mut jobs {
            job.attachments = DB::attachments(&mut *tx, job.id).await?;
        }
        tx.commit().await?;
        Ok(jobs)
    }

    /// Stores the outcome of an attempt and adds it to the job's history.
    /// Returns false, and stores nothing, when the lease ran out and the job
    /// was claimed again.
    ///
    /// # Errors
    ///
    /// Returns [`MailError::Database`] when a query fails.
    pub async fn record(&self, job: &ClaimedJob, outcome: &Outcome, now: Timestamp) -> Result<bool, MailError> {
        let now_text = format_instant(now);
        let next_text;
        let counted_attempts = i64::from(job.attempts) + 1;
        let update = match outcome {
            Outcome::Sent { code, reply } => OutcomeUpdate {
                status: JobStatus::Sent,
                attempts: counted_attempts,
                next_attempt_at: &now_text,
                smtp_code: Some(i64::from(*code)),
                smtp_reply: Some(reply),
                last_error: None,
                sent_at: Some(&now_text),
                bounced_at: None,
                now: &now_text,
            },
            Outcome::Deferred {
                retry_at,
                code,
                reply,
                counted,
            } => {
                next_text = format_instant(*retry_at);
                OutcomeUpdate {
                    status: JobStatus::Deferred,
                    attempts: if *counted {
                        counted_attempts
                    } else {
                        i64::from(job.attempts)
                    },
                    next_attempt_at: &next_text,
                    smtp_code: code.map(i64::from),
                    smtp_reply: code.map(|_| reply.as_str()),
                    last_error: Some(reply),
                    sent_at: None,
                    bounced_at: None,
                    now: &now_text,
                }
            }
            Outcome::Failed { code, reply, bounced } => OutcomeUpdate {
                status: JobStatus::Failed,
                attempts: counted_attempts,
                next_attempt_at: &now_text,
                smtp_code: code.map(i64::from),
                smtp_reply: code.map(|_| reply.as_str()),
                last_error: Some(reply),
                sent_at: None,
                bounced_at: bounced.then_some(now_text.as_str()),
                now: &now_text,
            },
            Outcome::Cancelled { reason } => {
                OutcomeUpdate::status_change(JobStatus::Cancelled, i64::from(job.attempts), Some(reason), &now_text)
            }
        };
        let mut tx = self.pool.begin().await?;
        let stored = DB::record_outcome(&mut *tx, job.id, &job.lease_token, &update).await?;
        if stored {
            DB::insert_event(&mut *tx, job.id, &update).await?;
        }
        tx.commit().await?;
        Ok(stored)
    }

    /// Lists jobs, newest first, optionally of one status.
    ///
    /// # Errors
    ///
    /// Returns [`MailError::Database`] when a query fails.
    pub async fn list_jobs(&self, status: Option<JobStatus>, limit: i64) -> Result<Vec<JobSummary>, MailError> {
        let mut conn = self.pool.acquire().await?;
        DB::list_jobs(&mut *conn, status, limit).await
    }

    /// # Errors
    ///
    /// Returns [`MailError::Database`] when a query fails.
    pub async fn job(&self, id: JobId) -> Result<Option<JobSummary>, MailError> {
        let mut conn = self.pool.acquire().await?;
        DB::job_summary(&mut *conn, id).await
    }

    /// Counts the jobs in each status.
    ///
    /// # Errors
    ///
    /// Returns [`MailError::Database`] when a query fails.
    pub async fn count_by_status(&self) -> Result<Vec<(JobStatus, i64)>, MailError> {
        let mut conn = self.pool.acquire().await?;
        DB::count_by_status(&mut *conn).await
    }

    /// Queues a job to be sent again and returns the id that will be sent.
    /// A failed, deferred or cancelled job is queued again with fresh
    /// attempts and keeps its id. A sent job is copied into a new job with a
    /// new Message-ID, because receivers drop a message whose Message-ID
    /// they already have.
    ///
    /// # Errors
    ///
    /// Returns [`MailError::JobNotFound`], [`MailError::NotResendable`] for a
    /// job that is queued or sending, and [`MailError::Database`].
    pub async fn resend(&self, id: JobId, now: Timestamp) -> Result<JobId, MailError> {
        let now_text = format_instant(now);
        let mut tx = self.pool.begin().await?;
        let job = DB::job_summary(&mut *tx, id)
            .await?
            .ok_or(MailError::JobNotFound(id.0))?;
        let resent = match job.status {
            JobStatus::Sent => {
                let key = uuid::Uuid::new_v4().simple().to_string();
                DB::copy_job(&mut *tx, id, &key, &now_text)
                    .await?
                    .ok_or(MailError::JobNotFound(id.0))?
            }
            JobStatus::Failed | JobStatus::Deferred | JobStatus::Cancelled => {
                if !DB::requeue(&mut *tx, id, &now_text).await? {
                    return Err(MailError::NotResendable {
                        id: id.0,
                        status: job.status.to_string(),
                    });
                }
                id
            }
            JobStatus::Queued | JobStatus::Sending => {
                return Err(MailError::NotResendable {
                    id: id.0,
                    status: job.status.to_string(),
                });
            }
        };
        let event = OutcomeUpdate::status_change(JobStatus::Queued, 0, Some("resend requested"), &now_text);
        DB::insert_event(&mut *tx, resent, &event).await?;
        tx.commit().await?;
        tracing::info!(job_id = %id, resent_job_id = %resent, "mail job resend queued");
        Ok(resent)
    }

    /// Records the first opening of a message; returns its job, or `None`
    /// for an unknown key or a message opened before.
    ///
    /// # Errors
    ///
    /// Returns [`MailError::Database`] when a query fails.
    pub async fn record_open(&self, message_key: &str, now: Timestamp) -> Result<Option<JobId>, MailError> {
        let mut conn = self.pool.acquire().await?;
        DB::record_open(&mut *conn, message_key, &format_instant(now)).await
    }

    /// Checks whether the consent behind an unsubscribe token is still active.
    ///
    /// # Errors
    ///
    /// Returns [`MailError::Database`] when a query fails.
    pub async fn consent_active(&self, unsubscribe_token: &str) -> Result<bool, MailError> {
        let mut conn = self.pool.acquire().await?;
        Ok(DB::active_consent_by_token(&mut *conn, unsubscribe_token)
            .await?
            .is_some())
    }

    /// Withdraws the consent behind an unsubscribe link; returns the
    /// customer id, or `None` when the token is unknown or already used.
    ///
    /// # Errors
    ///
    /// Returns [`MailError::Database`] when a query fails.
    pub async fn unsubscribe(&self, token: &str, source: &str, now: Timestamp) -> Result<Option<i64>, MailError> {
        let mut conn = self.pool.acquire().await?;
        let customer = DB::withdraw_consent(&mut *conn, Some(token), 0, source, &format_instant(now)).await?;
        if let Some(customer_id) = customer {
            tracing::info!(customer_id, source, "marketing consent withdrawn");
        }
        Ok(customer)
    }

    /// Cancels the unsent job of an event, such as the reminder of an
    /// installment that is already paid. Returns its id, or `None` when
    /// there is no such job or it was already sent or claimed.
    ///
    /// # Errors
    ///
    /// Returns [`MailError::Database`] when a query fails.
    pub async fn cancel(
        &self,
        idempotency_key: &str,
        reason: &str,
        now: Timestamp,
    ) -> Result<Option<JobId>, MailError> {
        let now_text = format_instant(now);
        let mut tx = self.pool.begin().await?;
        let cancelled = DB::cancel_by_idempotency_key(&mut *tx, idempotency_key, reason, &now_text).await?;
        if let Some((id, attempts)) = cancelled {
            let event = OutcomeUpdate::status_change(JobStatus::Cancelled, attempts, Some(reason), &now_text);
            DB::insert_event(&mut *tx, id, &event).await?;
        }
        tx.commit().await?;
        Ok(cancelled.map(|(id, _)| id))
    }
}

/// `now + duration`, saturating at the largest instant.
pub(crate) fn later(now: Timestamp, duration: Duration) -> Timestamp {
    SignedDuration::try_from(duration)
        .ok()
        .and_then(|duration| now.checked_add(duration).ok())
        .unwrap_or(Timestamp::MAX)
}
