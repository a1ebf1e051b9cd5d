//! Two workers on one PostgreSQL database, as two server instances would
//! run them: every job is delivered exactly once.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use giggatek_mail::jobs::{JobStatus, NewMail, PostgresMailStore, enqueue_postgres};
use giggatek_mail::templates::{MessageLinks, render_named};
use jiff::Timestamp;
use tokio::sync::watch;

use crate::support::{PostgresDatabase, SmtpServer, parse, recipient, settings, templates, wait_until, worker};

const JOBS: usize = 500;

/// Queues `count` receipts, one transaction each as separate events would.
pub async fn queue_receipts(store: &PostgresMailStore, count: usize) -> HashSet<String> {
    let rendered = render_named(&templates(), "receipt", None, &MessageLinks::default()).unwrap();
    let mut keys = HashSet::new();
    for number in 0..count {
        let mail = NewMail::new(
            recipient("Núñez, Lucía", &format!("customer{number}@example.com")),
            rendered.clone(),
        )
        .idempotency_key(&format!("receipt:{number}"));
        keys.insert(mail.message_key().to_string());
        let mut tx = store.pool().begin().await.unwrap();
        enqueue_postgres(&mut tx, &mail, Timestamp::now()).await.unwrap();
        tx.commit().await.unwrap();
    }
    keys
}

/// Counts the stored messages by Message-ID (without angle brackets).
pub fn message_ids(smtp: &SmtpServer) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for raw in smtp.messages() {
        let id = parse(&raw).message_id().unwrap().to_string();
        *counts.entry(id).or_insert(0) += 1;
    }
    counts
}

pub async fn sent_count(store: &PostgresMailStore) -> i64 {
    let counts = store.count_by_status().await.unwrap();
    counts
        .iter()
        .find(|(status, _)| *status == JobStatus::Sent)
        .map_or(0, |(_, count)| *count)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_send_each_job_once() {
    let database = PostgresDatabase::create().await;
    database.migrate().await;
    let smtp = SmtpServer::start();
    let queue_store = PostgresMailStore::new(database.pool(2).await);
    let keys = queue_receipts(&queue_store, JOBS).await;

    // Each worker has its own pool, as a separate server process would.
    let (stop, stopped) = watch::channel(false);
    let started = Instant::now();
    let mut handles = Vec::new();
    for _ in 0..2 {
        let store = PostgresMailStore::new(database.pool(4).await);
        let worker = worker(&store, &smtp.config(), settings());
        let mut stopped = stopped.clone();
        handles.push(tokio::spawn(async move {
            worker
                .run(async move {
                    let _ = stopped.wait_for(|stop| *stop).await;
                })
                .await;
            worker.sent_count()
        }));
    }
    wait_until(Duration::from_secs(120), "all jobs sent", || async {
        sent_count(&queue_store).await == i64::try_from(JOBS).unwrap()
    })
    .await;
    let elapsed = started.elapsed();
    stop.send(true).unwrap();
    let mut per_worker = Vec::new();
    for handle in handles {
        per_worker.push(handle.await.unwrap());
    }
    eprintln!("two workers sent {JOBS} jobs through PostgreSQL and SMTP in {elapsed:?}, split {per_worker:?}");
    assert_eq!(per_worker.iter().sum::<u64>(), u64::try_from(JOBS).unwrap());
    assert!(
        per_worker.iter().all(|sent| *sent > 0),
        "both workers took part: {per_worker:?}"
    );

    let ids = message_ids(&smtp);
    assert_eq!(ids.len(), JOBS, "distinct messages received");
    let duplicates: Vec<_> = ids.iter().filter(|(_, count)| **count > 1).collect();
    assert!(duplicates.is_empty(), "delivered more than once: {duplicates:?}");
    let expected: HashSet<String> = keys.iter().map(|key| format!("{key}@giggatek.example")).collect();
    let received: HashSet<String> = ids.keys().cloned().collect();
    assert_eq!(received, expected);

    let sent_events: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT job_id, COUNT(*) FROM mail_job_events WHERE status = 'sent' GROUP BY job_id HAVING COUNT(*) <> 1",
    )
    .fetch_all(queue_store.pool())
    .await
    .unwrap();
    assert!(
        sent_events.is_empty(),
        "jobs marked sent more than once: {sent_events:?}"
    );
    let sending: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM mail_jobs WHERE status <> 'sent'")
        .fetch_one(queue_store.pool())
        .await
        .unwrap();
    assert_eq!(sending, 0);
    queue_store.pool().close().await;
}
