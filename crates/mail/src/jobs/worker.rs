//! The worker: claims due jobs, sends them through SMTP and records each
//! outcome. Any number of workers may share one database.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use futures_util::StreamExt;
use jiff::Timestamp;
use lettre::transport::smtp::Error as SmtpError;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::repository::MailRepository;
use super::retry::RetryPolicy;
use super::store::{MailStore, later};
use super::types::{ClaimedJob, Outcome};
use crate::MailError;
use crate::config::{MailSettings, SmtpConfig};
use crate::message::build_message;
use crate::templates::MailCategory;

/// The pacing settings of a worker.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// Jobs claimed at once.
    pub batch_size: i64,
    /// Messages sent at the same time, each on its own SMTP connection.
    pub concurrency: usize,
    /// The wait before looking again when no job was due.
    pub poll_interval: Duration,
    /// How long a claim lasts. It must exceed the time a batch takes,
    /// about `batch_size / concurrency * send_timeout` at worst, or another
    /// worker may claim the same jobs while they are still being sent.
    pub lease: Duration,
    /// The maximum time one message may take, from connecting to the server's reply.
    pub send_timeout: Duration,
    pub retry: RetryPolicy,
}

impl Default for WorkerConfig {
    fn default() -> WorkerConfig {
        WorkerConfig {
            batch_size: 20,
            concurrency: 4,
            poll_interval: Duration::from_secs(1),
            lease: Duration::from_secs(10 * 60),
            send_timeout: Duration::from_secs(60),
            retry: RetryPolicy::default(),
        }
    }
}

/// The counts from one pass over a batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchReport {
    pub claimed: usize,
    pub sent: usize,
    /// True when the SMTP server could not be reached during the batch.
    pub server_unreachable: bool,
}

/// Sends queued mail from one database through one SMTP server.
pub struct Worker<DB: MailRepository> {
    store: MailStore<DB>,
    transport: AsyncSmtpTransport<Tokio1Executor>,
    /// `host:port` for log lines.
    endpoint: String,
    settings: Arc<MailSettings>,
    config: WorkerConfig,
    /// Messages this worker has sent since it was made.
    sent: AtomicU64,
}

/// A failed send attempt, sorted before it becomes an [`Outcome`].
enum SendError {
    /// No SMTP conversation: refused connection, network or TLS failure.
    Unreachable(String),
    /// The server replied 4xx, or the attempt timed out.
    Transient { code: Option<u16>, reply: String },
    /// The server replied 5xx.
    Permanent { code: Option<u16>, reply: String },
}

impl<DB: MailRepository> Worker<DB> {
    /// # Errors
    ///
    /// Returns [`MailError::Config`] when the SMTP transport cannot be set up.
    pub fn new(
        store: MailStore<DB>,
        smtp: &SmtpConfig,
        settings: MailSettings,
        config: WorkerConfig,
    ) -> Result<Worker<DB>, MailError> {
        Ok(Worker {
            store,
            transport: smtp.transport()?,
            endpoint: format!("{}:{}", smtp.host, smtp.port),
            settings: Arc::new(settings),
            config,
            sent: AtomicU64::new(0),
        })
    }

    /// Runs until `shutdown` completes: claims a batch, sends it, and waits
    /// for the poll interval when nothing was due or for the unreachable
    /// delay while the SMTP server is down.
    pub async fn run(&self, shutdown: impl Future<Output = ()>) {
        tracing::info!(smtp = %self.endpoint, "mail worker started");
        tokio::pin!(shutdown);
        let mut outage_batches: u64 = 0;
        let mut failed_passes: u64 = 0;
        loop {
            let wait = match self.run_once().await {
                Ok(report) if report.server_unreachable => {
                    outage_batches += 1;
                    if outage_batches == 1 {
                        tracing::error!(
                            smtp = %self.endpoint,
                            retry_in_ms = self.config.retry.unreachable_delay.as_millis(),
                            "SMTP server unreachable; mail jobs stay queued and are retried"
                        );
                    }
                    self.config.retry.unreachable_delay
                }
                Ok(report) => {
                    failed_passes = 0;
                    if outage_batches > 0 && report.claimed > 0 {
                        tracing::info!(smtp = %self.endpoint, failed_batches = outage_batches, "SMTP server reachable again");
                        outage_batches = 0;
                    }
                    if report.claimed == 0 {
                        self.config.poll_interval
                    } else {
                        Duration::ZERO
                    }
                }
                Err(error) => {
                    failed_passes += 1;
                    // Logs the 1st, 2nd, 4th, 8th ... failure in a row, so a
                    // database outage does not flood the log.
                    if failed_passes.is_power_of_two() {
                        tracing::error!(
                            %error,
                            failed_passes,
                            retry_in_ms = self.config.poll_interval.as_millis(),
                            "mail worker pass failed"
                        );
                    }
                    self.config.poll_interval
                }
            };
            tokio::select! {
                () = &mut shutdown => break,
                () = tokio::time::sleep(wait) => {}
            }
        }
        self.transport.shutdown().await;
        tracing::info!(smtp = %self.endpoint, "mail worker stopped");
    }

    /// Returns the number of messages this worker has sent.
    pub fn sent_count(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }

    /// Claims one batch and processes every job in it.
    ///
    /// # Errors
    ///
    /// Returns [`MailError::Database`] when claiming fails. Errors while
    /// recording single outcomes are logged, and those jobs are sent again
    /// after their lease runs out.
    pub async fn run_once(&self) -> Result<BatchReport, MailError> {
        let jobs = self
            .store
            .claim(Timestamp::now(), self.config.lease, self.config.batch_size)
            .await?;
        let claimed = jobs.len();
        let unreachable = AtomicBool::new(false);
        let results: Vec<bool> = futures_util::stream::iter(jobs)
            .map(|job| self.process(job, &unreachable))
            .buffer_unordered(self.config.concurrency.max(1))
            .collect()
            .await;
        Ok(BatchReport {
            claimed,
            sent: results.into_iter().filter(|sent| *sent).count(),
            server_unreachable: unreachable.load(Ordering::Relaxed),
        })
    }

    /// Sends one job and records the outcome; returns true when it was sent.
    async fn process(&self, job: ClaimedJob, unreachable: &AtomicBool) -> bool {
        let outcome = self.attempt(&job, unreachable).await;
        let sent = matches!(outcome, Outcome::Sent { .. });
        if sent {
            self.sent.fetch_add(1, Ordering::Relaxed);
        }
        match self.store.record(&job, &outcome, Timestamp::now()).await {
            Ok(true) => {}
            Ok(false) => tracing::warn!(
                job_id = %job.id,
                "mail job lease ran out before its outcome was stored; another worker may send it again"
            ),
            Err(error) => tracing::error!(
                job_id = %job.id,
                %error,
                "mail job outcome could not be stored; the job is retried when its lease runs out"
            ),
        }
        sent
    }

    async fn attempt(&self, job: &ClaimedJob, unreachable: &AtomicBool) -> Outcome {
        let retry = &self.config.retry;
        if job.category == MailCategory::Marketing {
            match self.consent_still_active(job).await {
                Ok(true) => {}
                Ok(false) => {
                    tracing::info!(job_id = %job.id, "marketing mail cancelled: consent withdrawn");
                    return Outcome::Cancelled {
                        reason: "marketing consent withdrawn".to_string(),
                    };
                }
                Err(error) => {
                    tracing::error!(job_id = %job.id, %error, "consent check failed; the marketing mail waits");
                    return Outcome::Deferred {
                        retry_at: later(Timestamp::now(), retry.unreachable_delay),
                        code: None,
                        reply: format!("consent check failed: {error}"),
                        counted: false,
                    };
                }
            }
        }
        if unreachable.load(Ordering::Relaxed) {
            return Outcome::Deferred {
                retry_at: later(Timestamp::now(), retry.unreachable_delay),
                code: None,
                reply: "not tried: SMTP server unreachable earlier in this batch".to_string(),
                counted: false,
            };
        }
        let message = match build_message(job, &self.settings) {
            Ok(message) => message,
            Err(error) => {
                tracing::error!(job_id = %job.id, %error, "mail job failed: message could not be built");
                return Outcome::Failed {
                    code: None,
                    reply: error.to_string(),
                    bounced: false,
                };
            }
        };
        let send = self.transport.send_raw(&message.envelope, &message.bytes);
        let result = match tokio::time::timeout(self.config.send_timeout, send).await {
            Ok(Ok(response)) => Ok(response),
            Ok(Err(error)) => Err(classify(&error)),
            Err(_) => Err(SendError::Transient {
                code: None,
                reply: format!("timed out after {} ms", self.config.send_timeout.as_millis()),
            }),
        };
        let attempt = job.attempts + 1;
        match result {
            Ok(response) => {
                let code = u16::from(response.code());
                let reply = format!("{code} {}", response.message().collect::<Vec<_>>().join(" "));
                tracing::info!(job_id = %job.id, attempt, smtp_code = code, "mail sent");
                Outcome::Sent { code, reply }
            }
            Err(SendError::Unreachable(reason)) => {
                unreachable.store(true, Ordering::Relaxed);
                tracing::warn!(job_id = %job.id, smtp = %self.endpoint, error = %reason, "mail deferred: SMTP server unreachable");
                Outcome::Deferred {
                    retry_at: later(Timestamp::now(), retry.unreachable_delay),
                    code: None,
                    reply: reason,
                    counted: false,
                }
            }
            Err(SendError::Permanent { code, reply }) => {
                tracing::warn!(job_id = %job.id, attempt, smtp_code = code, "mail failed: rejected permanently");
                Outcome::Failed {
                    code,
                    reply,
                    bounced: true,
                }
            }
            Err(SendError::Transient { code, reply }) if attempt >= job.max_attempts => {
                tracing::warn!(job_id = %job.id, attempt, smtp_code = code, "mail failed: last attempt deferred");
                Outcome::Failed {
                    code,
                    reply,
                    bounced: false,
                }
            }
            Err(SendError::Transient { code, reply }) => {
                let delay = retry.delay_after(attempt);
                tracing::warn!(
                    job_id = %job.id,
                    attempt,
                    smtp_code = code,
                    retry_in_ms = delay.as_millis(),
                    "mail deferred"
                );
                Outcome::Deferred {
                    retry_at: later(Timestamp::now(), delay),
                    code,
                    reply,
                    counted: true,
                }
            }
        }
    }

    /// Marketing consent can be withdrawn after a campaign was queued; the
    /// mail is then cancelled.
    async fn consent_still_active(&self, job: &ClaimedJob) -> Result<bool, MailError> {
        match &job.unsubscribe_token {
            Some(token) => self.store.consent_active(token).await,
            None => Ok(false),
        }
    }
}

/// Sorts lettre's errors: SMTP replies keep their code and text, and
/// everything that happened before an SMTP reply counts as unreachable.
fn classify(error: &SmtpError) -> SendError {
    let code = error.status().map(u16::from);
    let reply = error.to_string();
    if error.is_permanent() {
        SendError::Permanent { code, reply }
    } else if error.is_transient() || error.is_timeout() || error.is_response() || error.is_client() {
        SendError::Transient { code, reply }
    } else {
        SendError::Unreachable(reply)
    }
}
