//! Consent, campaigns at a limited rate, the one-click unsubscribe link
//! and open tracking, end to end through SMTP and the public router.

use std::time::Duration;

use giggatek_mail::MailSettings;
use giggatek_mail::campaign::{NewCampaign, queue_campaign, send_interval};
use giggatek_mail::consent::{grant_consent, withdraw_consent};
use giggatek_mail::http::public_router;
use giggatek_mail::jobs::{JobStatus, SqliteMailStore};
use giggatek_mail::templates::{CallToAction, Marketing};
use giggatek_mail::time::parse_instant;
use jiff::Timestamp;

use crate::support::{SmtpServer, parse, raw_header, recipient, serve, sqlite_pool, templates, worker};

fn sale(name: &str) -> Marketing {
    Marketing {
        customer_name: name.to_string(),
        subject: "Winter GPU sale".to_string(),
        headline: "15 % off every graphics card".to_string(),
        paragraphs: vec!["Until Sunday, in the shop and online.".to_string()],
        call_to_action: Some(CallToAction {
            label: "See the cards".to_string(),
            url: "https://shop.giggatek.example/sale/gpus".to_string(),
        }),
    }
}

#[tokio::test]
async fn campaign_reaches_only_consenting_customers() {
    let directory = tempfile::tempdir().unwrap();
    let pool = sqlite_pool(directory.path()).await;
    let store = SqliteMailStore::new(pool.clone());
    let smtp = SmtpServer::start();
    let public = serve(giggatek_mail::http::public_router(store.clone())).await;
    let settings = MailSettings::new(
        "GigGatek",
        giggatek_mail::EmailAddress::parse("news@giggatek.example").unwrap(),
        &public,
    );
    let now = Timestamp::now();

    let mut tx = pool.begin().await.unwrap();
    let lucia = grant_consent(
        &mut tx,
        1,
        &recipient("Núñez, Lucía", "lucia@example.com"),
        "checkout",
        now,
    )
    .await
    .unwrap();
    let again = grant_consent(
        &mut tx,
        1,
        &recipient("Núñez, Lucía", "lucia@example.com"),
        "account",
        now,
    )
    .await
    .unwrap();
    assert_eq!(
        again.unsubscribe_token, lucia.unsubscribe_token,
        "one active consent per customer"
    );
    grant_consent(&mut tx, 2, &recipient("Bo", "bo@example.com"), "store_counter", now)
        .await
        .unwrap();
    grant_consent(&mut tx, 3, &recipient("Cy", "cy@example.com"), "account", now)
        .await
        .unwrap();
    assert!(withdraw_consent(&mut tx, 3, "account", now).await.unwrap());
    // Customer 4 never agreed and has no consent row at all.
    let campaign = NewCampaign {
        name: "Winter GPU sale".to_string(),
        rate_per_minute: 600,
        start_at: now,
    };
    let queued = queue_campaign(
        &mut tx,
        &templates(),
        &settings,
        &campaign,
        |consent| sale(consent.recipient.name()),
        now,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(queued.recipients, 2);

    let worker = worker(&store, &smtp.config(), settings.clone());
    crate::support::wait_until(Duration::from_secs(10), "both campaign messages", || async {
        worker.run_once().await.unwrap();
        smtp.messages().len() == 2
    })
    .await;
    let mut envelopes = smtp.envelope_recipients();
    envelopes.sort();
    assert_eq!(
        envelopes,
        vec![
            vec!["bo@example.com".to_string()],
            vec!["lucia@example.com".to_string()]
        ]
    );

    let messages = smtp.messages();
    let raw = messages
        .iter()
        .find(|raw| raw_header(raw, "To").unwrap().contains("lucia@"))
        .unwrap();
    let unsubscribe = raw_header(raw, "List-Unsubscribe").unwrap();
    let expected_url = format!("{public}/mail/unsubscribe/{}", lucia.unsubscribe_token);
    assert_eq!(unsubscribe, format!("<{expected_url}>"));
    assert_eq!(
        raw_header(raw, "List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    let message = parse(raw);
    assert!(
        message
            .body_text(0)
            .unwrap()
            .contains(&format!("Unsubscribe: {expected_url}"))
    );
    let html = message.body_html(0).unwrap();
    assert!(html.contains(&format!("href=\"{expected_url}\"")));
    assert!(html.contains("href=\"https://shop.giggatek.example/sale/gpus\""));

    // The open-tracking image records the first opening.
    let pixel_start = html.find(&format!("{public}/mail/open/")).unwrap();
    let pixel_url = &html[pixel_start..pixel_start + html[pixel_start..].find('"').unwrap()];
    let client = crate::support::http_client();
    let pixel = client.get(pixel_url).send().await.unwrap();
    assert_eq!(pixel.headers()["content-type"], "image/gif");
    let opened = store.list_jobs(Some(JobStatus::Sent), 10).await.unwrap();
    assert_eq!(opened.iter().filter(|job| job.opened_at.is_some()).count(), 1);

    // A GET changes nothing; the one-click POST (RFC 8058) withdraws consent.
    let page = client.get(&expected_url).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("method=\"post\""));
    assert!(store.consent_active(&lucia.unsubscribe_token).await.unwrap());
    let response = client
        .post(&expected_url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(!store.consent_active(&lucia.unsubscribe_token).await.unwrap());

    // The next campaign goes to the one customer left.
    let mut tx = pool.begin().await.unwrap();
    let next = queue_campaign(
        &mut tx,
        &templates(),
        &settings,
        &campaign,
        |consent| sale(consent.recipient.name()),
        now,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(next.recipients, 1);
}

#[tokio::test]
async fn withdrawn_consent_cancels_queued_mail() {
    let directory = tempfile::tempdir().unwrap();
    let pool = sqlite_pool(directory.path()).await;
    let store = SqliteMailStore::new(pool.clone());
    let smtp = SmtpServer::start();
    let settings = crate::support::settings();
    let now = Timestamp::now();
    let mut tx = pool.begin().await.unwrap();
    grant_consent(&mut tx, 9, &recipient("Di", "di@example.com"), "checkout", now)
        .await
        .unwrap();
    let campaign = NewCampaign {
        name: "Sale".to_string(),
        rate_per_minute: 60,
        start_at: now,
    };
    queue_campaign(
        &mut tx,
        &templates(),
        &settings,
        &campaign,
        |consent| sale(consent.recipient.name()),
        now,
    )
    .await
    .unwrap();
    withdraw_consent(&mut tx, 9, "account", now).await.unwrap();
    tx.commit().await.unwrap();

    worker(&store, &smtp.config(), settings).run_once().await.unwrap();

    let jobs = store.list_jobs(None, 10).await.unwrap();
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].status, JobStatus::Cancelled);
    assert_eq!(jobs[0].last_error.as_deref(), Some("marketing consent withdrawn"));
    assert!(smtp.messages().is_empty());
}

#[tokio::test]
async fn campaign_is_sent_at_its_rate() {
    let directory = tempfile::tempdir().unwrap();
    let pool = sqlite_pool(directory.path()).await;
    let store = SqliteMailStore::new(pool.clone());
    let smtp = SmtpServer::start();
    let settings = crate::support::settings();
    let now = Timestamp::now();
    let recipients = 5;
    let mut tx = pool.begin().await.unwrap();
    for customer in 1..=recipients {
        let who = recipient("Fan", &format!("fan{customer}@example.com"));
        grant_consent(&mut tx, customer, &who, "account", now).await.unwrap();
    }
    // 240 a minute: one every 250 ms.
    let campaign = NewCampaign {
        name: "Rate".to_string(),
        rate_per_minute: 240,
        start_at: now,
    };
    let queued = queue_campaign(
        &mut tx,
        &templates(),
        &settings,
        &campaign,
        |consent| sale(consent.recipient.name()),
        now,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(send_interval(240), Duration::from_millis(250));
    assert_eq!(
        queued.last_send_at.duration_since(now),
        jiff::SignedDuration::from_millis(1000)
    );

    let worker = worker(&store, &smtp.config(), settings);
    crate::support::wait_until(Duration::from_secs(10), "the whole campaign", || async {
        worker.run_once().await.unwrap();
        smtp.messages().len() == 5
    })
    .await;

    let mut sent_at: Vec<Timestamp> = store
        .list_jobs(Some(JobStatus::Sent), 10)
        .await
        .unwrap()
        .iter()
        .map(|job| parse_instant("sent_at", job.sent_at.as_deref().unwrap()).unwrap())
        .collect();
    sent_at.sort();
    // The n-th message (from 0) leaves no earlier than n intervals after
    // the start, so no window contains more messages than the rate allows.
    for (index, sent) in (0_i64..).zip(&sent_at) {
        let earliest = now.checked_add(jiff::SignedDuration::from_millis(250 * index)).unwrap();
        assert!(*sent >= earliest, "message {index} sent at {sent}, before {earliest}");
    }
}

#[tokio::test]
async fn public_router_unknown_token_reveals_nothing() {
    let directory = tempfile::tempdir().unwrap();
    let pool = sqlite_pool(directory.path()).await;
    let base = serve(public_router(SqliteMailStore::new(pool))).await;
    let client = crate::support::http_client();
    let response = client
        .post(format!("{base}/mail/unsubscribe/unknown"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let pixel = client
        .get(format!("{base}/mail/open/unknown.gif"))
        .send()
        .await
        .unwrap();
    assert_eq!(pixel.status(), 200);
    let other = client
        .get(format!("{base}/mail/open/unknown.png"))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 404);
}
