//! The admin router served by axum on 127.0.0.1 and called over HTTP.

use giggatek_mail::http::admin_router;
use giggatek_mail::jobs::{JobStatus, NewMail, SqliteMailStore, enqueue_sqlite};
use giggatek_mail::templates::{MessageLinks, render_named};
use jiff::Timestamp;
use serde_json::Value;

use crate::support::{SmtpServer, recipient, serve, settings, sqlite_pool, templates, worker};

#[tokio::test]
async fn admin_lists_and_resends_jobs() {
    let directory = tempfile::tempdir().unwrap();
    let pool = sqlite_pool(directory.path()).await;
    let store = SqliteMailStore::new(pool.clone());
    let smtp = SmtpServer::start();
    let rendered = render_named(&templates(), "receipt", None, &MessageLinks::default()).unwrap();
    let mut tx = pool.begin().await.unwrap();
    let failed = enqueue_sqlite(
        &mut tx,
        &NewMail::new(recipient("X", "reject@example.com"), rendered.clone()),
        Timestamp::now(),
    )
    .await
    .unwrap()
    .id();
    let sent = enqueue_sqlite(
        &mut tx,
        &NewMail::new(recipient("Y", "ok@example.com"), rendered),
        Timestamp::now(),
    )
    .await
    .unwrap()
    .id();
    tx.commit().await.unwrap();
    worker(&store, &smtp.config(), settings()).run_once().await.unwrap();
    let base = serve(admin_router(store.clone())).await;
    let client = crate::support::http_client();

    let list: Value = client
        .get(format!("{base}/mail/jobs?status=failed"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let jobs = list["jobs"].as_array().unwrap();
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0]["id"], failed.0);
    assert_eq!(jobs[0]["status"], "failed");
    assert_eq!(jobs[0]["smtp_code"], 550);

    let counts: Value = client
        .get(format!("{base}/mail/jobs/counts"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(counts["failed"], 1);
    assert_eq!(counts["sent"], 1);
    assert_eq!(counts["queued"], 0);

    let one = client.get(format!("{base}/mail/jobs/{}", sent.0)).send().await.unwrap();
    assert_eq!(one.status(), 200);
    let one: Value = one.json().await.unwrap();
    assert_eq!(one["smtp_reply"], "250 2.0.0 Ok: queued as 000001");

    // A failed job is queued again under its own id.
    let resend = client
        .post(format!("{base}/mail/jobs/{}/resend", failed.0))
        .send()
        .await
        .unwrap();
    assert_eq!(resend.status(), 202);
    let body: Value = resend.json().await.unwrap();
    assert_eq!(body["job_id"], failed.0);
    let requeued = store.job(failed).await.unwrap().unwrap();
    assert_eq!(requeued.status, JobStatus::Queued);
    assert_eq!(requeued.attempts, 0);

    // A queued job cannot be resent.
    let conflict = client
        .post(format!("{base}/mail/jobs/{}/resend", failed.0))
        .send()
        .await
        .unwrap();
    assert_eq!(conflict.status(), 409);

    // A sent job is copied under a new id and a new Message-ID.
    let resend = client
        .post(format!("{base}/mail/jobs/{}/resend", sent.0))
        .send()
        .await
        .unwrap();
    assert_eq!(resend.status(), 202);
    let copy: Value = resend.json().await.unwrap();
    let copy_id = copy["job_id"].as_i64().unwrap();
    assert_ne!(copy_id, sent.0);
    let copy = store.job(giggatek_mail::jobs::JobId(copy_id)).await.unwrap().unwrap();
    let original = store.job(sent).await.unwrap().unwrap();
    assert_eq!(copy.status, JobStatus::Queued);
    assert_eq!(copy.resent_from_job_id, Some(sent.0));
    assert_ne!(copy.message_key, original.message_key);
    worker(&store, &smtp.config(), settings()).run_once().await.unwrap();
    assert_eq!(smtp.messages().len(), 2);

    let missing = client.get(format!("{base}/mail/jobs/999999")).send().await.unwrap();
    assert_eq!(missing.status(), 404);
    let invalid = client
        .get(format!("{base}/mail/jobs?status=lost"))
        .send()
        .await
        .unwrap();
    assert_eq!(invalid.status(), 400);
}
