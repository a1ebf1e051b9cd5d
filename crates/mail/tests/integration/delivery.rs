//! Jobs sent from SQLite through the SMTP test server and read back.

use giggatek_domain::{Money, Receipt, ReceiptKind, ReceiptLine, ReceiptPayment};
use giggatek_mail::MailError;
use giggatek_mail::jobs::{Attachment, Enqueued, JobStatus, NewMail, SqliteMailStore, enqueue_sqlite};
use giggatek_mail::templates::{MailLine, MessageLinks, OrderConfirmation, RentalAgreement};
use jiff::Timestamp;
use mail_parser::{MimeHeaders, PartType};

use crate::support::{SmtpServer, parse, raw_header, recipient, settings, sqlite_pool, templates, worker};

fn order() -> OrderConfirmation {
    OrderConfirmation {
        customer_name: "Ana Díaz".to_string(),
        order_number: "W-2026-000777".to_string(),
        ordered_at: "Dec 4, 2026 10:15".to_string(),
        lines: vec![MailLine {
            name: "AMD Ryzen 7 9800X3D".to_string(),
            quantity: 1,
            amount: Money::from_cents(47_900),
        }],
        subtotal: Money::from_cents(47_900),
        tax: Money::from_cents(3_952),
        total: Money::from_cents(51_852),
        order_url: "https://shop.giggatek.example/orders/W-2026-000777".to_string(),
    }
}

/// Renders a receipt PDF with the documents crate, in place of the rental
/// agreement until that document exists.
fn agreement_pdf() -> Vec<u8> {
    let total = Money::from_cents(4_500);
    let receipt = Receipt {
        store_name: "GigGatek".to_string(),
        store_address: vec!["350 5th Ave".to_string()],
        receipt_number: "R-000042".to_string(),
        kind: ReceiptKind::Sale,
        issued_at: "2026-10-22 11:00".to_string(),
        clerk: "Dana".to_string(),
        lines: vec![ReceiptLine {
            name: "Dell XPS 15 rental, first installment".to_string(),
            sku: "RENT-XPS15".to_string(),
            quantity: 1,
            unit_price: total,
            discount: Money::ZERO,
            amount: total,
        }],
        subtotal: total,
        discount: Money::ZERO,
        tax_label: "Tax 0%".to_string(),
        tax: Money::ZERO,
        rounding: Money::ZERO,
        total,
        payments: vec![ReceiptPayment {
            label: "Cash".to_string(),
            approval_code: None,
            amount: total,
        }],
        change: Money::ZERO,
        footer: vec![],
    };
    giggatek_documents::receipt_pdf(&receipt).unwrap()
}

#[tokio::test]
async fn order_confirmation_reads_back_as_alternative() {
    let directory = tempfile::tempdir().unwrap();
    let pool = sqlite_pool(directory.path()).await;
    let store = SqliteMailStore::new(pool.clone());
    let smtp = SmtpServer::start();
    let rendered = templates().render(&order(), &MessageLinks::default()).unwrap();
    let mail = NewMail::new(recipient("Ana Díaz", "ana@example.com"), rendered);
    let message_key = mail.message_key().to_string();

    // The event and its mail commit together.
    let mut tx = pool.begin().await.unwrap();
    sqlx::query("CREATE TABLE placed_orders (number TEXT PRIMARY KEY)")
        .execute(&mut *tx)
        .await
        .unwrap();
    sqlx::query("INSERT INTO placed_orders (number) VALUES ('W-2026-000777')")
        .execute(&mut *tx)
        .await
        .unwrap();
    let job = enqueue_sqlite(&mut tx, &mail, Timestamp::now()).await.unwrap().id();
    tx.commit().await.unwrap();

    let report = worker(&store, &smtp.config(), settings()).run_once().await.unwrap();
    assert_eq!(report.claimed, 1);
    assert_eq!(report.sent, 1);

    let messages = smtp.messages();
    assert_eq!(messages.len(), 1);
    let message = parse(&messages[0]);
    assert_eq!(message.content_type().unwrap().ctype(), "multipart");
    assert_eq!(message.content_type().unwrap().subtype(), Some("alternative"));
    assert_eq!(message.subject(), Some("GigGatek order W-2026-000777 confirmed"));
    assert_eq!(
        message.message_id(),
        Some(format!("{message_key}@giggatek.example").as_str())
    );
    assert!(message.date().is_some());
    let from = message.from().unwrap().first().unwrap();
    assert_eq!(from.name(), Some("GigGatek"));
    assert_eq!(from.address(), Some("orders@giggatek.example"));
    let to = message.to().unwrap().first().unwrap();
    assert_eq!(to.name(), Some("Ana Díaz"));
    assert_eq!(to.address(), Some("ana@example.com"));
    assert!(raw_header(&messages[0], "List-Unsubscribe").is_none());

    let text = message.body_text(0).unwrap();
    let html = message.body_html(0).unwrap();
    assert!(text.contains("View your order: https://shop.giggatek.example/orders/W-2026-000777"));
    assert!(html.contains("href=\"https://shop.giggatek.example/orders/W-2026-000777\""));
    assert!(text.contains("Total: $518.52"));
    assert!(html.contains("AMD Ryzen 7 9800X3D"));
    assert_eq!(message.text_body.len(), 1);
    assert_eq!(message.html_body.len(), 1);

    let stored = store.job(job).await.unwrap().unwrap();
    assert_eq!(stored.status, JobStatus::Sent);
    assert_eq!(stored.attempts, 1);
    assert_eq!(stored.smtp_code, Some(250));
    assert_eq!(stored.smtp_reply.as_deref(), Some("250 2.0.0 Ok: queued as 000001"));
    assert!(stored.sent_at.is_some());
}

#[tokio::test]
async fn rental_agreement_carries_pdf() {
    let directory = tempfile::tempdir().unwrap();
    let pool = sqlite_pool(directory.path()).await;
    let store = SqliteMailStore::new(pool.clone());
    let smtp = SmtpServer::start();
    let pdf = agreement_pdf();
    let data = RentalAgreement {
        customer_name: "Núñez, Lucía".to_string(),
        contract_number: "R-000042".to_string(),
        item: "Dell XPS 15 laptop".to_string(),
        signed_on: "2026-10-22".to_string(),
    };
    let rendered = templates().render(&data, &MessageLinks::default()).unwrap();
    let mail = NewMail::new(recipient("Núñez, Lucía", "lucia.nunez@example.com"), rendered).attach(Attachment {
        filename: "Rental agreement R-000042.pdf".to_string(),
        content_type: "application/pdf".to_string(),
        content: pdf.clone(),
    });
    let mut tx = pool.begin().await.unwrap();
    enqueue_sqlite(&mut tx, &mail, Timestamp::now()).await.unwrap();
    tx.commit().await.unwrap();

    worker(&store, &smtp.config(), settings()).run_once().await.unwrap();

    let messages = smtp.messages();
    assert_eq!(messages.len(), 1);
    let message = parse(&messages[0]);
    assert_eq!(message.content_type().unwrap().subtype(), Some("mixed"));
    assert_eq!(message.attachment_count(), 1);
    let attachment = message.attachment(0).unwrap();
    assert_eq!(attachment.attachment_name(), Some("Rental agreement R-000042.pdf"));
    let content_type = attachment.content_type().unwrap();
    assert_eq!(
        (content_type.ctype(), content_type.subtype()),
        ("application", Some("pdf"))
    );
    assert!(matches!(attachment.body, PartType::Binary(_)));
    assert_eq!(attachment.contents(), pdf.as_slice());
    assert!(attachment.contents().starts_with(b"%PDF-"));
    assert!(
        message
            .body_text(0)
            .unwrap()
            .contains("signed rental agreement R-000042")
    );
    assert!(message.body_html(0).unwrap().contains("R-000042"));
}

#[tokio::test]
async fn rolled_back_event_leaves_no_job() {
    let directory = tempfile::tempdir().unwrap();
    let pool = sqlite_pool(directory.path()).await;
    let store = SqliteMailStore::new(pool.clone());
    let rendered = templates().render(&order(), &MessageLinks::default()).unwrap();
    let mail = NewMail::new(recipient("Ana", "ana@example.com"), rendered);

    let mut tx = pool.begin().await.unwrap();
    enqueue_sqlite(&mut tx, &mail, Timestamp::now()).await.unwrap();
    tx.rollback().await.unwrap();

    assert!(store.list_jobs(None, 10).await.unwrap().is_empty());
}

#[tokio::test]
async fn idempotency_key_returns_first_job() {
    let directory = tempfile::tempdir().unwrap();
    let pool = sqlite_pool(directory.path()).await;
    let rendered = templates().render(&order(), &MessageLinks::default()).unwrap();
    let first =
        NewMail::new(recipient("Ana", "ana@example.com"), rendered.clone()).idempotency_key("order:W-2026-000777");
    let second = NewMail::new(recipient("Ana", "ana@example.com"), rendered).idempotency_key("order:W-2026-000777");

    let mut tx = pool.begin().await.unwrap();
    let created = enqueue_sqlite(&mut tx, &first, Timestamp::now()).await.unwrap();
    let repeated = enqueue_sqlite(&mut tx, &second, Timestamp::now()).await.unwrap();
    tx.commit().await.unwrap();

    assert!(matches!(created, Enqueued::Created(_)));
    assert_eq!(repeated, Enqueued::Existing(created.id()));
}

#[tokio::test]
async fn permanent_rejection_is_failed_bounce() {
    let directory = tempfile::tempdir().unwrap();
    let pool = sqlite_pool(directory.path()).await;
    let store = SqliteMailStore::new(pool.clone());
    let smtp = SmtpServer::start();
    let rendered = templates().render(&order(), &MessageLinks::default()).unwrap();
    let mail = NewMail::new(recipient("Gone", "reject.me@example.com"), rendered);
    let mut tx = pool.begin().await.unwrap();
    let job = enqueue_sqlite(&mut tx, &mail, Timestamp::now()).await.unwrap().id();
    tx.commit().await.unwrap();

    worker(&store, &smtp.config(), settings()).run_once().await.unwrap();

    let stored = store.job(job).await.unwrap().unwrap();
    assert_eq!(stored.status, JobStatus::Failed);
    assert_eq!(stored.smtp_code, Some(550));
    assert!(stored.smtp_reply.unwrap().contains("Mailbox unavailable"));
    assert!(stored.bounced_at.is_some());
    assert_eq!(stored.attempts, 1);
    assert!(smtp.messages().is_empty());
}

#[tokio::test]
async fn transient_rejection_retries_then_fails() {
    let directory = tempfile::tempdir().unwrap();
    let pool = sqlite_pool(directory.path()).await;
    let store = SqliteMailStore::new(pool.clone());
    let smtp = SmtpServer::start();
    let rendered = templates().render(&order(), &MessageLinks::default()).unwrap();
    let mail = NewMail::new(recipient("Busy", "defer.me@example.com"), rendered).max_attempts(3);
    let mut tx = pool.begin().await.unwrap();
    let job = enqueue_sqlite(&mut tx, &mail, Timestamp::now()).await.unwrap().id();
    tx.commit().await.unwrap();
    let worker = worker(&store, &smtp.config(), settings());

    worker.run_once().await.unwrap();
    let first = store.job(job).await.unwrap().unwrap();
    assert_eq!(first.status, JobStatus::Deferred);
    assert_eq!(first.attempts, 1);
    assert_eq!(first.smtp_code, Some(451));
    assert!(first.next_attempt_at > first.created_at);

    // Backoff: 100 ms after the first failure, 200 ms after the second.
    let empty = worker.run_once().await.unwrap();
    assert_eq!(empty.claimed, 0);
    let mut rounds = 0;
    while store.job(job).await.unwrap().unwrap().status != JobStatus::Failed {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        worker.run_once().await.unwrap();
        rounds += 1;
        assert!(rounds < 40, "job did not fail after its attempts");
    }
    let last = store.job(job).await.unwrap().unwrap();
    assert_eq!(last.attempts, 3);
    assert_eq!(last.smtp_code, Some(451));
    assert!(last.bounced_at.is_none());
    let events: Vec<(String, i64)> =
        sqlx::query_as("SELECT status, attempt FROM mail_job_events WHERE job_id = $1 ORDER BY id")
            .bind(job.0)
            .fetch_all(&pool)
            .await
            .unwrap();
    let expected = [("queued", 0), ("deferred", 1), ("deferred", 2), ("failed", 3)];
    let expected: Vec<(String, i64)> = expected
        .iter()
        .map(|(status, attempt)| (status.to_string(), *attempt))
        .collect();
    assert_eq!(events, expected);
}

#[tokio::test]
async fn unreachable_server_keeps_jobs_waiting() {
    let directory = tempfile::tempdir().unwrap();
    let pool = sqlite_pool(directory.path()).await;
    let store = SqliteMailStore::new(pool.clone());
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config = giggatek_mail::SmtpConfig::plain("127.0.0.1", port);
    let rendered = templates().render(&order(), &MessageLinks::default()).unwrap();
    let mut jobs = Vec::new();
    let mut tx = pool.begin().await.unwrap();
    for number in 0..3 {
        let mail =
            NewMail::new(recipient("Ana", &format!("ana{number}@example.com")), rendered.clone()).max_attempts(1);
        jobs.push(enqueue_sqlite(&mut tx, &mail, Timestamp::now()).await.unwrap().id());
    }
    tx.commit().await.unwrap();

    let report = worker(&store, &config, settings()).run_once().await.unwrap();

    assert!(report.server_unreachable);
    assert_eq!(report.sent, 0);
    for job in jobs {
        let stored = store.job(job).await.unwrap().unwrap();
        assert_eq!(stored.status, JobStatus::Deferred, "job {job}");
        assert_eq!(stored.attempts, 0, "job {job}: an outage uses up no attempts");
        assert!(stored.last_error.is_some(), "job {job}");
    }
}

#[tokio::test]
async fn marketing_without_consent_is_rejected() {
    let directory = tempfile::tempdir().unwrap();
    let pool = sqlite_pool(directory.path()).await;
    let rendered =
        giggatek_mail::templates::render_named(&templates(), "marketing", None, &MessageLinks::default()).unwrap();
    let mut tx = pool.begin().await.unwrap();

    let anonymous = NewMail::new(recipient("A", "a@example.com"), rendered.clone());
    let error = enqueue_sqlite(&mut tx, &anonymous, Timestamp::now()).await.unwrap_err();
    assert!(matches!(error, MailError::MarketingWithoutCustomer));

    let customer = NewMail::new(recipient("A", "a@example.com"), rendered).customer(7);
    let error = enqueue_sqlite(&mut tx, &customer, Timestamp::now()).await.unwrap_err();
    assert!(matches!(error, MailError::NoConsent { customer_id: 7 }));
}

#[tokio::test]
async fn expired_lease_sends_again_same_message_id() {
    let directory = tempfile::tempdir().unwrap();
    let pool = sqlite_pool(directory.path()).await;
    let store = SqliteMailStore::new(pool.clone());
    let smtp = SmtpServer::start();
    let rendered = templates().render(&order(), &MessageLinks::default()).unwrap();
    let mail = NewMail::new(recipient("Ana", "ana@example.com"), rendered);
    let message_key = mail.message_key().to_string();
    let mut tx = pool.begin().await.unwrap();
    let job = enqueue_sqlite(&mut tx, &mail, Timestamp::now()).await.unwrap().id();
    tx.commit().await.unwrap();

    // A worker claims the job and dies before it records anything.
    let lost = store
        .claim(Timestamp::now(), std::time::Duration::from_millis(200), 10)
        .await
        .unwrap();
    assert_eq!(lost.len(), 1);
    let worker = worker(&store, &smtp.config(), settings());
    assert_eq!(worker.run_once().await.unwrap().claimed, 0, "the lease holds");

    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let report = worker.run_once().await.unwrap();
    assert_eq!(report.sent, 1, "another worker takes over after the lease");
    let messages = smtp.messages();
    let message = parse(&messages[0]);
    assert_eq!(
        message.message_id(),
        Some(format!("{message_key}@giggatek.example").as_str())
    );

    // The first worker's late outcome is refused: its lease is gone.
    let late = giggatek_mail::jobs::Outcome::Failed {
        code: None,
        reply: "late".to_string(),
        bounced: false,
    };
    assert!(!store.record(&lost[0], &late, Timestamp::now()).await.unwrap());
    assert_eq!(store.job(job).await.unwrap().unwrap().status, JobStatus::Sent);
}
