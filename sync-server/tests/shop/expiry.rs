//! Reservation expiry: the order's PaymentIntent is cancelled at Stripe
//! before the order is cancelled, and a payment that still arrives for it
//! leaves the order paid for staff to fulfil or refund.

use giggatek_sync_server::db::Database;
use giggatek_sync_server::shop::{clock, events, workers};
use giggatek_sync_server::testing::Backend;
use serde_json::{Value, json};

use crate::support::{self, Options, ShopApp};
use crate::webhooks::{deliver, payment_event};

const SKU: &str = "MON-2";

/// Two monitors at 199.00 with 8.25 % tax: 398.00 + 32.84.
const TOTAL_CENTS: i64 = 43084;

/// Checks out both units of [`SKU`]; returns the order id, its
/// PaymentIntent and the product id.
async fn order_holding_stock(app: &ShopApp, staff: &str) -> (i64, String, i64) {
    let product = app.product(staff, SKU, json!("199.00"), true, 2).await;
    let cart = app.cart(None).await;
    assert_eq!(app.add(&cart, product, 2).await.status, 200);
    let checkout = app.checkout(&cart, &[]).await;
    assert_eq!(checkout.status, 201, "{}", checkout.body);
    assert_eq!(checkout.body["order"]["total_cents"], TOTAL_CENTS);
    let order_id = checkout.body["order"]["id"].as_i64().expect("order id");
    let payment_intent = checkout.body["order"]["payment_intent_id"]
        .as_str()
        .expect("PaymentIntent")
        .to_owned();
    (order_id, payment_intent, product)
}

async fn expire_now(app: &ShopApp, order_id: i64) {
    let sql = "UPDATE orders SET reservation_expires_at = '2000-01-01T00:00:00.000000Z' WHERE id = $1";
    match &app.shop.db {
        Database::Sqlite(pool) => sqlx::query(sql).bind(order_id).execute(pool).await.map(drop),
        Database::Postgres(pool) => sqlx::query(sql).bind(order_id).execute(pool).await.map(drop),
    }
    .expect("reservation moved into the past");
}

async fn stripe_status(app: &ShopApp, payment_intent: &str) -> String {
    let gateway = app.shop.payments.as_ref().expect("gateway");
    gateway
        .retrieve_payment_intent(payment_intent)
        .await
        .expect("PaymentIntent")
        .status
}

async fn event_note(app: &ShopApp, event_id: &str) -> Option<String> {
    let sql = "SELECT note FROM stripe_events WHERE event_id = $1";
    match &app.shop.db {
        Database::Sqlite(pool) => sqlx::query_scalar(sql).bind(event_id).fetch_one(pool).await,
        Database::Postgres(pool) => sqlx::query_scalar(sql).bind(event_id).fetch_one(pool).await,
    }
    .expect("stored event")
}

async fn order(app: &ShopApp, staff: &str, order_id: i64) -> Value {
    app.get(&format!("/api/orders/{order_id}"), &[("authorization", staff)])
        .await
        .body
}

async fn stock_available(app: &ShopApp, product: i64) -> Value {
    app.get(&format!("/api/products/{product}"), &[]).await.body["stock_available"].clone()
}

async fn expiry_cancels_payment_intent(backend: Backend) {
    let options = Options {
        without_workers: true,
        ..Options::default()
    };
    let app = support::spawn_with(backend, options).await;
    let staff = app.staff().await;
    let (order_id, payment_intent, product) = order_holding_stock(&app, &staff).await;
    assert_eq!(stock_available(&app, product).await, 0);
    assert_eq!(workers::expire_reservations(&app.shop).await.expect("pass"), 0);

    expire_now(&app, order_id).await;
    assert_eq!(workers::expire_reservations(&app.shop).await.expect("pass"), 1);
    assert_eq!(stripe_status(&app, &payment_intent).await, "canceled");
    assert_eq!(order(&app, &staff, order_id).await["status"], "cancelled");
    assert_eq!(stock_available(&app, product).await, 2);
    assert_eq!(app.stock_on_hand(SKU).await, 2);
    // A second pass finds nothing left to cancel.
    assert_eq!(workers::expire_reservations(&app.shop).await.expect("pass"), 0);
    assert_eq!(stripe_status(&app, &payment_intent).await, "canceled");

    // A success event for the cancelled PaymentIntent still arrives: the
    // money is taken, so the order is paid and its units leave the stock.
    let late = payment_event(
        "evt_late_1",
        "payment_intent.succeeded",
        &payment_intent,
        order_id,
        TOTAL_CENTS,
        1,
    );
    assert_eq!(deliver(&app, &late, clock::unix_now()).await.0, 200);
    assert_eq!(events::apply_pending(&app.shop).await.expect("events applied"), 1);
    let paid = order(&app, &staff, order_id).await;
    assert_eq!(paid["status"], "paid");
    assert_eq!(paid["paid_cents"], TOTAL_CENTS);
    assert_eq!(app.stock_on_hand(SKU).await, 0);
    assert_eq!(stock_available(&app, product).await, 0);
    assert_eq!(
        event_note(&app, "evt_late_1").await.as_deref(),
        Some("paid after cancellation: fulfil or refund the order")
    );

    // The same event again changes nothing.
    assert_eq!(deliver(&app, &late, clock::unix_now()).await.0, 200);
    events::apply_pending(&app.shop).await.expect("events applied");
    assert_eq!(app.stock_on_hand(SKU).await, 0);
    assert_eq!(order(&app, &staff, order_id).await["paid_cents"], TOTAL_CENTS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expiry_cancels_payment_intent_sqlite() {
    expiry_cancels_payment_intent(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expiry_cancels_payment_intent_postgres() {
    expiry_cancels_payment_intent(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expiry_keeps_order_whose_payment_succeeded() {
    let options = Options {
        without_workers: true,
        ..Options::default()
    };
    let app = support::spawn_with(Backend::Sqlite, options).await;
    let staff = app.staff().await;
    let (order_id, payment_intent, product) = order_holding_stock(&app, &staff).await;
    let status = app
        .localstripe
        .confirm_payment_intent(&payment_intent)
        .await
        .expect("payment");
    assert_eq!(status, "succeeded");

    // The reservation runs out before the payment's event is applied.
    expire_now(&app, order_id).await;
    assert_eq!(workers::expire_reservations(&app.shop).await.expect("pass"), 0);
    assert_eq!(stripe_status(&app, &payment_intent).await, "succeeded");
    assert_eq!(order(&app, &staff, order_id).await["status"], "awaiting_payment");
    assert_eq!(stock_available(&app, product).await, 0);

    let mut paid = Value::Null;
    for _ in 0..100 {
        events::apply_pending(&app.shop).await.expect("events applied");
        paid = order(&app, &staff, order_id).await;
        if paid["status"] == "paid" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(paid["status"], "paid");
    assert_eq!(paid["paid_cents"], TOTAL_CENTS);
    assert_eq!(app.stock_on_hand(SKU).await, 0);
    assert_eq!(workers::expire_reservations(&app.shop).await.expect("pass"), 0);
}
