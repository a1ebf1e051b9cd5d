//! Stripe's webhook: signatures on the raw body, duplicate and parallel
//! deliveries, events out of order and events that arrive before their
//! order is linked.

use std::sync::Arc;

use giggatek_payments::signature::sign;
use giggatek_sync_server::db::shop_events;
use giggatek_sync_server::db::shop_orders::{self, OrderTable};
use giggatek_sync_server::shop::{CheckoutHook, clock, events};
use giggatek_sync_server::testing::Backend;
use serde_json::{Value, json};
use tokio::sync::Notify;

use crate::support::{self, ShopApp, WEBHOOK_SECRET};

/// A payment_intent.* event as Stripe formats it: two-space indentation and
/// a JSON escape in the metadata.
pub(crate) fn payment_event(
    event_id: &str,
    event_type: &str,
    payment_intent: &str,
    order_id: i64,
    amount: i64,
    created: i64,
) -> String {
    format!(
        r#"{{
  "id": "{event_id}",
  "object": "event",
  "api_version": "2024-06-20",
  "created": {created},
  "data": {{
    "object": {{
      "id": "{payment_intent}",
      "object": "payment_intent",
      "amount": {amount},
      "amount_received": {amount},
      "currency": "usd",
      "metadata": {{
        "customer_note": "Caf\u00e9 table for Zo\u00eb",
        "order_id": "{order_id}"
      }},
      "status": "succeeded"
    }}
  }},
  "livemode": false,
  "pending_webhooks": 1,
  "request": {{
    "id": null,
    "idempotency_key": null
  }},
  "type": "{event_type}"
}}"#
    )
}

/// A charge.succeeded event whose Charge has no "refunds" key.
fn charge_succeeded_without_refunds(payment_intent: &str, amount: i64) -> String {
    format!(
        r#"{{
  "id": "evt_charge_{payment_intent}",
  "object": "event",
  "created": {},
  "data": {{
    "object": {{
      "id": "ch_{payment_intent}",
      "object": "charge",
      "amount": {amount},
      "amount_refunded": 0,
      "payment_intent": "{payment_intent}",
      "paid": true
    }}
  }},
  "type": "charge.succeeded"
}}"#,
        clock::unix_now()
    )
}

pub(crate) async fn deliver(app: &ShopApp, body: &str, timestamp: i64) -> (u16, Value) {
    let signature = sign(body.as_bytes(), WEBHOOK_SECRET, timestamp);
    let response = app
        .client
        .post(format!("{}/webhooks/stripe", app.url))
        .header("stripe-signature", signature)
        .header("content-type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .expect("webhook answered");
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("body");
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

/// Checks out one unit of a tax-exempt product at `price`; returns the
/// order id and its PaymentIntent id.
async fn order_awaiting_payment(app: &ShopApp, staff: &str, sku: &str, price: &str) -> (i64, String) {
    let product = app.product(staff, sku, json!(price), false, 10).await;
    let cart = app.cart(None).await;
    app.add(&cart, product, 1).await;
    let checkout = app.checkout(&cart, &[]).await;
    assert_eq!(checkout.status, 201, "{}", checkout.body);
    (
        checkout.body["order"]["id"].as_i64().expect("order id"),
        checkout.body["order"]["payment_intent_id"]
            .as_str()
            .expect("PaymentIntent")
            .to_owned(),
    )
}

async fn count(app: &ShopApp, table: OrderTable, order_id: i64) -> i64 {
    shop_orders::count_for_order(&app.shop.db, table, order_id)
        .await
        .expect("count")
}

async fn wait_for_event(app: &ShopApp, event_id: &str, status: &str) {
    for _ in 0..300 {
        let stored = shop_events::status(&app.shop.db, event_id).await.expect("status");
        if stored.as_deref() == Some(status) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("event {event_id} did not reach {status} within 30 s");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_signature_on_raw_body() {
    let app = support::spawn(Backend::Sqlite).await;
    let staff = app.staff().await;
    let (order_id, payment_intent) = order_awaiting_payment(&app, &staff, "DESK-1", "32.84").await;
    let body = payment_event(
        "evt_raw_1",
        "payment_intent.succeeded",
        &payment_intent,
        order_id,
        3284,
        clock::unix_now(),
    );

    let altered = body.replacen("3284", "3285", 1);
    let (status, reply) = deliver_with_signature_of(&app, &altered, &body).await;
    assert_eq!(status, 400, "{reply}");
    assert_eq!(reply["error"], "bad_request");
    assert_eq!(
        shop_events::status(&app.shop.db, "evt_raw_1").await.expect("status"),
        None
    );

    let (status, reply) = deliver(&app, &body, clock::unix_now() - 600).await;
    assert_eq!(status, 400, "{reply}");
    assert_eq!(
        shop_events::status(&app.shop.db, "evt_raw_1").await.expect("status"),
        None
    );

    let (status, reply) = deliver(&app, &body, clock::unix_now()).await;
    assert_eq!(status, 200, "{reply}");
    assert_eq!(reply["duplicate"], false);
    let charge = charge_succeeded_without_refunds(&payment_intent, 3284);
    let (status, reply) = deliver(&app, &charge, clock::unix_now()).await;
    assert_eq!(status, 200, "{reply}");

    let order = app
        .wait_for_order(order_id, &staff, |order| order["status"] == "paid")
        .await;
    assert_eq!(order["paid_cents"], 3284);
    wait_for_event(&app, &format!("evt_charge_{payment_intent}"), "ignored").await;
    assert_eq!(count(&app, OrderTable::Payments, order_id).await, 1);
    // checkout, then paid: two status changes.
    assert_eq!(count(&app, OrderTable::StatusChanges, order_id).await, 2);
}

/// Sends `body` with the signature computed for `signed_body`.
async fn deliver_with_signature_of(app: &ShopApp, body: &str, signed_body: &str) -> (u16, Value) {
    let signature = sign(signed_body.as_bytes(), WEBHOOK_SECRET, clock::unix_now());
    let response = app
        .client
        .post(format!("{}/webhooks/stripe", app.url))
        .header("stripe-signature", signature)
        .body(body.to_owned())
        .send()
        .await
        .expect("webhook answered");
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("body");
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

async fn parallel_duplicates_settle_once(backend: Backend) {
    let app = support::spawn(backend).await;
    let staff = app.staff().await;
    let (order_id, payment_intent) = order_awaiting_payment(&app, &staff, "GPU-1045", "54.12").await;
    let product_before = app.get("/api/products/1", &[]).await.body["stock_available"].clone();
    assert_eq!(product_before, 9);
    let body = payment_event(
        "evt_dup_1045",
        "payment_intent.succeeded",
        &payment_intent,
        order_id,
        5412,
        clock::unix_now(),
    );
    let charge = charge_succeeded_without_refunds(&payment_intent, 5412);
    let now = clock::unix_now();
    let order_path = format!("/api/orders/{order_id}");
    let browser_headers = [("authorization", staff.as_str())];
    let (first, second, third, charged, browser) = tokio::join!(
        deliver(&app, &body, now),
        deliver(&app, &body, now),
        deliver(&app, &body, now),
        deliver(&app, &charge, now),
        app.get(&order_path, &browser_headers),
    );
    for (status, reply) in [&first, &second, &third, &charged] {
        assert_eq!(*status, 200, "{reply}");
    }
    assert_eq!(browser.status, 200);
    let duplicates = [&first, &second, &third]
        .iter()
        .filter(|(_, reply)| reply["duplicate"] == true)
        .count();
    assert_eq!(duplicates, 2);

    let order = app
        .wait_for_order(order_id, &staff, |order| order["status"] == "paid")
        .await;
    wait_for_event(&app, "evt_dup_1045", "applied").await;
    assert_eq!(order["paid_cents"], 5412);
    assert_eq!(count(&app, OrderTable::Payments, order_id).await, 1);
    assert_eq!(count(&app, OrderTable::StatusChanges, order_id).await, 2);
    assert_eq!(app.mail_job_count("order_confirmation").await, 1);
    let product_after = app.get("/api/products/1", &[]).await.body["stock_available"].clone();
    assert_eq!(product_after, 9);
    let on_hand = app.stock_on_hand("GPU-1045").await;
    assert_eq!(on_hand, 9);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_duplicates_settle_once_sqlite() {
    parallel_duplicates_settle_once(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_duplicates_settle_once_postgres() {
    parallel_duplicates_settle_once(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn late_failure_keeps_order_paid() {
    let app = support::spawn(Backend::Postgres).await;
    let staff = app.staff().await;
    let (order_id, payment_intent) = order_awaiting_payment(&app, &staff, "RAM-1", "20.00").await;
    let succeeded = payment_event(
        "evt_ok",
        "payment_intent.succeeded",
        &payment_intent,
        order_id,
        2000,
        100,
    );
    let failed = payment_event(
        "evt_failed",
        "payment_intent.payment_failed",
        &payment_intent,
        order_id,
        2000,
        99,
    );
    let canceled = payment_event(
        "evt_canceled",
        "payment_intent.canceled",
        &payment_intent,
        order_id,
        2000,
        101,
    );
    assert_eq!(deliver(&app, &succeeded, clock::unix_now()).await.0, 200);
    wait_for_event(&app, "evt_ok", "applied").await;
    assert_eq!(deliver(&app, &failed, clock::unix_now()).await.0, 200);
    assert_eq!(deliver(&app, &canceled, clock::unix_now()).await.0, 200);
    wait_for_event(&app, "evt_failed", "applied").await;
    wait_for_event(&app, "evt_canceled", "applied").await;

    let order = app
        .get(&format!("/api/orders/{order_id}"), &[("authorization", staff.as_str())])
        .await;
    assert_eq!(order.body["status"], "paid");
    assert_eq!(order.body["paid_cents"], 2000);
    assert_eq!(count(&app, OrderTable::StatusChanges, order_id).await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failure_then_success_ends_paid() {
    let app = support::spawn(Backend::Sqlite).await;
    let staff = app.staff().await;
    let (order_id, payment_intent) = order_awaiting_payment(&app, &staff, "SSD-1", "75.50").await;
    let failed = payment_event(
        "evt_f1",
        "payment_intent.payment_failed",
        &payment_intent,
        order_id,
        7550,
        1,
    );
    assert_eq!(deliver(&app, &failed, clock::unix_now()).await.0, 200);
    let cancelled = app
        .wait_for_order(order_id, &staff, |order| order["status"] == "cancelled")
        .await;
    assert_eq!(cancelled["paid_cents"], 0);
    assert_eq!(app.get("/api/products/1", &[]).await.body["stock_available"], 10);

    let succeeded = payment_event("evt_s1", "payment_intent.succeeded", &payment_intent, order_id, 7550, 2);
    assert_eq!(deliver(&app, &succeeded, clock::unix_now()).await.0, 200);
    let paid = app
        .wait_for_order(order_id, &staff, |order| order["status"] == "paid")
        .await;
    assert_eq!(paid["paid_cents"], 7550);
    assert_eq!(app.stock_on_hand("SSD-1").await, 9);
    assert_eq!(app.get("/api/products/1", &[]).await.body["stock_available"], 9);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn event_before_link_applies_once() {
    let reached = Arc::new(Notify::new());
    let release = Arc::new(Notify::new());
    let payment_intent_seen = Arc::new(std::sync::Mutex::new(None::<String>));
    let hook: CheckoutHook = {
        let (reached, release, seen) = (reached.clone(), release.clone(), payment_intent_seen.clone());
        Arc::new(move |_order_id, payment_intent| {
            let (reached, release, seen) = (reached.clone(), release.clone(), seen.clone());
            Box::pin(async move {
                *seen.lock().expect("lock") = Some(payment_intent);
                reached.notify_one();
                release.notified().await;
            })
        })
    };
    let app = Arc::new(
        support::spawn_with(
            Backend::Postgres,
            support::Options {
                checkout_hook: Some(hook),
                ..support::Options::default()
            },
        )
        .await,
    );
    let staff = app.staff().await;
    let product = app.product(&staff, "CHAIR-1043", json!("89.77"), false, 4).await;
    let cart = app.cart(None).await;
    app.add(&cart, product, 1).await;

    let checkout = {
        let (app, cart) = (app.clone(), cart.clone());
        tokio::spawn(async move { app.checkout(&cart, &[]).await })
    };
    reached.notified().await;
    let payment_intent = payment_intent_seen
        .lock()
        .expect("lock")
        .clone()
        .expect("PaymentIntent");
    // The customer pays while the order is not linked to its PaymentIntent.
    app.localstripe
        .confirm_payment_intent(&payment_intent)
        .await
        .expect("payment");
    let order_id = 1;
    let paid = app
        .wait_for_order(order_id, &staff, |order| order["status"] == "paid")
        .await;
    assert_eq!(paid["paid_cents"], 8977);
    release.notify_one();

    let reply = checkout.await.expect("checkout task");
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(reply.body["order"]["id"], order_id);
    assert_eq!(reply.body["order"]["status"], "paid");
    let order = app
        .get(&format!("/api/orders/{order_id}"), &[("authorization", staff.as_str())])
        .await;
    assert_eq!(order.body["status"], "paid");
    assert_eq!(order.body["paid_cents"], 8977);
    assert_eq!(order.body["payment_intent_id"], payment_intent.as_str());
    assert_eq!(count(&app, OrderTable::Payments, order_id).await, 1);
    assert_eq!(count(&app, OrderTable::StatusChanges, order_id).await, 2);
    assert_eq!(app.mail_job_count("order_confirmation").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn event_for_unknown_order_stays_queued() {
    let app = support::spawn_with(
        Backend::Sqlite,
        support::Options {
            without_workers: true,
            ..support::Options::default()
        },
    )
    .await;
    let body = payment_event(
        "evt_early",
        "payment_intent.succeeded",
        "pi_not_linked_yet",
        77,
        1000,
        5,
    );
    let (status, reply) = deliver(&app, &body, clock::unix_now()).await;
    assert_eq!(status, 200, "{reply}");
    let finished = events::apply_pending(&app.shop).await.expect("pass");
    assert_eq!(finished, 0);
    let stored = shop_events::status(&app.shop.db, "evt_early").await.expect("status");
    assert_eq!(stored.as_deref(), Some("pending"));

    let unknown = r#"{"id": "evt_other", "type": "customer.created", "data": {"object": {}}}"#;
    assert_eq!(deliver(&app, unknown, clock::unix_now()).await.0, 200);
    assert_eq!(events::apply_pending(&app.shop).await.expect("pass"), 1);
    let stored = shop_events::status(&app.shop.db, "evt_other").await.expect("status");
    assert_eq!(stored.as_deref(), Some("ignored"));
}
