//! Marketing consent from the customer's account: opting in and out, an
//! unsubscribe link's withdrawal shown on the account, and the staff's
//! campaigns reaching only the customers who opted in.

use std::time::Duration;

use giggatek_mail::smtp_test_server::SmtpServer;
use giggatek_sync_server::db::Database;
use giggatek_sync_server::testing::Backend;
use serde_json::{Value, json};

use crate::mail::{parse, wait_for_messages, wait_for_messages_within};
use crate::support::{self, Options, Reply, SHOP_PUBLIC_URL, ShopApp};

/// Returns the rows of `marketing_consents` for `customer_id`, oldest first:
/// (opt-in source, withdrawal source, unsubscribe token).
async fn consent_rows(app: &ShopApp, customer_id: i64) -> Vec<(String, Option<String>, String)> {
    let sql = "SELECT opt_in_source, withdrawal_source, unsubscribe_token FROM marketing_consents \
               WHERE customer_id = $1 ORDER BY id";
    match &app.shop.db {
        Database::Sqlite(pool) => sqlx::query_as(sql).bind(customer_id).fetch_all(pool).await,
        Database::Postgres(pool) => sqlx::query_as(sql).bind(customer_id).fetch_all(pool).await,
    }
    .expect("select consents")
}

/// Sends `PUT /api/account/marketing` with `subscribed` as `bearer`.
async fn set_subscribed(app: &ShopApp, bearer: &str, subscribed: bool) -> Reply {
    let body = json!({"subscribed": subscribed});
    app.call(
        "PUT",
        "/api/account/marketing",
        Some(body),
        &[("authorization", bearer)],
    )
    .await
}

async fn marketing_consent(backend: Backend) {
    let app = support::spawn(backend).await;
    let bearer = app.customer("lucia@example.com", "correct-horse-9").await;
    let auth = [("authorization", bearer.as_str())];
    let customer_id = app.get("/api/account", &auth).await.body["id"]
        .as_i64()
        .expect("account id");

    let initial = app.get("/api/account/marketing", &auth).await;
    assert_eq!(initial.status, 200, "{}", initial.body);
    assert_eq!(
        initial.body,
        json!({"subscribed": false, "opted_in_at": null, "source": null})
    );

    let anonymous = app.get("/api/account/marketing", &[]).await;
    assert_eq!(anonymous.status, 401);

    let not_bool = app
        .call(
            "PUT",
            "/api/account/marketing",
            Some(json!({"subscribed": "yes"})),
            &auth,
        )
        .await;
    assert_eq!(not_bool.status, 422);
    assert_eq!(not_bool.body["field"], "subscribed");

    let subscribed = set_subscribed(&app, &bearer, true).await;
    assert_eq!(subscribed.status, 200, "{}", subscribed.body);
    assert_eq!(subscribed.body["subscribed"], true);
    assert_eq!(subscribed.body["source"], "shop_account");
    let opted_in_at = subscribed.body["opted_in_at"].as_str().expect("opted_in_at").to_owned();
    assert!(opted_in_at.parse::<jiff::Timestamp>().is_ok(), "{opted_in_at}");

    // Opting in again keeps the first consent and its time.
    let again = set_subscribed(&app, &bearer, true).await;
    assert_eq!(again.status, 200);
    assert_eq!(again.body["opted_in_at"], opted_in_at.as_str());
    let current = app.get("/api/account/marketing", &auth).await;
    assert_eq!(current.body, subscribed.body);
    assert_eq!(consent_rows(&app, customer_id).await.len(), 1);

    let unsubscribed = set_subscribed(&app, &bearer, false).await;
    assert_eq!(unsubscribed.status, 200);
    assert_eq!(
        unsubscribed.body,
        json!({"subscribed": false, "opted_in_at": null, "source": null})
    );
    let rows = consent_rows(&app, customer_id).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].0, "shop_account");
    assert_eq!(rows[0].1.as_deref(), Some("shop_account"));

    // Opting in again adds a consent with a new token, which the one-click
    // unsubscribe link withdraws.
    let resubscribed = set_subscribed(&app, &bearer, true).await;
    assert_eq!(resubscribed.body["subscribed"], true);
    let rows = consent_rows(&app, customer_id).await;
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].1, None);
    let token = rows[1].2.clone();
    assert_ne!(token, rows[0].2);
    let link = app
        .client
        .post(format!("{}/mail/unsubscribe/{token}", app.url))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .expect("the server answers");
    assert!(link.status().is_success(), "{}", link.status());

    let after_link = app.get("/api/account/marketing", &auth).await;
    assert_eq!(after_link.body["subscribed"], false);
    let rows = consent_rows(&app, customer_id).await;
    assert!(rows[1].1.is_some(), "the link's withdrawal is stored");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn marketing_consent_sqlite() {
    marketing_consent(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn marketing_consent_postgres() {
    marketing_consent(Backend::Postgres).await;
}

fn campaign_body() -> Value {
    json!({
        "name": "Winter GPU sale",
        "subject": "Winter GPU sale: 15 % off until Sunday",
        "headline": "Winter GPU sale",
        "paragraphs": ["Every graphics card in stock is 15 % off until Sunday."],
        "call_to_action": {"label": "See the cards", "url": "https://shop.example.com/sale/gpus"},
        "rate_per_minute": 600
    })
}

async fn campaign_to_opted_in(backend: Backend) {
    let smtp = SmtpServer::start();
    let app = support::spawn_with(
        backend,
        Options {
            smtp: Some(smtp.config()),
            ..Options::default()
        },
    )
    .await;
    let staff = app.staff().await;
    let mut customers = Vec::new();
    for email in ["ana@example.com", "ben@example.com", "cleo@example.com"] {
        customers.push(app.customer(email, "correct-horse-9").await);
    }
    for bearer in &customers[..2] {
        let subscribed = set_subscribed(&app, bearer, true).await;
        assert_eq!(subscribed.status, 200, "{}", subscribed.body);
    }

    let path = "/api/admin/mail/campaigns";
    let anonymous = app
        .post(path, campaign_body(), &[("idempotency-key", "winter-1")])
        .await;
    assert_eq!(anonymous.status, 401);
    let customer = app
        .post(
            path,
            campaign_body(),
            &[
                ("authorization", customers[0].as_str()),
                ("idempotency-key", "winter-1"),
            ],
        )
        .await;
    assert_eq!(customer.status, 403);
    let staff_auth = ("authorization", staff.as_str());
    let no_key = app.post(path, campaign_body(), &[staff_auth]).await;
    assert_eq!(no_key.status, 422);
    assert_eq!(no_key.body["field"], "Idempotency-Key");
    let mut zero_rate = campaign_body();
    zero_rate["rate_per_minute"] = json!(0);
    let zero_rate = app
        .post(path, zero_rate, &[staff_auth, ("idempotency-key", "winter-1")])
        .await;
    assert_eq!(zero_rate.status, 422);
    assert_eq!(zero_rate.body["field"], "rate_per_minute");
    let mut bad_url = campaign_body();
    bad_url["call_to_action"]["url"] = json!("javascript:alert(1)");
    let bad_url = app
        .post(path, bad_url, &[staff_auth, ("idempotency-key", "winter-1")])
        .await;
    assert_eq!(bad_url.status, 422);
    assert_eq!(bad_url.body["field"], "call_to_action.url");
    let mut no_paragraphs = campaign_body();
    no_paragraphs["paragraphs"] = json!([]);
    let no_paragraphs = app
        .post(path, no_paragraphs, &[staff_auth, ("idempotency-key", "winter-1")])
        .await;
    assert_eq!(no_paragraphs.status, 422);
    assert_eq!(no_paragraphs.body["field"], "paragraphs");

    let queued = app
        .post(path, campaign_body(), &[staff_auth, ("idempotency-key", "winter-1")])
        .await;
    assert_eq!(queued.status, 201, "{}", queued.body);
    assert_eq!(queued.body["recipients"], 2);
    let campaign_id = queued.body["campaign_id"].as_i64().expect("campaign_id");

    let repeated = app
        .post(path, campaign_body(), &[staff_auth, ("idempotency-key", "winter-1")])
        .await;
    assert_eq!(repeated.status, 200, "{}", repeated.body);
    assert_eq!(repeated.body, json!({"campaign_id": campaign_id, "recipients": 2}));
    assert_eq!(app.mail_job_count("marketing").await, 2);

    let messages = wait_for_messages(&smtp, 2).await;
    // Nothing more arrives: not for the third customer, nor from the repeat.
    let after_wait = wait_for_messages_within(&smtp, 2, Duration::from_secs(2)).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(smtp.messages().len(), 2);
    assert_eq!(after_wait.len(), 2);
    let mut recipients = smtp.envelope_recipients();
    recipients.sort();
    assert_eq!(
        recipients,
        vec![vec!["ana@example.com".to_owned()], vec!["ben@example.com".to_owned()]]
    );
    for raw in &messages {
        let message = parse(raw);
        assert_eq!(message.subject(), Some("Winter GPU sale: 15 % off until Sunday"));
        let unsubscribe = message
            .header_raw("List-Unsubscribe")
            .expect("List-Unsubscribe")
            .trim()
            .to_owned();
        assert!(unsubscribe.starts_with("<"), "{unsubscribe}");
        assert!(unsubscribe.contains("/mail/unsubscribe/"), "{unsubscribe}");
        let post = message
            .header_raw("List-Unsubscribe-Post")
            .expect("List-Unsubscribe-Post");
        assert_eq!(post.trim(), "List-Unsubscribe=One-Click");
        let text = message.body_text(0).expect("text part");
        assert!(
            text.contains("Every graphics card in stock is 15 % off until Sunday."),
            "{text}"
        );
        assert!(text.contains(&format!("{SHOP_PUBLIC_URL}/mail/unsubscribe/")), "{text}");
        let html = message.body_html(0).expect("HTML part");
        assert!(html.contains("href=\"https://shop.example.com/sale/gpus\""), "{html}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn campaign_to_opted_in_sqlite() {
    campaign_to_opted_in(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn campaign_to_opted_in_postgres() {
    campaign_to_opted_in(Backend::Postgres).await;
}
