//! The shop sells the stores' catalog. A product a manager imports for the
//! stores is on sale online at the same price, and a sale synced from a
//! terminal lowers what the shop can sell. A paid online order reaches the
//! terminals as a stock change.

use std::path::Path;

use giggatek_store::Store;
use giggatek_sync_client::{SyncClient, SyncOptions};
use giggatek_sync_server::admin::{self, AdminCommand};
use giggatek_sync_server::db::{Database, terminals};
use giggatek_sync_server::testing::Backend;
use serde_json::json;

use crate::support::{self, ShopApp};

const SKU: &str = "HUB-7";

/// Imports the product with the code behind `giggatek-server admin product`
/// and `admin set-stock`.
async fn import_for_stores(app: &ShopApp) {
    let product = AdminCommand::Product {
        sku: SKU.to_owned(),
        barcode: "0840006641717".to_owned(),
        name: "USB-C hub 7-port".to_owned(),
        category: "hubs".to_owned(),
        price_cents: Some(2500),
        untaxed: false,
    };
    admin::run(&app.shop.db, product).await.expect("product imported");
    app.set_stock(SKU, 5).await;
}

/// A terminal store whose outbox contains one sale of two units of [`SKU`].
fn terminal_with_sale(dir: &Path) -> Store {
    let store = Store::open(&dir.join("terminal.sqlite")).expect("terminal store");
    let client_id = uuid::Uuid::now_v7().to_string();
    let sale = json!({
        "client_id": client_id,
        "receipt_number": "S01-T01-000001",
        "shift_id": 1, "staff_id": 1,
        "created_at": "2026-12-04T15:02:11.123Z", "business_date": "2026-12-04",
        "subtotal_cents": 5000, "discount_cents": 0, "tax_cents": 413, "rounding_cents": 0,
        "total_cents": 5413, "amount_due_cents": 5413, "change_cents": 587,
        "tax_rate_millionths": 82500, "tax_rounding": "per_line", "cart_discount": null,
        "lines": [{ "line_no": 1, "product_id": 1, "sku": SKU, "name": "USB-C hub 7-port", "quantity": 2,
            "list_price_cents": 2500, "unit_price_cents": 2500, "line_discount_cents": 0,
            "cart_discount_cents": 0, "net_cents": 5000, "tax_cents": 413, "discount": null }],
        "payments": [{ "seq": 1, "tender": "cash", "amount_cents": 5413, "tendered_cents": 6000,
            "change_cents": 587, "approval_code": null, "last4": null }],
        "stock_movements": [{ "product_id": 1, "delta": -2, "reason": "sale" }],
    });
    store
        .connection()
        .execute(
            "INSERT INTO outbox (client_id, kind, payload, created_at) VALUES (?1, 'sale', ?2, ?3)",
            rusqlite::params![client_id, sale.to_string(), "2026-12-04T15:02:11.123Z"],
        )
        .expect("sale in the outbox");
    store
}

/// Enrols a terminal against the app's server; returns its token.
pub(crate) async fn enrol(app: &ShopApp) -> String {
    let code = terminals::create_enrolment_code(&app.shop.db, "S01", "T01", time::Duration::hours(1))
        .await
        .expect("enrolment code");
    let url = app.url.clone();
    tokio::task::spawn_blocking(move || {
        let request = giggatek_sync_client::EnrolRequest {
            code,
            store_code: "S01".to_owned(),
            terminal_code: "T01".to_owned(),
        };
        giggatek_sync_client::enrol(&url, &request, std::time::Duration::from_secs(30))
            .expect("enrolled")
            .token
    })
    .await
    .expect("enrol task")
}

/// Runs one sync round of the terminal (upload, then the change feed).
pub(crate) async fn sync(app: &ShopApp, token: &str, store: Store) -> (Store, giggatek_sync_client::SyncReport) {
    let client = SyncClient::new(&app.url, token.to_owned(), SyncOptions::default());
    tokio::task::spawn_blocking(move || {
        let mut store = store;
        let report = client.sync_once(&mut store).expect("sync round");
        (store, report)
    })
    .await
    .expect("sync task")
}

fn terminal_stock(store: &Store) -> i64 {
    store
        .connection()
        .query_row("SELECT stock_on_hand FROM products WHERE sku = ?1", [SKU], |row| {
            row.get(0)
        })
        .expect("the terminal has the product")
}

async fn order_movements(db: &Database) -> Vec<(i64, i64)> {
    let sql = "SELECT delta, on_hand_after FROM stock_movements WHERE order_id IS NOT NULL AND sku = $1 ORDER BY id";
    match db {
        Database::Sqlite(pool) => sqlx::query_as(sql).bind(SKU).fetch_all(pool).await,
        Database::Postgres(pool) => sqlx::query_as(sql).bind(SKU).fetch_all(pool).await,
    }
    .expect("movements")
}

async fn store_catalog_sells_online(backend: Backend) {
    let app = support::spawn(backend).await;
    import_for_stores(&app).await;

    let listed = app.get("/api/products?q=hub", &[]).await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    assert_eq!(listed.body["total"], 1);
    let product = &listed.body["items"][0];
    assert_eq!(product["sku"], SKU);
    assert_eq!(product["name"], "USB-C hub 7-port");
    assert_eq!(product["category"], "hubs");
    assert_eq!(product["price_cents"], 2500);
    assert_eq!(product["taxable"], true);
    assert_eq!(product["stock_available"], 5);
    let product_id = product["id"].as_i64().expect("product id");

    let token = enrol(&app).await;
    let dir = tempfile::tempdir().expect("terminal folder");
    let (store, report) = sync(&app, &token, terminal_with_sale(dir.path())).await;
    assert_eq!(report.stored, 1);
    assert_eq!(report.rejected, 0);
    assert_eq!(terminal_stock(&store), 3);
    let after_store_sale = app.get(&format!("/api/products/{product_id}"), &[]).await;
    assert_eq!(after_store_sale.body["stock_available"], 3);
    assert_eq!(after_store_sale.body["price_cents"], 2500);

    // An online order of one unit holds it until it is paid.
    let cart = app.cart(None).await;
    assert_eq!(app.add(&cart, product_id, 1).await.status, 200);
    let checkout = app.checkout(&cart, &[]).await;
    assert_eq!(checkout.status, 201, "{}", checkout.body);
    // 25.00 plus 8.25 % tax.
    assert_eq!(checkout.body["order"]["total_cents"], 2706);
    let held = app.get(&format!("/api/products/{product_id}"), &[]).await;
    assert_eq!(held.body["stock_available"], 2);
    assert_eq!(app.stock_on_hand(SKU).await, 3);

    let order_id = checkout.body["order"]["id"].as_i64().expect("order id");
    let payment_intent = checkout.body["order"]["payment_intent_id"]
        .as_str()
        .expect("PaymentIntent");
    let status = app
        .localstripe
        .confirm_payment_intent(payment_intent)
        .await
        .expect("payment");
    assert_eq!(status, "succeeded");
    let staff = app.staff().await;
    app.wait_for_order(order_id, &staff, |order| order["status"] == "paid")
        .await;
    assert_eq!(app.stock_on_hand(SKU).await, 2);
    assert_eq!(order_movements(&app.shop.db).await, vec![(-1, 2)]);
    let paid = app.get(&format!("/api/products/{product_id}"), &[]).await;
    assert_eq!(paid.body["stock_available"], 2);

    // The terminal receives the online sale through the change feed.
    let (store, report) = sync(&app, &token, store).await;
    assert_eq!(report.stored, 0);
    assert!(report.changes_applied >= 1, "{report:?}");
    assert_eq!(terminal_stock(&store), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn store_catalog_sells_online_sqlite() {
    store_catalog_sells_online(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn store_catalog_sells_online_postgres() {
    store_catalog_sells_online(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unpublished_product_is_not_sold() {
    let app = support::spawn(Backend::Sqlite).await;
    let staff = app.staff().await;
    let product_id = app.product(&staff, "CASE-1", json!("79.00"), true, 3).await;
    let cart = app.cart(None).await;
    assert_eq!(app.add(&cart, product_id, 1).await.status, 200);

    let body = json!({"name": "Product CASE-1", "category": "cpu", "price": "79.00", "published": false});
    let hidden = app
        .call(
            "PUT",
            "/api/admin/products/CASE-1",
            Some(body),
            &[("authorization", staff.as_str())],
        )
        .await;
    assert_eq!(hidden.status, 200, "{}", hidden.body);
    assert_eq!(hidden.body["on_sale"], false);
    assert_eq!(app.get(&format!("/api/products/{product_id}"), &[]).await.status, 404);
    assert_eq!(app.get("/api/products", &[]).await.body["total"], 0);
    let checkout = app.checkout(&cart, &[]).await;
    assert_eq!(checkout.status, 409, "{}", checkout.body);
    assert_eq!(checkout.body["error"], "not_for_sale");

    // A new SKU needs a barcode, because terminals look products up by it.
    let no_barcode = json!({"name": "Fan", "category": "fan", "price": "9.99"});
    let rejected = app
        .call(
            "PUT",
            "/api/admin/products/FAN-9",
            Some(no_barcode),
            &[("authorization", staff.as_str())],
        )
        .await;
    assert_eq!(rejected.status, 422);
    assert_eq!(rejected.body["field"], "barcode");
}
