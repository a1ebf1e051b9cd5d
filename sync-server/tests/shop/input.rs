//! Text the shop rejects at the boundary: control characters in any JSON
//! string or query value, and email addresses the mail could not use.

use giggatek_sync_server::db::Database;
use giggatek_sync_server::testing::Backend;
use serde_json::json;

use crate::support::{self, ShopApp};

/// Runs a `SELECT COUNT(*)` query.
async fn count(app: &ShopApp, sql: &'static str) -> i64 {
    match &app.shop.db {
        Database::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.expect("count"),
        Database::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.expect("count"),
    }
}

fn assert_invalid(reply: &support::Reply, field: &str, case: &str) {
    assert_eq!(reply.status, 422, "{case}: {}", reply.body);
    assert_eq!(reply.body["error"], "invalid", "{case}");
    assert_eq!(reply.body["field"], field, "{case}");
}

async fn control_characters_are_rejected(backend: Backend) {
    let app = support::spawn(backend).await;
    let staff = app.staff().await;
    let accounts_before = count(&app, "SELECT COUNT(*) FROM customers").await;

    for name in ["nul\u{0}byte", "two\r\nlines", "escape\u{1b}[31m", "next\u{85}line"] {
        let reply = app
            .post(
                "/api/accounts",
                json!({"email": "nul@example.com", "password": "long-enough-1", "name": name}),
                &[],
            )
            .await;
        assert_invalid(&reply, "name", &format!("{name:?}"));
    }
    let in_phone = app
        .post(
            "/api/accounts",
            json!({"email": "nul@example.com", "password": "long-enough-1", "name": "Ana", "phone": "555\u{0}"}),
            &[],
        )
        .await;
    assert_invalid(&in_phone, "phone", "phone");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM customers").await, accounts_before);

    let in_log_in = app
        .post(
            "/api/sessions",
            json!({"email": "a\u{0}@example.com", "password": "x"}),
            &[],
        )
        .await;
    assert_invalid(&in_log_in, "email", "log-in email");

    let product = json!({"barcode": "B1", "name": "GPU\u{0}", "category": "gpu", "price": "10.00"});
    let saved = app
        .call(
            "PUT",
            "/api/admin/products/NUL-1",
            Some(product),
            &[("authorization", staff.as_str())],
        )
        .await;
    assert_invalid(&saved, "name", "product name");
    let rent_to_own = json!({"barcode": "B1", "name": "GPU", "category": "gpu", "price": "10.00",
        "rent_to_own": {"payment": "1.00", "payment_count": 12, "interval": "month\u{0}"}});
    let saved = app
        .call(
            "PUT",
            "/api/admin/products/NUL-1",
            Some(rent_to_own),
            &[("authorization", staff.as_str())],
        )
        .await;
    assert_invalid(&saved, "rent_to_own.interval", "nested field");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM catalog_products").await, 0);

    let search = app.get("/api/products?q=gpu%00", &[]).await;
    assert_invalid(&search, "q", "query");

    let in_sku = app
        .call(
            "PUT",
            "/api/admin/products/NUL%00",
            Some(json!({"barcode": "B1", "name": "GPU", "category": "gpu", "price": "10.00"})),
            &[("authorization", staff.as_str())],
        )
        .await;
    assert_invalid(&in_sku, "path", "SKU in the path");
    let in_cart = app.get("/api/carts/cart%00id", &[]).await;
    assert_invalid(&in_cart, "path", "cart id in the path");
    let in_contract = app.get("/api/rentals/S01%0AR1", &[]).await;
    assert_invalid(&in_contract, "path", "contract number in the path");

    let good_name = app
        .post(
            "/api/accounts",
            json!({"email": "lucia@example.com", "password": "long-enough-1", "name": "Núñez, Lucía 李"}),
            &[],
        )
        .await;
    assert_eq!(good_name.status, 201, "{}", good_name.body);
    assert_eq!(good_name.body["name"], "Núñez, Lucía 李");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn control_characters_sqlite() {
    control_characters_are_rejected(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn control_characters_postgres() {
    control_characters_are_rejected(Backend::Postgres).await;
}

async fn bad_emails_are_rejected(backend: Backend) {
    let app = support::spawn(backend).await;
    let staff = app.staff().await;
    let product_id = app.product(&staff, "EMAIL-1", json!("89.77"), true, 5).await;
    let cart = app.cart(None).await;
    assert_eq!(app.add(&cart, product_id, 1).await.status, 200);
    let orders_before = count(&app, "SELECT COUNT(*) FROM orders").await;
    let accounts_before = count(&app, "SELECT COUNT(*) FROM customers").await;

    let bad_emails = [
        "Evil\r\nBcc: x@example.net",
        "a@b",
        "<x@example.net>",
        "not-an-email",
        "a b@example.com",
        "\"quoted\"@example.com",
    ];
    for email in bad_emails {
        let body = json!({"cart_id": cart.0, "email": email, "payment_method": "pm_card_visa"});
        let checkout = app
            .post("/api/checkout", body, &[("x-cart-token", cart.1.as_str())])
            .await;
        assert_invalid(&checkout, "email", &format!("checkout {email:?}"));

        let registered = app
            .post(
                "/api/accounts",
                json!({"email": email, "password": "long-enough-1", "name": "Ana"}),
                &[],
            )
            .await;
        assert_invalid(&registered, "email", &format!("account {email:?}"));

        let reset = app.post("/api/password-resets", json!({"email": email}), &[]).await;
        assert_invalid(&reset, "email", &format!("reset {email:?}"));
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM orders").await, orders_before);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM customers").await, accounts_before);

    let body = json!({"cart_id": cart.0, "payment_method": "pm_card_visa"});
    let missing = app
        .post("/api/checkout", body, &[("x-cart-token", cart.1.as_str())])
        .await;
    assert_invalid(&missing, "email", "no email");

    let body = json!({"cart_id": cart.0, "email": " guest@example.com ", "payment_method": "pm_card_visa"});
    let checkout = app
        .post("/api/checkout", body, &[("x-cart-token", cart.1.as_str())])
        .await;
    assert_eq!(checkout.status, 201, "{}", checkout.body);
    let order_id = checkout.body["order"]["id"].as_i64().expect("order id");
    let sql = "SELECT email FROM orders WHERE id = $1";
    let stored: String = match &app.shop.db {
        Database::Sqlite(pool) => sqlx::query_scalar(sql).bind(order_id).fetch_one(pool).await,
        Database::Postgres(pool) => sqlx::query_scalar(sql).bind(order_id).fetch_one(pool).await,
    }
    .expect("order email");
    assert_eq!(stored, "guest@example.com");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_emails_sqlite() {
    bad_emails_are_rejected(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_emails_postgres() {
    bad_emails_are_rejected(Backend::Postgres).await;
}
