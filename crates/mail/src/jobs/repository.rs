//! The queries of the mail tables, implemented once for SQLite and once for
//! PostgreSQL over typed sqlx connections.

use std::future::Future;

use sqlx::{Database, Postgres, Sqlite};

use super::sql;
use super::types::{Attachment, ClaimedJob, JobId, JobStatus, JobSummary};
use crate::MailError;
use crate::consent::ConsentRecord;
use crate::templates::MailCategory;

/// A job row to insert.
#[derive(Debug)]
pub struct JobInsert<'a> {
    pub message_key: &'a str,
    pub idempotency_key: Option<&'a str>,
    pub category: MailCategory,
    pub template: &'a str,
    pub customer_id: Option<i64>,
    pub campaign_id: Option<i64>,
    pub unsubscribe_token: Option<&'a str>,
    pub to_name: &'a str,
    pub to_email: &'a str,
    pub subject: &'a str,
    pub html: &'a str,
    pub text: &'a str,
    pub max_attempts: i64,
    pub next_attempt_at: &'a str,
    pub now: &'a str,
}

/// The columns an attempt's outcome sets.
#[derive(Debug)]
pub struct OutcomeUpdate<'a> {
    pub status: JobStatus,
    pub attempts: i64,
    pub next_attempt_at: &'a str,
    pub smtp_code: Option<i64>,
    pub smtp_reply: Option<&'a str>,
    pub last_error: Option<&'a str>,
    pub sent_at: Option<&'a str>,
    pub bounced_at: Option<&'a str>,
    pub now: &'a str,
}

impl<'a> OutcomeUpdate<'a> {
    /// Makes a status change without an SMTP reply, such as a job queued,
    /// queued again or cancelled, with `note` as its error text.
    pub fn status_change(status: JobStatus, attempts: i64, note: Option<&'a str>, now: &'a str) -> OutcomeUpdate<'a> {
        OutcomeUpdate {
            status,
            attempts,
            next_attempt_at: now,
            smtp_code: None,
            smtp_reply: None,
            last_error: note,
            sent_at: None,
            bounced_at: None,
            now,
        }
    }
}

/// A database that contains the mail tables. Each function runs on a
/// connection, so callers choose the transaction.
pub trait MailRepository: Database {
    /// The statement that opens a transaction for claiming jobs.
    const BEGIN_CLAIM: &'static str;

    /// Inserts a job and returns its id, or `None` when a job with the same
    /// idempotency key exists.
    fn insert_job(
        conn: &mut Self::Connection,
        job: &JobInsert<'_>,
    ) -> impl Future<Output = Result<Option<JobId>, MailError>> + Send;
    fn job_id_by_idempotency_key(
        conn: &mut Self::Connection,
        key: &str,
    ) -> impl Future<Output = Result<Option<JobId>, MailError>> + Send;
    fn insert_attachment(
        conn: &mut Self::Connection,
        job_id: JobId,
        position: i64,
        attachment: &Attachment,
    ) -> impl Future<Output = Result<(), MailError>> + Send;
    fn attachments(
        conn: &mut Self::Connection,
        job_id: JobId,
    ) -> impl Future<Output = Result<Vec<Attachment>, MailError>> + Send;
    /// Appends a status change to the job's history.
    fn insert_event(
        conn: &mut Self::Connection,
        job_id: JobId,
        update: &OutcomeUpdate<'_>,
    ) -> impl Future<Output = Result<(), MailError>> + Send;
    /// Marks up to `limit` due jobs as sending under `lease_token` until
    /// `locked_until`, and returns them without their attachments.
    fn claim(
        conn: &mut Self::Connection,
        lease_token: &str,
        locked_until: &str,
        now: &str,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<ClaimedJob>, MailError>> + Send;
    /// Stores an outcome; returns false when the lease was lost meanwhile.
    fn record_outcome(
        conn: &mut Self::Connection,
        job_id: JobId,
        lease_token: &str,
        update: &OutcomeUpdate<'_>,
    ) -> impl Future<Output = Result<bool, MailError>> + Send;
    fn list_jobs(
        conn: &mut Self::Connection,
        status: Option<JobStatus>,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<JobSummary>, MailError>> + Send;
    fn job_summary(
        conn: &mut Self::Connection,
        job_id: JobId,
    ) -> impl Future<Output = Result<Option<JobSummary>, MailError>> + Send;
    fn count_by_status(
        conn: &mut Self::Connection,
    ) -> impl Future<Output = Result<Vec<(JobStatus, i64)>, MailError>> + Send;
    /// Queues a failed, deferred or cancelled job again; false for any other status.
    fn requeue(
        conn: &mut Self::Connection,
        job_id: JobId,
        now: &str,
    ) -> impl Future<Output = Result<bool, MailError>> + Send;
    /// Copies a job and its attachments into a new queued job.
    fn copy_job(
        conn: &mut Self::Connection,
        job_id: JobId,
        message_key: &str,
        now: &str,
    ) -> impl Future<Output = Result<Option<JobId>, MailError>> + Send;
    fn record_open(
        conn: &mut Self::Connection,
        message_key: &str,
        now: &str,
    ) -> impl Future<Output = Result<Option<JobId>, MailError>> + Send;
    /// Cancels the unsent job of an event; returns its id and attempts.
    fn cancel_by_idempotency_key(
        conn: &mut Self::Connection,
        key: &str,
        reason: &str,
        now: &str,
    ) -> impl Future<Output = Result<Option<(JobId, i64)>, MailError>> + Send;
    fn active_consent_by_customer(
        conn: &mut Self::Connection,
        customer_id: i64,
    ) -> impl Future<Output = Result<Option<ConsentRecord>, MailError>> + Send;
    fn active_consent_by_token(
        conn: &mut Self::Connection,
        token: &str,
    ) -> impl Future<Output = Result<Option<ConsentRecord>, MailError>> + Send;
    fn active_consents(
        conn: &mut Self::Connection,
    ) -> impl Future<Output = Result<Vec<ConsentRecord>, MailError>> + Send;
    fn insert_consent(
        conn: &mut Self::Connection,
        consent: &ConsentRecord,
        source: &str,
        now: &str,
    ) -> impl Future<Output = Result<(), MailError>> + Send;
    /// Withdraws the consent with this unsubscribe token, or when `token`
    /// is `None`, the customer's; returns the customer id if one was active.
    fn withdraw_consent(
        conn: &mut Self::Connection,
        token: Option<&str>,
        customer_id: i64,
        source: &str,
        now: &str,
    ) -> impl Future<Output = Result<Option<i64>, MailError>> + Send;
    fn insert_campaign(
        conn: &mut Self::Connection,
        name: &str,
        template: &str,
        rate_per_minute: i64,
        recipient_count: i64,
        now: &str,
    ) -> impl Future<Output = Result<i64, MailError>> + Send;
}

fn corrupt(column: &'static str, value: &str) -> MailError {
    MailError::Corrupt {
        column,
        value: value.to_string(),
    }
}

fn to_u32(column: &'static str, value: i64) -> Result<u32, MailError> {
    u32::try_from(value).map_err(|_| corrupt(column, &value.to_string()))
}

/// Implements [`MailRepository`] for one database. The bodies are the same
/// for both; only the connection type and the claim statement differ.
macro_rules! impl_mail_repository {
    ($database:ty, $connection:ty, $begin_claim:expr, $claim_sql:expr) => {
        impl MailRepository for $database {
            const BEGIN_CLAIM: &'static str = $begin_claim;

            async fn insert_job(conn: &mut $connection, job: &JobInsert<'_>) -> Result<Option<JobId>, MailError> {
                let id: Option<i64> = sqlx::query_scalar(sql::INSERT_JOB)
                    .bind(job.message_key)
                    .bind(job.idempotency_key)
                    .bind(job.category.as_str())
                    .bind(job.template)
                    .bind(job.customer_id)
                    .bind(job.campaign_id)
                    .bind(job.unsubscribe_token)
                    .bind(job.to_name)
                    .bind(job.to_email)
                    .bind(job.subject)
                    .bind(job.html)
                    .bind(job.text)
                    .bind(job.max_attempts)
                    .bind(job.next_attempt_at)
                    .bind(job.now)
                    .fetch_optional(&mut *conn)
                    .await?;
                Ok(id.map(JobId))
            }

            async fn job_id_by_idempotency_key(conn: &mut $connection, key: &str) -> Result<Option<JobId>, MailError> {
                let id: Option<i64> = sqlx::query_scalar(sql::JOB_BY_IDEMPOTENCY_KEY)
                    .bind(key)
                    .fetch_optional(&mut *conn)
                    .await?;
                Ok(id.map(JobId))
            }

            async fn insert_attachment(
                conn: &mut $connection,
                job_id: JobId,
                position: i64,
                attachment: &Attachment,
            ) -> Result<(), MailError> {
                sqlx::query(sql::INSERT_ATTACHMENT)
                    .bind(job_id.0)
                    .bind(position)
                    .bind(&attachment.filename)
                    .bind(&attachment.content_type)
                    .bind(&attachment.content)
                    .execute(&mut *conn)
                    .await?;
                Ok(())
            }

            async fn attachments(conn: &mut $connection, job_id: JobId) -> Result<Vec<Attachment>, MailError> {
                let rows: Vec<(String, String, Vec<u8>)> = sqlx::query_as(sql::ATTACHMENTS)
                    .bind(job_id.0)
                    .fetch_all(&mut *conn)
                    .await?;
                Ok(rows
                    .into_iter()
                    .map(|(filename, content_type, content)| Attachment {
                        filename,
                        content_type,
                        content,
                    })
                    .collect())
            }

            async fn insert_event(
                conn: &mut $connection,
                job_id: JobId,
                update: &OutcomeUpdate<'_>,
            ) -> Result<(), MailError> {
                sqlx::query(sql::INSERT_EVENT)
                    .bind(job_id.0)
                    .bind(update.status.as_str())
                    .bind(update.attempts)
                    .bind(update.smtp_code)
                    .bind(update.smtp_reply)
                    .bind(update.last_error)
                    .bind(update.now)
                    .execute(&mut *conn)
                    .await?;
                Ok(())
            }

            async fn claim(
                conn: &mut $connection,
                lease_token: &str,
                locked_until: &str,
                now: &str,
                limit: i64,
            ) -> Result<Vec<ClaimedJob>, MailError> {
                let rows = sqlx::query($claim_sql)
                    .bind(lease_token)
                    .bind(locked_until)
                    .bind(now)
                    .bind(limit)
                    .fetch_all(&mut *conn)
                    .await?;
                let mut jobs = Vec::with_capacity(rows.len());
                for row in rows {
                    use sqlx::Row;
                    let category: String = row.try_get("category")?;
                    jobs.push(ClaimedJob {
                        id: JobId(row.try_get("id")?),
                        message_key: row.try_get("message_key")?,
                        category: MailCategory::parse(&category).ok_or_else(|| corrupt("category", &category))?,
                        customer_id: row.try_get("customer_id")?,
                        unsubscribe_token: row.try_get("unsubscribe_token")?,
                        to_name: row.try_get("to_name")?,
                        to_email: row.try_get("to_email")?,
                        subject: row.try_get("subject")?,
                        html: row.try_get("body_html")?,
                        text: row.try_get("body_text")?,
                        attempts: to_u32("attempts", row.try_get("attempts")?)?,
                        max_attempts: to_u32("max_attempts", row.try_get("max_attempts")?)?,
                        lease_token: row.try_get("lease_token")?,
                        attachments: Vec::new(),
                    });
                }
                jobs.sort_by_key(|job| job.id);
                Ok(jobs)
            }

            async fn record_outcome(
                conn: &mut $connection,
                job_id: JobId,
                lease_token: &str,
                update: &OutcomeUpdate<'_>,
            ) -> Result<bool, MailError> {
                let result = sqlx::query(sql::RECORD_OUTCOME)
                    .bind(job_id.0)
                    .bind(lease_token)
                    .bind(update.status.as_str())
                    .bind(update.attempts)
                    .bind(update.next_attempt_at)
                    .bind(update.smtp_code)
                    .bind(update.smtp_reply)
                    .bind(update.last_error)
                    .bind(update.sent_at)
                    .bind(update.bounced_at)
                    .bind(update.now)
                    .execute(&mut *conn)
                    .await?;
                Ok(result.rows_affected() == 1)
            }

            async fn list_jobs(
                conn: &mut $connection,
                status: Option<JobStatus>,
                limit: i64,
            ) -> Result<Vec<JobSummary>, MailError> {
                let rows = sqlx::query(sql::LIST_JOBS)
                    .bind(status.map(JobStatus::as_str))
                    .bind(limit)
                    .fetch_all(&mut *conn)
                    .await?;
                rows.iter().map(summary_from_row).collect()
            }

            async fn job_summary(conn: &mut $connection, job_id: JobId) -> Result<Option<JobSummary>, MailError> {
                let row = sqlx::query(sql::JOB_SUMMARY)
                    .bind(job_id.0)
                    .fetch_optional(&mut *conn)
                    .await?;
                row.as_ref().map(summary_from_row).transpose()
            }

            async fn count_by_status(conn: &mut $connection) -> Result<Vec<(JobStatus, i64)>, MailError> {
                let rows: Vec<(String, i64)> = sqlx::query_as(sql::COUNT_BY_STATUS).fetch_all(&mut *conn).await?;
                rows.into_iter()
                    .map(|(status, count)| {
                        let status = JobStatus::parse(&status).ok_or_else(|| corrupt("status", &status))?;
                        Ok((status, count))
                    })
                    .collect()
            }

            async fn requeue(conn: &mut $connection, job_id: JobId, now: &str) -> Result<bool, MailError> {
                let result = sqlx::query(sql::REQUEUE)
                    .bind(job_id.0)
                    .bind(now)
                    .execute(&mut *conn)
                    .await?;
                Ok(result.rows_affected() == 1)
            }

            async fn copy_job(
                conn: &mut $connection,
                job_id: JobId,
                message_key: &str,
                now: &str,
            ) -> Result<Option<JobId>, MailError> {
                let id: Option<i64> = sqlx::query_scalar(sql::COPY_JOB)
                    .bind(job_id.0)
                    .bind(message_key)
                    .bind(now)
                    .fetch_optional(&mut *conn)
                    .await?;
                let Some(id) = id else {
                    return Ok(None);
                };
                sqlx::query(sql::COPY_ATTACHMENTS)
                    .bind(job_id.0)
                    .bind(id)
                    .execute(&mut *conn)
                    .await?;
                Ok(Some(JobId(id)))
            }

            async fn record_open(
                conn: &mut $connection,
                message_key: &str,
                now: &str,
            ) -> Result<Option<JobId>, MailError> {
                let id: Option<i64> = sqlx::query_scalar(sql::RECORD_OPEN)
                    .bind(message_key)
                    .bind(now)
                    .fetch_optional(&mut *conn)
                    .await?;
                Ok(id.map(JobId))
            }

            async fn cancel_by_idempotency_key(
                conn: &mut $connection,
                key: &str,
                reason: &str,
                now: &str,
            ) -> Result<Option<(JobId, i64)>, MailError> {
                let row: Option<(i64, i64)> = sqlx::query_as(sql::CANCEL_BY_IDEMPOTENCY_KEY)
                    .bind(key)
                    .bind(reason)
                    .bind(now)
                    .fetch_optional(&mut *conn)
                    .await?;
                Ok(row.map(|(id, attempts)| (JobId(id), attempts)))
            }

            async fn active_consent_by_customer(
                conn: &mut $connection,
                customer_id: i64,
            ) -> Result<Option<ConsentRecord>, MailError> {
                let row: Option<(i64, String, String, String)> = sqlx::query_as(sql::ACTIVE_CONSENT_BY_CUSTOMER)
                    .bind(customer_id)
                    .fetch_optional(&mut *conn)
                    .await?;
                row.map(ConsentRecord::from_row).transpose()
            }

            async fn active_consent_by_token(
                conn: &mut $connection,
                token: &str,
            ) -> Result<Option<ConsentRecord>, MailError> {
                let row: Option<(i64, String, String, String)> = sqlx::query_as(sql::ACTIVE_CONSENT_BY_TOKEN)
                    .bind(token)
                    .fetch_optional(&mut *conn)
                    .await?;
                row.map(ConsentRecord::from_row).transpose()
            }

            async fn active_consents(conn: &mut $connection) -> Result<Vec<ConsentRecord>, MailError> {
                let rows: Vec<(i64, String, String, String)> =
                    sqlx::query_as(sql::ACTIVE_CONSENTS).fetch_all(&mut *conn).await?;
                rows.into_iter().map(ConsentRecord::from_row).collect()
            }

            async fn insert_consent(
                conn: &mut $connection,
                consent: &ConsentRecord,
                source: &str,
                now: &str,
            ) -> Result<(), MailError> {
                sqlx::query(sql::INSERT_CONSENT)
                    .bind(consent.customer_id)
                    .bind(consent.recipient.email().as_str())
                    .bind(consent.recipient.name())
                    .bind(now)
                    .bind(source)
                    .bind(&consent.unsubscribe_token)
                    .execute(&mut *conn)
                    .await?;
                Ok(())
            }

            async fn withdraw_consent(
                conn: &mut $connection,
                token: Option<&str>,
                customer_id: i64,
                source: &str,
                now: &str,
            ) -> Result<Option<i64>, MailError> {
                let customer: Option<i64> = match token {
                    Some(token) => {
                        sqlx::query_scalar(sql::WITHDRAW_CONSENT)
                            .bind(token)
                            .bind(now)
                            .bind(source)
                            .fetch_optional(&mut *conn)
                            .await?
                    }
                    None => {
                        sqlx::query_scalar(sql::WITHDRAW_CONSENT_BY_CUSTOMER)
                            .bind(customer_id)
                            .bind(now)
                            .bind(source)
                            .fetch_optional(&mut *conn)
                            .await?
                    }
                };
                Ok(customer)
            }

            async fn insert_campaign(
                conn: &mut $connection,
                name: &str,
                template: &str,
                rate_per_minute: i64,
                recipient_count: i64,
                now: &str,
            ) -> Result<i64, MailError> {
                let id: i64 = sqlx::query_scalar(sql::INSERT_CAMPAIGN)
                    .bind(name)
                    .bind(template)
                    .bind(rate_per_minute)
                    .bind(recipient_count)
                    .bind(now)
                    .fetch_one(&mut *conn)
                    .await?;
                Ok(id)
            }
        }
    };
}

impl_mail_repository!(Sqlite, sqlx::SqliteConnection, "BEGIN IMMEDIATE", sql::CLAIM_SQLITE);
impl_mail_repository!(Postgres, sqlx::PgConnection, "BEGIN", sql::CLAIM_POSTGRES);

fn summary_from_row<R>(row: &R) -> Result<JobSummary, MailError>
where
    R: sqlx::Row,
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    i64: for<'r> sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    String: for<'r> sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    let status: String = row.try_get("status")?;
    Ok(JobSummary {
        id: JobId(row.try_get("id")?),
        template: row.try_get("template")?,
        category: row.try_get("category")?,
        status: JobStatus::parse(&status).ok_or_else(|| corrupt("status", &status))?,
        to_email: row.try_get("to_email")?,
        subject: row.try_get("subject")?,
        message_key: row.try_get("message_key")?,
        attempts: row.try_get("attempts")?,
        max_attempts: row.try_get("max_attempts")?,
        next_attempt_at: row.try_get("next_attempt_at")?,
        smtp_code: row.try_get("smtp_code")?,
        smtp_reply: row.try_get("smtp_reply")?,
        last_error: row.try_get("last_error")?,
        created_at: row.try_get("created_at")?,
        sent_at: row.try_get("sent_at")?,
        bounced_at: row.try_get("bounced_at")?,
        opened_at: row.try_get("opened_at")?,
        resent_from_job_id: row.try_get("resent_from_job_id")?,
    })
}
