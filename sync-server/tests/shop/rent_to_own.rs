//! Rent-to-own terms in the product API: the shop's own attributes of a
//! catalog product, shown with the catalog's cash price.

use giggatek_sync_server::testing::Backend;
use serde_json::{Value, json};

use crate::support::{self, ShopApp};

async fn save(app: &ShopApp, staff: &str, body: Value) -> (u16, Value) {
    let saved = app
        .call(
            "PUT",
            "/api/admin/products/TV-55",
            Some(body),
            &[("authorization", staff)],
        )
        .await;
    (saved.status, saved.body)
}

fn product_body(rent_to_own: Value) -> Value {
    json!({
        "barcode": "0885170436131",
        "name": "55-inch 4K TV",
        "category": "tv",
        "price": "499.99",
        "rent_to_own": rent_to_own,
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rent_to_own_terms_in_product() {
    let app = support::spawn(Backend::Sqlite).await;
    let staff = app.staff().await;
    let terms = json!({"payment": "24.99", "payment_count": 26, "interval": "weekly"});
    let (status, saved) = save(&app, &staff, product_body(terms)).await;
    assert_eq!(status, 200, "{saved}");
    let product_id = saved["id"].as_i64().expect("product id");

    let shown = app.get(&format!("/api/products/{product_id}"), &[]).await;
    assert_eq!(shown.status, 200);
    let rent_to_own = &shown.body["rent_to_own"];
    assert_eq!(rent_to_own["cash_price_cents"], 49999);
    assert_eq!(rent_to_own["payment_cents"], 2499);
    assert_eq!(rent_to_own["payment_count"], 26);
    assert_eq!(rent_to_own["interval"], "weekly");
    // 26 payments of 24.99.
    assert_eq!(rent_to_own["total_to_own_cents"], 64974);
    assert_eq!(shown.body["price_cents"], 49999);

    // The listing shows the same terms.
    let listed = app.get("/api/products?q=tv", &[]).await;
    assert_eq!(listed.body["items"][0]["rent_to_own"], *rent_to_own);

    // Saving the product without terms ends rent-to-own for it.
    let (status, saved) = save(&app, &staff, product_body(Value::Null)).await;
    assert_eq!(status, 200, "{saved}");
    let shown = app.get(&format!("/api/products/{product_id}"), &[]).await;
    assert_eq!(shown.body["rent_to_own"], Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rent_to_own_invalid_terms() {
    let app = support::spawn(Backend::Sqlite).await;
    let staff = app.staff().await;
    let cases = [
        (
            json!({"payment": "0", "payment_count": 26, "interval": "weekly"}),
            "rent_to_own.payment",
        ),
        (
            json!({"payment": "24.99", "payment_count": 0, "interval": "weekly"}),
            "rent_to_own.payment_count",
        ),
        (
            json!({"payment": "24.99", "payment_count": 521, "interval": "weekly"}),
            "rent_to_own.payment_count",
        ),
        (
            json!({"payment": "24.99", "payment_count": 26, "interval": "daily"}),
            "rent_to_own.interval",
        ),
    ];
    for (terms, field) in cases {
        let (status, body) = save(&app, &staff, product_body(terms)).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(body["field"], field);
    }
    // Nothing was saved by the rejected requests.
    assert_eq!(app.get("/api/products", &[]).await.body["total"], 0);
}
