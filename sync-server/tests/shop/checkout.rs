//! Checkout: exact cents from decimal prices, and one order and one
//! PaymentIntent however often a checkout is sent.

use giggatek_sync_server::testing::Backend;
use serde_json::{Value, json};

use crate::support::{self, Options, ShopApp};

async fn payment_intent_amount(app: &ShopApp, checkout: &Value) -> i64 {
    let payment_intent = checkout["order"]["payment_intent_id"].as_str().expect("PaymentIntent");
    let gateway = app.shop.payments.as_ref().expect("gateway");
    gateway
        .retrieve_payment_intent(payment_intent)
        .await
        .expect("PaymentIntent")
        .amount
        .cents()
}

fn line_amounts(checkout: &Value) -> Vec<i64> {
    checkout["order"]["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|line| line["total_cents"].as_i64().expect("cents"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn decimal_prices_become_exact_cents() {
    let app = support::spawn(Backend::Sqlite).await;
    let staff = app.staff().await;
    for (round, prices) in [
        [json!(19.99), json!(8.29), json!(4.56)],
        [json!("19.99"), json!("8.29"), json!("4.56")],
    ]
    .into_iter()
    .enumerate()
    {
        let cart = app.cart(None).await;
        for (index, price) in prices.into_iter().enumerate() {
            let product = app
                .product(&staff, &format!("EXEMPT-{round}-{index}"), price, false, 5)
                .await;
            assert_eq!(app.add(&cart, product, 1).await.status, 200);
        }
        let checkout = app.checkout(&cart, &[]).await;
        assert_eq!(checkout.status, 201, "{}", checkout.body);
        assert_eq!(line_amounts(&checkout.body), vec![1999, 829, 456]);
        assert_eq!(checkout.body["order"]["total_cents"], 3284);
        assert_eq!(payment_intent_amount(&app, &checkout.body).await, 3284);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tax_rounds_half_up() {
    let app = support::spawn_with(
        Backend::Sqlite,
        Options {
            tax_rate: Some("7.25"),
            ..Options::default()
        },
    )
    .await;
    let staff = app.staff().await;
    let product = app.product(&staff, "CABLE-2", json!(2.00), true, 5).await;
    let cart = app.cart(None).await;
    app.add(&cart, product, 1).await;
    let checkout = app.checkout(&cart, &[]).await;
    // 200 × 7.25 % = 14.5 cents, rounded half-up to 15.
    assert_eq!(checkout.body["order"]["tax_cents"], 15);
    assert_eq!(checkout.body["order"]["total_cents"], 215);
    assert_eq!(payment_intent_amount(&app, &checkout.body).await, 215);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_and_twenty_cents_paid_exactly() {
    let app = support::spawn(Backend::Sqlite).await;
    let staff = app.staff().await;
    let dime = app.product(&staff, "PART-10", json!(0.10), false, 5).await;
    let twenty = app.product(&staff, "PART-20", json!(0.20), false, 5).await;
    let cart = app.cart(None).await;
    app.add(&cart, dime, 1).await;
    app.add(&cart, twenty, 1).await;
    let checkout = app.checkout(&cart, &[]).await;
    assert_eq!(checkout.body["order"]["total_cents"], 30);
    let order_id = checkout.body["order"]["id"].as_i64().expect("order id");
    let payment_intent = checkout.body["order"]["payment_intent_id"]
        .as_str()
        .expect("PaymentIntent");
    app.localstripe
        .confirm_payment_intent(payment_intent)
        .await
        .expect("payment");
    let order = app
        .wait_for_order(order_id, &staff, |order| order["status"] == "paid")
        .await;
    assert_eq!(order["paid_cents"], 30);
    let due = order["total_cents"].as_i64().expect("total") - order["paid_cents"].as_i64().expect("paid");
    assert_eq!(due, 0);
}

async fn double_checkout(backend: Backend) {
    let app = support::spawn(backend).await;
    let staff = app.staff().await;
    let product = app.product(&staff, "KB-1", json!("54.12"), false, 5).await;

    for key in [Some("checkout-key-1"), None] {
        let cart = app.cart(None).await;
        app.add(&cart, product, 1).await;
        let headers: Vec<(&str, &str)> = key.map(|key| ("idempotency-key", key)).into_iter().collect();
        let (first, second) = tokio::join!(app.checkout(&cart, &headers), app.checkout(&cart, &headers));
        let mut statuses = [first.status, second.status];
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 201], "{} / {}", first.body, second.body);
        assert_eq!(first.body["order"]["id"], second.body["order"]["id"]);
        assert_eq!(
            first.body["order"]["payment_intent_id"],
            second.body["order"]["payment_intent_id"]
        );
        assert!(first.body["order"]["payment_intent_id"].is_string());
        assert_eq!(first.body["client_secret"], second.body["client_secret"]);
        let third = app.checkout(&cart, &headers).await;
        assert_eq!(third.status, 200);
        assert_eq!(third.body["order"]["id"], first.body["order"]["id"]);
    }
    // One unit reserved by each of the two orders.
    assert_eq!(
        app.get(&format!("/api/products/{product}"), &[]).await.body["stock_available"],
        3
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn double_checkout_one_order_sqlite() {
    double_checkout(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn double_checkout_one_order_postgres() {
    double_checkout(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checkout_input_errors() {
    let app = support::spawn(Backend::Sqlite).await;
    let staff = app.staff().await;
    let product = app.product(&staff, "FAN-1", json!("9.99"), true, 1).await;
    let cart = app.cart(None).await;

    let empty = app.checkout(&cart, &[]).await;
    assert_eq!(empty.status, 422);
    assert_eq!(empty.body["field"], "cart_id");

    let too_many = app.add(&cart, product, 2).await;
    assert_eq!(too_many.status, 409);
    assert_eq!(too_many.body["error"], "out_of_stock");

    let negative = app.add(&cart, product, -1).await;
    assert_eq!(negative.status, 422);
    assert_eq!(negative.body["field"], "quantity");

    let wrong_type = app
        .call(
            "PUT",
            &format!("/api/carts/{}/items/{product}", cart.0),
            Some(json!({"quantity": "two"})),
            &[("x-cart-token", cart.1.as_str())],
        )
        .await;
    assert_eq!(wrong_type.status, 422);
    assert_eq!(wrong_type.body["field"], "quantity");

    let bad_price = app
        .call(
            "PUT",
            "/api/admin/products/FAN-2",
            Some(json!({"barcode": "FAN-2", "name": "Fan", "category": "fan", "price": 1.999})),
            &[("authorization", staff.as_str())],
        )
        .await;
    assert_eq!(bad_price.status, 422);
    assert_eq!(bad_price.body["field"], "price");

    let not_json = app
        .client
        .post(format!("{}/api/checkout", app.url))
        .body("{\"cart_id\": ")
        .send()
        .await
        .expect("answer");
    assert_eq!(not_json.status().as_u16(), 400);

    let stranger = app
        .get(&format!("/api/carts/{}", cart.0), &[("x-cart-token", "wrong")])
        .await;
    assert_eq!(stranger.status, 404);
}
