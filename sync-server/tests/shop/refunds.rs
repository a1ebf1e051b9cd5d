//! Refunds Stripe rejects: they stay on record as failed, count as nothing
//! refunded, and a retry under the same key can still succeed.

use giggatek_sync_server::db::Database;
use giggatek_sync_server::db::shop_refunds;
use giggatek_sync_server::testing::Backend;
use serde_json::json;

use crate::support::{self, ShopApp};

async fn set_payment_intent(app: &ShopApp, order_id: i64, payment_intent: &str) {
    let sql = "UPDATE orders SET payment_intent_id = $2 WHERE id = $1";
    match &app.shop.db {
        Database::Sqlite(pool) => sqlx::query(sql)
            .bind(order_id)
            .bind(payment_intent)
            .execute(pool)
            .await
            .map(drop),
        Database::Postgres(pool) => sqlx::query(sql)
            .bind(order_id)
            .bind(payment_intent)
            .execute(pool)
            .await
            .map(drop),
    }
    .expect("update");
}

async fn failed_refund_count(app: &ShopApp, order_id: i64) -> i64 {
    let sql = "SELECT COUNT(*) FROM order_refunds WHERE order_id = $1 AND failed_at IS NOT NULL AND refund_id IS NULL";
    match &app.shop.db {
        Database::Sqlite(pool) => sqlx::query_scalar(sql).bind(order_id).fetch_one(pool).await,
        Database::Postgres(pool) => sqlx::query_scalar(sql).bind(order_id).fetch_one(pool).await,
    }
    .expect("count")
}

async fn rejected_refunds_refund_nothing(backend: Backend) {
    let app = support::spawn(backend).await;
    let staff = app.staff().await;
    let (order_id, payment_intent, _) = app.paid_order(&staff, "GPU-9", "89.77").await;

    // localstripe rejects a refund of a PaymentIntent it has no record of.
    set_payment_intent(&app, order_id, "pi_unknown_to_localstripe").await;
    let path = format!("/api/admin/orders/{order_id}/refunds");
    for (key, body) in [
        ("refund-1", json!({"amount": "12.34"})),
        ("refund-2", json!({})),
        ("refund-3", json!({})),
    ] {
        let headers = [("authorization", staff.as_str()), ("idempotency-key", key)];
        let refused = app.post(&path, body, &headers).await;
        assert_eq!(refused.status, 503, "{key}: {}", refused.body);
        assert_eq!(refused.body["error"], "payments_unavailable", "{key}");
    }
    assert_eq!(failed_refund_count(&app, order_id).await, 3);
    assert_eq!(
        shop_refunds::refunded_total(&app.shop.db, order_id)
            .await
            .expect("total"),
        0
    );
    let order = app
        .get(&format!("/api/orders/{order_id}"), &[("authorization", staff.as_str())])
        .await;
    assert_eq!(order.body["refunded_cents"], 0);
    assert_eq!(order.body["status"], "paid");

    set_payment_intent(&app, order_id, &payment_intent).await;
    let headers = [("authorization", staff.as_str()), ("idempotency-key", "refund-2")];
    let refund = app.post(&path, json!({}), &headers).await;
    assert_eq!(refund.status, 201, "{}", refund.body);
    assert_eq!(refund.body["amount_cents"], 8977);
    assert_eq!(failed_refund_count(&app, order_id).await, 2);
    assert_eq!(
        shop_refunds::refunded_total(&app.shop.db, order_id)
            .await
            .expect("total"),
        8977
    );
    let order = app
        .wait_for_order(order_id, &staff, |order| order["status"] == "refunded")
        .await;
    assert_eq!(order["refunded_cents"], 8977);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rejected_refunds_sqlite() {
    rejected_refunds_refund_nothing(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rejected_refunds_postgres() {
    rejected_refunds_refund_nothing(Backend::Postgres).await;
}
