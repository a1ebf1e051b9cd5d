//! The shop's mail through a real SMTP server (aiosmtpd): the password
//! reset link, one order confirmation per paid order however often Stripe
//! reports the payment, and the staff's mail job list.

use std::time::{Duration, Instant};

use giggatek_mail::smtp_test_server::SmtpServer;
use giggatek_payments::signature::sign;
use giggatek_sync_server::db::{Database, shop_events};
use giggatek_sync_server::shop::clock;
use giggatek_sync_server::testing::Backend;
use mail_parser::MimeHeaders;
use serde_json::{Value, json};

use crate::support::{self, Options, SHOP_PUBLIC_URL, ShopApp, WEBHOOK_SECRET};

/// Waits until the SMTP server has received `count` messages and returns them.
pub async fn wait_for_messages(smtp: &SmtpServer, count: usize) -> Vec<Vec<u8>> {
    wait_for_messages_within(smtp, count, Duration::from_secs(30)).await
}

/// Waits up to `limit` until the SMTP server has received `count` messages.
pub async fn wait_for_messages_within(smtp: &SmtpServer, count: usize, limit: Duration) -> Vec<Vec<u8>> {
    let start = Instant::now();
    loop {
        let messages = smtp.messages();
        if messages.len() >= count {
            return messages;
        }
        assert!(
            start.elapsed() < limit,
            "the SMTP server got {} messages within {limit:?}, not {count}",
            messages.len()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub fn parse(raw: &[u8]) -> mail_parser::Message<'_> {
    mail_parser::MessageParser::default()
        .parse(raw)
        .expect("the message parses")
}

async fn spawn_with_smtp(backend: Backend, smtp: &SmtpServer) -> ShopApp {
    support::spawn_with(
        backend,
        Options {
            smtp: Some(smtp.config()),
            ..Options::default()
        },
    )
    .await
}

async fn password_reset_mail(backend: Backend) {
    let smtp = SmtpServer::start();
    let app = spawn_with_smtp(backend, &smtp).await;
    let first = app.customer("zoe@example.com", "correct-horse-9").await;
    let second = app.log_in("zoe@example.com", "correct-horse-9").await;

    let requested = app
        .post("/api/password-resets", json!({"email": "Zoe@Example.com"}), &[])
        .await;
    assert_eq!(requested.status, 202, "{}", requested.body);
    let raw = wait_for_messages(&smtp, 1).await.remove(0);
    let message = parse(&raw);
    let content_type = message.content_type().expect("Content-Type");
    assert_eq!(content_type.ctype(), "multipart");
    assert_eq!(content_type.subtype(), Some("alternative"));
    assert_eq!(message.text_body.len(), 1);
    assert_eq!(message.html_body.len(), 1);
    assert_eq!(message.subject(), Some("Reset your GigGatek password"));
    let to = message.to().and_then(|to| to.first()).expect("To");
    assert_eq!(to.address(), Some("zoe@example.com"));
    assert_eq!(to.name(), Some("Ana Shopper"));
    assert_eq!(smtp.envelope_recipients(), vec![vec!["zoe@example.com".to_owned()]]);

    let text = message.body_text(0).expect("text part");
    let token = support::reset_token_in(&text);
    assert_eq!(token.len(), 64);
    let html = message.body_html(0).expect("HTML part");
    let link = format!("{SHOP_PUBLIC_URL}/password-reset?token={token}");
    assert!(html.contains(&format!("href=\"{link}\"")), "{html}");
    assert!(text.contains("works for 60 minutes"), "{text}");

    let confirmed = app.confirm_reset(&token, "reset-password-3").await;
    assert_eq!(confirmed.status, 204, "{}", confirmed.body);
    for session in [&first, &second] {
        let profile = app.get("/api/account", &[("authorization", session.as_str())]).await;
        assert_eq!(profile.status, 401, "a session before the reset still works");
    }
    app.log_in("zoe@example.com", "reset-password-3").await;

    let reused = app.confirm_reset(&token, "another-pass-4").await;
    assert_eq!(reused.status, 422, "{}", reused.body);
    assert_eq!(reused.body["field"], "token");
    app.log_in("zoe@example.com", "reset-password-3").await;
    assert_eq!(smtp.messages().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_reset_mail_sqlite() {
    password_reset_mail(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_reset_mail_postgres() {
    password_reset_mail(Backend::Postgres).await;
}

/// Reads the payload of a stored Stripe event.
async fn stored_payload(app: &ShopApp, event_id: &str) -> String {
    let sql = "SELECT payload FROM stripe_events WHERE event_id = $1";
    match &app.shop.db {
        Database::Sqlite(pool) => sqlx::query_scalar(sql).bind(event_id).fetch_one(pool).await,
        Database::Postgres(pool) => sqlx::query_scalar(sql).bind(event_id).fetch_one(pool).await,
    }
    .expect("the stored event")
}

/// Sends an event body to the webhook, signed now, and returns the reply.
async fn deliver(app: &ShopApp, payload: String) -> Value {
    let signature = sign(payload.as_bytes(), WEBHOOK_SECRET, clock::unix_now());
    let response = app
        .client
        .post(format!("{}/webhooks/stripe", app.url))
        .header("stripe-signature", signature)
        .header("content-type", "application/json")
        .body(payload)
        .send()
        .await
        .expect("the webhook answers");
    assert_eq!(response.status().as_u16(), 200);
    let bytes = response.bytes().await.expect("the reply body");
    serde_json::from_slice(&bytes).expect("a JSON reply")
}

/// Waits until the stored event `event_id` has status `applied`.
async fn wait_for_applied(app: &ShopApp, event_id: &str) {
    let start = Instant::now();
    while shop_events::status(&app.shop.db, event_id)
        .await
        .expect("event status")
        .as_deref()
        != Some("applied")
    {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "event {event_id} not applied within 30 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Finds the id of the payment_intent.succeeded event stored for `payment_intent`.
async fn succeeded_event_id(app: &ShopApp, payment_intent: &str) -> String {
    let sql = "SELECT event_id FROM stripe_events WHERE event_type = 'payment_intent.succeeded' AND payload LIKE $1";
    let pattern = format!("%{payment_intent}%");
    match &app.shop.db {
        Database::Sqlite(pool) => sqlx::query_scalar(sql).bind(&pattern).fetch_one(pool).await,
        Database::Postgres(pool) => sqlx::query_scalar(sql).bind(&pattern).fetch_one(pool).await,
    }
    .expect("the succeeded event is stored")
}

async fn order_confirmation_mail(backend: Backend) {
    let smtp = SmtpServer::start();
    let app = spawn_with_smtp(backend, &smtp).await;
    let staff = app.staff().await;
    // AMD Ryzen 7 7800X3D at 340.05 and a cooler at 19.99, both taxable.
    let cpu = app.product(&staff, "CPU-7800X3D", json!(340.05), true, 5).await;
    let cooler = app.product(&staff, "COOL-212", json!("19.99"), true, 5).await;
    let customer = app.customer("ana@example.com", "correct-horse-9").await;
    let cart = app.cart(Some(&customer)).await;
    assert_eq!(app.add(&cart, cpu, 2).await.status, 200);
    assert_eq!(app.add(&cart, cooler, 1).await.status, 200);
    let body = json!({"cart_id": cart.0, "payment_method": "pm_card_visa"});
    let checkout = app
        .post("/api/checkout", body, &[("authorization", customer.as_str())])
        .await;
    assert_eq!(checkout.status, 201, "{}", checkout.body);
    let order_id = checkout.body["order"]["id"].as_i64().expect("order id");
    let payment_intent = checkout.body["order"]["payment_intent_id"]
        .as_str()
        .expect("PaymentIntent")
        .to_owned();
    assert_eq!(app.mail_job_count("order_confirmation").await, 0);

    let status = app
        .localstripe
        .confirm_payment_intent(&payment_intent)
        .await
        .expect("payment");
    assert_eq!(status, "succeeded");
    app.wait_for_order(order_id, &customer, |order| order["status"] == "paid")
        .await;
    // A redelivery repeats the event id, so the webhook stores it once. A
    // second succeeded event with an id of its own reaches the order, which
    // is already paid, so it must not queue a second mail either.
    let event_id = succeeded_event_id(&app, &payment_intent).await;
    let payload = stored_payload(&app, &event_id).await;
    let again = deliver(&app, payload.clone()).await;
    assert_eq!(again["duplicate"], true);
    let mut second_event: Value = serde_json::from_str(&payload).expect("JSON event");
    second_event["id"] = json!("evt_second_report");
    let second = deliver(&app, second_event.to_string()).await;
    assert_eq!(second["duplicate"], false);
    wait_for_applied(&app, "evt_second_report").await;

    let messages = wait_for_messages(&smtp, 1).await;
    // Give a second mail, if one were queued, time to arrive.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(smtp.messages().len(), 1, "exactly one mail per paid order");
    assert_eq!(app.mail_job_count("order_confirmation").await, 1);
    let message = parse(&messages[0]);
    assert_eq!(
        message.content_type().expect("Content-Type").subtype(),
        Some("alternative")
    );
    assert_eq!(
        message.subject(),
        Some(format!("GigGatek order {order_id} confirmed").as_str())
    );
    let to = message.to().and_then(|to| to.first()).expect("To");
    assert_eq!(to.address(), Some("ana@example.com"));
    let text = message.body_text(0).expect("text part");
    // 680.10 + 19.99 = 700.09; tax per line at 8.25 %: 56.11 + 1.65.
    assert!(text.contains("2 x Product CPU-7800X3D: $680.10"), "{text}");
    assert!(text.contains("1 x Product COOL-212: $19.99"), "{text}");
    assert!(text.contains("Subtotal: $700.09"), "{text}");
    assert!(text.contains("Tax: $57.76"), "{text}");
    assert!(text.contains("Total: $757.85"), "{text}");
    assert!(
        text.contains(&format!("View your order: {SHOP_PUBLIC_URL}/orders/{order_id}")),
        "{text}"
    );

    // The staff's list shows the job as sent, with the SMTP server's reply.
    let jobs = wait_for_sent_job(&app, &staff, "order_confirmation").await;
    assert_eq!(jobs.len(), 1);
    let job = &jobs[0];
    assert_eq!(job["status"], "sent");
    assert_eq!(job["to_email"], "ana@example.com");
    assert_eq!(job["attempts"], 1);
    assert_eq!(job["smtp_code"], 250);
    assert_eq!(job["smtp_reply"], "250 2.0.0 Ok: queued as 000001");
    assert!(job["sent_at"].is_string());

    let forbidden = app
        .get("/api/admin/mail/jobs", &[("authorization", customer.as_str())])
        .await;
    assert_eq!(forbidden.status, 403, "{}", forbidden.body);
    assert_eq!(forbidden.body["error"], "forbidden");
    let anonymous = app.get("/api/admin/mail/jobs", &[]).await;
    assert_eq!(anonymous.status, 401, "{}", anonymous.body);
    assert_eq!(anonymous.body["error"], "unauthorized");
    let resend_path = format!("/api/admin/mail/jobs/{}/resend", job["id"]);
    let customer_resend = app
        .post(&resend_path, json!({}), &[("authorization", customer.as_str())])
        .await;
    assert_eq!(customer_resend.status, 403);
    assert_eq!(smtp.messages().len(), 1);
}

/// Polls the staff's mail list until every job of `template` is sent.
async fn wait_for_sent_job(app: &ShopApp, staff: &str, template: &str) -> Vec<Value> {
    let start = Instant::now();
    loop {
        let list = app.get("/api/admin/mail/jobs", &[("authorization", staff)]).await;
        assert_eq!(list.status, 200, "{}", list.body);
        let jobs: Vec<Value> = list.body["jobs"]
            .as_array()
            .expect("jobs")
            .iter()
            .filter(|job| job["template"] == template)
            .cloned()
            .collect();
        if !jobs.is_empty() && jobs.iter().all(|job| job["status"] == "sent") {
            return jobs;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "jobs not sent: {}",
            list.body
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn order_confirmation_mail_sqlite() {
    order_confirmation_mail(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn order_confirmation_mail_postgres() {
    order_confirmation_mail(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_resends_sent_mail() {
    let smtp = SmtpServer::start();
    let app = spawn_with_smtp(Backend::Sqlite, &smtp).await;
    let staff = app.staff().await;
    app.customer("lea@example.com", "correct-horse-9").await;
    app.post("/api/password-resets", json!({"email": "lea@example.com"}), &[])
        .await;
    let jobs = wait_for_sent_job(&app, &staff, "password_reset").await;
    let first_id = jobs[0]["id"].as_i64().expect("job id");

    let resent = app
        .post(
            &format!("/api/admin/mail/jobs/{first_id}/resend"),
            json!({}),
            &[("authorization", staff.as_str())],
        )
        .await;
    assert_eq!(resent.status, 202, "{}", resent.body);
    let copy_id = resent.body["job_id"].as_i64().expect("new job id");
    assert_ne!(copy_id, first_id);
    let messages = wait_for_messages(&smtp, 2).await;
    assert_eq!(messages.len(), 2);
    let copy = app
        .get(
            &format!("/api/admin/mail/jobs/{copy_id}"),
            &[("authorization", staff.as_str())],
        )
        .await;
    assert_eq!(copy.status, 200, "{}", copy.body);
    assert_eq!(copy.body["resent_from_job_id"], first_id);
    let missing = app
        .get("/api/admin/mail/jobs/999999", &[("authorization", staff.as_str())])
        .await;
    assert_eq!(missing.status, 404);
}
