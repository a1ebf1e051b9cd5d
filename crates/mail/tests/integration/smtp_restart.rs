//! The SMTP server stops in the middle of a run and comes back: the jobs
//! wait, nothing is lost, nothing is sent twice.

use std::time::{Duration, Instant};

use giggatek_mail::jobs::PostgresMailStore;
use tokio::sync::watch;

use crate::postgres_workers::{message_ids, queue_receipts, sent_count};
use crate::support::{PostgresDatabase, SmtpServer, fast_config, settings, wait_until, worker};

const JOBS: usize = 200;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_restart_delivers_every_job_once() {
    let database = PostgresDatabase::create().await;
    database.migrate().await;
    let mut smtp = SmtpServer::start();
    let queue_store = PostgresMailStore::new(database.pool(2).await);
    let keys = queue_receipts(&queue_store, JOBS).await;

    let (stop, stopped) = watch::channel(false);
    let store = PostgresMailStore::new(database.pool(4).await);
    let worker = worker(&store, &smtp.config(), settings());
    let handle = tokio::spawn(async move {
        let mut stopped = stopped;
        worker
            .run(async move {
                let _ = stopped.wait_for(|stop| *stop).await;
            })
            .await;
    });

    wait_until(Duration::from_secs(60), "the first 40 messages", || async {
        smtp.messages().len() >= 40
    })
    .await;
    smtp.stop();
    let delivered_before_stop = smtp.messages().len();
    assert!(delivered_before_stop < JOBS, "the server stopped before the run ended");

    // While the server is down, the worker defers jobs without using up
    // their attempts, and nothing more arrives.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let deferred: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM mail_jobs WHERE status = 'deferred' AND attempts = 0")
        .fetch_one(queue_store.pool())
        .await
        .unwrap();
    assert!(deferred > 0, "jobs wait as deferred during the outage");
    // Only the sends in flight when the server went away count an attempt:
    // their SMTP conversation had begun, so the worker cannot tell whether
    // the message arrived.
    let counted: Vec<(i64, Option<String>)> =
        sqlx::query_as("SELECT attempts, last_error FROM mail_jobs WHERE status <> 'sent' AND attempts > 0")
            .fetch_all(queue_store.pool())
            .await
            .unwrap();
    assert!(
        counted.len() <= fast_config().concurrency,
        "attempts used up by the outage: {counted:?}"
    );
    assert!(counted.iter().all(|(attempts, _)| *attempts == 1), "{counted:?}");

    let restarted = Instant::now();
    smtp.restart();
    wait_until(Duration::from_secs(120), "every job sent after the restart", || async {
        sent_count(&queue_store).await == i64::try_from(JOBS).unwrap()
    })
    .await;
    eprintln!(
        "{delivered_before_stop} of {JOBS} delivered before the SMTP server stopped; the rest within {:?} of its restart",
        restarted.elapsed()
    );
    stop.send(true).unwrap();
    handle.await.unwrap();

    let ids = message_ids(&smtp);
    assert_eq!(ids.len(), JOBS, "distinct messages received");
    assert!(ids.values().all(|count| *count == 1), "a message arrived twice");
    let expected: std::collections::HashSet<String> =
        keys.iter().map(|key| format!("{key}@giggatek.example")).collect();
    assert_eq!(ids.keys().cloned().collect::<std::collections::HashSet<_>>(), expected);
    queue_store.pool().close().await;
}
