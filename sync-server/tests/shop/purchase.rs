//! A whole purchase: register, log in, fill a cart, check out, pay through
//! localstripe and see the order paid from the signed webhook.

use giggatek_sync_server::testing::Backend;
use serde_json::json;

use crate::support;

async fn purchase_end_to_end(backend: Backend) {
    let app = support::spawn(backend).await;
    let staff = app.staff().await;
    // AMD Ryzen 7 7800X3D at 340.05 and a cooler at 19.99, both taxable.
    let cpu = app.product(&staff, "CPU-7800X3D", json!(340.05), true, 5).await;
    let cooler = app.product(&staff, "COOL-212", json!("19.99"), true, 5).await;

    let customer = app.customer("ana@example.com", "correct-horse-9").await;
    let cart = app.cart(Some(&customer)).await;
    assert_eq!(app.add(&cart, cpu, 2).await.status, 200);
    let priced = app.add(&cart, cooler, 1).await;
    assert_eq!(priced.status, 200, "{}", priced.body);
    // 680.10 + 19.99 = 700.09; tax per line at 8.25 %: 56.11 + 1.65.
    assert_eq!(priced.body["subtotal_cents"], 70009);
    assert_eq!(priced.body["tax_cents"], 5776);
    assert_eq!(priced.body["total_cents"], 75785);

    let body = json!({"cart_id": cart.0, "payment_method": "pm_card_visa"});
    let checkout = app
        .post("/api/checkout", body, &[("authorization", customer.as_str())])
        .await;
    assert_eq!(checkout.status, 201, "{}", checkout.body);
    assert_eq!(checkout.body["order"]["status"], "awaiting_payment");
    assert_eq!(checkout.body["order"]["total_cents"], 75785);
    assert!(checkout.body["client_secret"].is_string());
    let order_id = checkout.body["order"]["id"].as_i64().expect("order id");
    let payment_intent = checkout.body["order"]["payment_intent_id"]
        .as_str()
        .expect("PaymentIntent")
        .to_owned();

    let stripe_side = app
        .shop
        .payments
        .as_ref()
        .expect("gateway")
        .retrieve_payment_intent(&payment_intent)
        .await
        .expect("PaymentIntent at localstripe");
    assert_eq!(stripe_side.amount.cents(), 75785);

    let status = app
        .localstripe
        .confirm_payment_intent(&payment_intent)
        .await
        .expect("payment");
    assert_eq!(status, "succeeded");
    let order = app
        .wait_for_order(order_id, &customer, |order| order["status"] == "paid")
        .await;
    assert_eq!(order["status"], "paid");
    assert_eq!(order["paid_cents"], 75785);
    assert_eq!(order["total_cents"], 75785);
    assert_eq!(order["lines"].as_array().map(Vec::len), Some(2));

    let mine = app.get("/api/orders", &[("authorization", customer.as_str())]).await;
    assert_eq!(mine.body.as_array().map(Vec::len), Some(1));
    assert_eq!(mine.body[0]["status"], "paid");

    let cpu_after = app.get(&format!("/api/products/{cpu}"), &[]).await;
    let cooler_after = app.get(&format!("/api/products/{cooler}"), &[]).await;
    assert_eq!(cpu_after.body["stock_available"], 3);
    assert_eq!(cooler_after.body["stock_available"], 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn purchase_end_to_end_sqlite() {
    purchase_end_to_end(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn purchase_end_to_end_postgres() {
    purchase_end_to_end(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_refund_marks_order_refunded() {
    let app = support::spawn(Backend::Sqlite).await;
    let staff = app.staff().await;
    let (order_id, _, cart) = app.paid_order(&staff, "GPU-1", "54.12").await;

    let path = format!("/api/admin/orders/{order_id}/refunds");
    let headers = [("authorization", staff.as_str()), ("idempotency-key", "refund-1")];
    let refund = app.post(&path, json!({}), &headers).await;
    assert_eq!(refund.status, 201, "{}", refund.body);
    assert_eq!(refund.body["amount_cents"], 5412);
    let again = app.post(&path, json!({}), &headers).await;
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(again.body["refund_id"], refund.body["refund_id"]);

    let order = app
        .wait_for_order(order_id, &staff, |order| order["status"] == "refunded")
        .await;
    assert_eq!(order["refunded_cents"], 5412);
    let customer_view = app
        .get(&format!("/api/orders/{order_id}"), &[("x-cart-token", cart.1.as_str())])
        .await;
    assert_eq!(customer_view.body["status"], "refunded");
}
