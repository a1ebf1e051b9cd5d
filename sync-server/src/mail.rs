//! The mail outbox's workers on the server: SMTP settings from the
//! environment, and workers that send the queued `mail_jobs` until the
//! server stops.
//!
//! Without `GIGGATEK_SMTP_HOST` the server runs with no mail worker: jobs
//! stay queued until a server with SMTP settings starts. The variables are
//! those of `giggatek_mail::config` (README, section Email), plus
//! `GIGGATEK_MAIL_WORKERS`, the number of workers (1 to 16, default 1).

use std::time::Duration;

use giggatek_mail::jobs::{MailRepository, MailStore, Worker, WorkerConfig};
use giggatek_mail::{MailError, MailSettings, SmtpConfig};
use sqlx::Pool;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::db::Database;

/// The maximum number of workers `GIGGATEK_MAIL_WORKERS` may set.
const MAX_WORKERS: usize = 16;
/// How long [`MailWorkers::stop`] waits for a batch in progress to finish
/// before it abandons the workers; an abandoned job is sent again once its
/// lease runs out.
const STOP_TIMEOUT: Duration = Duration::from_secs(15);

/// Everything the mail workers need.
#[derive(Debug, Clone)]
pub struct MailConfig {
    pub smtp: SmtpConfig,
    pub settings: MailSettings,
    pub workers: usize,
    pub worker: WorkerConfig,
}

impl MailConfig {
    /// Reads the mail settings from the environment; `None` when
    /// `GIGGATEK_SMTP_HOST` is not set. With the host set, a missing or
    /// invalid setting is an error naming the variable.
    pub fn from_env() -> anyhow::Result<Option<MailConfig>> {
        let lookup = |name: &str| std::env::var(name).ok().filter(|value| !value.trim().is_empty());
        MailConfig::from_lookup(lookup)
    }

    /// Reads the settings through `lookup`, which is the environment
    /// outside tests.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> anyhow::Result<Option<MailConfig>> {
        if lookup("GIGGATEK_SMTP_HOST").is_none() {
            return Ok(None);
        }
        let smtp = SmtpConfig::from_lookup(&lookup)?;
        let settings = MailSettings::from_lookup(&lookup)?;
        let workers = match lookup("GIGGATEK_MAIL_WORKERS") {
            None => 1,
            Some(text) => text
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|count| (1..=MAX_WORKERS).contains(count))
                .ok_or_else(|| anyhow::anyhow!("GIGGATEK_MAIL_WORKERS is invalid: {text:?}; use 1 to {MAX_WORKERS}"))?,
        };
        Ok(Some(MailConfig {
            smtp,
            settings,
            workers,
            worker: WorkerConfig::default(),
        }))
    }
}

/// The running mail workers; [`MailWorkers::stop`] ends them.
#[derive(Debug)]
pub struct MailWorkers {
    shutdown: watch::Sender<bool>,
    handles: Vec<JoinHandle<()>>,
}

impl MailWorkers {
    /// Starts `config.workers` workers on the current Tokio runtime.
    ///
    /// # Errors
    ///
    /// Returns [`MailError::Config`] when the SMTP transport cannot be set up.
    pub fn spawn(db: &Database, config: &MailConfig) -> Result<MailWorkers, MailError> {
        let (shutdown, _) = watch::channel(false);
        let mut handles = Vec::with_capacity(config.workers);
        for _ in 0..config.workers {
            let handle = match db {
                Database::Sqlite(pool) => spawn_worker(pool, config, shutdown.subscribe())?,
                Database::Postgres(pool) => spawn_worker(pool, config, shutdown.subscribe())?,
            };
            handles.push(handle);
        }
        Ok(MailWorkers { shutdown, handles })
    }

    /// Lets each worker finish the batch it is sending, then stops it.
    pub async fn stop(self) {
        // Sending fails only when every worker has ended already.
        let _ = self.shutdown.send(true);
        for handle in self.handles {
            let abort = handle.abort_handle();
            match tokio::time::timeout(STOP_TIMEOUT, handle).await {
                Ok(Ok(())) => {}
                Ok(Err(error)) => tracing::error!(%error, "a mail worker ended abnormally"),
                Err(_) => {
                    abort.abort();
                    tracing::warn!(
                        timeout_seconds = STOP_TIMEOUT.as_secs(),
                        "a mail worker did not stop in time; its jobs are sent again when their lease runs out"
                    );
                }
            }
        }
    }
}

fn spawn_worker<DB: MailRepository>(
    pool: &Pool<DB>,
    config: &MailConfig,
    mut shutdown: watch::Receiver<bool>,
) -> Result<JoinHandle<()>, MailError> {
    let worker = Worker::new(
        MailStore::new(pool.clone()),
        &config.smtp,
        config.settings.clone(),
        config.worker.clone(),
    )?;
    Ok(tokio::spawn(async move {
        let stopped = async move {
            // An error means the sender is gone, which also means stop.
            let _ = shutdown.wait_for(|stop| *stop).await;
        };
        worker.run(stopped).await;
    }))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn lookup(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn no_smtp_host_means_no_workers() {
        let config = MailConfig::from_lookup(lookup(&[("GIGGATEK_MAIL_FROM_ADDRESS", "orders@example.com")]));
        assert!(config.expect("no error").is_none());
    }

    #[test]
    fn smtp_host_needs_sender_settings() {
        let error = MailConfig::from_lookup(lookup(&[("GIGGATEK_SMTP_HOST", "smtp.example.com")]))
            .expect_err("the sender address is missing");
        assert!(error.to_string().contains("GIGGATEK_MAIL_FROM_ADDRESS"), "{error}");
    }

    #[test]
    fn worker_count_is_checked() {
        let base = [
            ("GIGGATEK_SMTP_HOST", "smtp.example.com"),
            ("GIGGATEK_MAIL_FROM_ADDRESS", "orders@example.com"),
            ("GIGGATEK_MAIL_PUBLIC_URL", "https://shop.example.com"),
        ];
        let config = MailConfig::from_lookup(lookup(&base))
            .expect("valid")
            .expect("configured");
        assert_eq!(config.workers, 1);
        assert_eq!(config.smtp.port, 587);
        let mut many = base.to_vec();
        many.push(("GIGGATEK_MAIL_WORKERS", "3"));
        let config = MailConfig::from_lookup(lookup(&many))
            .expect("valid")
            .expect("configured");
        assert_eq!(config.workers, 3);
        let mut too_many = base.to_vec();
        too_many.push(("GIGGATEK_MAIL_WORKERS", "17"));
        let error = MailConfig::from_lookup(lookup(&too_many)).expect_err("17 workers");
        assert!(error.to_string().contains("GIGGATEK_MAIL_WORKERS"), "{error}");
    }
}
