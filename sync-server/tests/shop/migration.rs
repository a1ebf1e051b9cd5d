//! The migration that makes the shop sell the stores' catalog keeps every
//! product the shop had: its data moves into the catalog and the stock
//! counts, under the same shop product id.

use std::path::Path;

use giggatek_sync_server::db::{Database, shop_catalog};
use giggatek_sync_server::testing::{Backend, TestDatabase};
use sqlx::migrate::Migrator;
use time::OffsetDateTime;

/// Runs `$body` with `$pool` bound to the SQLite or the PostgreSQL pool.
macro_rules! on_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            Database::Sqlite($pool) => $body,
            Database::Postgres($pool) => $body,
        }
    };
}

/// The last migration before the shop read the catalog.
const BEFORE_CATALOG: i64 = 200;

const LEGACY_PRODUCT: &str = "INSERT INTO shop_products (sku, name, category, price_cents, taxable, stock_on_hand, \
     stock_reserved, rto_payment_cents, rto_payment_count, rto_interval, created_at, updated_at) \
     VALUES ($1, $2, 'fans', $3, 1, $4, $5, $6, $7, $8, '2026-12-01T10:00:00.000000Z', '2026-12-01T10:00:00.000000Z') \
     RETURNING id";

async fn legacy_products_move_into_catalog(backend: Backend) {
    let database = TestDatabase::create(backend);
    let db = Database::connect(&database.config()).await.expect("database opens");
    let folder = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../migrations/server")
        .join(folder);
    let migrator = Migrator::new(folder.as_path()).await.expect("migrations read");
    let now = OffsetDateTime::now_utc();

    // A fan only the shop sold, with rent-to-own terms and one unit held,
    // and a hub the stores sell too, whose catalog price and stock count
    // win over the shop's copies.
    let (fan_id, hub_id) = on_pool!(&db, pool => {
        migrator.run_to(BEFORE_CATALOG, pool).await.expect("migrations up to the shop");
        sqlx::query(
            "INSERT INTO catalog_products (sku, barcode, name, category, price_cents, taxable, updated_at) \
             VALUES ('HUB-7', '0840006641717', 'USB-C hub', 'hubs', 2500, $1, $2)",
        )
        .bind(true)
        .bind(now)
        .execute(pool)
        .await
        .expect("catalog row");
        sqlx::query("INSERT INTO stock_levels (sku, on_hand, updated_at) VALUES ('HUB-7', 4, $1)")
            .bind(now)
            .execute(pool)
            .await
            .expect("stock row");
        let fan: i64 = sqlx::query_scalar(LEGACY_PRODUCT)
            .bind("FAN-120")
            .bind("Case fan 120 mm")
            .bind(999_i64)
            .bind(7_i64)
            .bind(1_i64)
            .bind(Some(150_i64))
            .bind(Some(8_i64))
            .bind(Some("weekly"))
            .fetch_one(pool)
            .await
            .expect("fan");
        let hub: i64 = sqlx::query_scalar(LEGACY_PRODUCT)
            .bind("HUB-7")
            .bind("Hub")
            .bind(1999_i64)
            .bind(30_i64)
            .bind(0_i64)
            .bind(None::<i64>)
            .bind(None::<i64>)
            .bind(None::<&str>)
            .fetch_one(pool)
            .await
            .expect("hub");
        (fan, hub)
    });
    db.migrate().await.expect("the remaining migrations apply");

    let fan = shop_catalog::find(&db, fan_id)
        .await
        .expect("query")
        .expect("fan on sale");
    assert_eq!(fan.sku, "FAN-120");
    assert_eq!(fan.name, "Case fan 120 mm");
    assert_eq!(fan.category, "fans");
    assert_eq!(fan.price_cents, 999);
    assert!(fan.taxable);
    // Seven on hand, one held for an unpaid order.
    assert_eq!(fan.stock_available, 6);
    assert_eq!(fan.rto_payment_cents, Some(150));
    assert_eq!(fan.rto_payment_count, Some(8));
    assert_eq!(fan.rto_interval.as_deref(), Some("weekly"));

    let hub = shop_catalog::find(&db, hub_id)
        .await
        .expect("query")
        .expect("hub on sale");
    assert_eq!(hub.name, "USB-C hub");
    assert_eq!(hub.price_cents, 2500);
    assert_eq!(hub.stock_available, 4);

    assert_eq!(
        shop_catalog::catalog_barcode(&db, "FAN-120")
            .await
            .expect("query")
            .as_deref(),
        Some("FAN-120")
    );
    let feed_sql = "SELECT entity, data FROM changes WHERE entity_key = 'FAN-120' ORDER BY seq";
    let feed: Vec<(String, String)> =
        on_pool!(&db, pool => sqlx::query_as(feed_sql).fetch_all(pool).await.expect("feed"));
    assert_eq!(feed.len(), 2);
    assert_eq!(feed[0].0, "product");
    let product: giggatek_protocol::ProductChange = serde_json::from_str(&feed[0].1).expect("product change");
    assert_eq!(product.price_cents, Some(999));
    assert!(product.taxable);
    assert_eq!(feed[1].0, "stock");
    let stock: giggatek_protocol::StockChange = serde_json::from_str(&feed[1].1).expect("stock change");
    assert_eq!(stock.on_hand, 7);
    db.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn legacy_products_move_into_catalog_sqlite() {
    legacy_products_move_into_catalog(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn legacy_products_move_into_catalog_postgres() {
    legacy_products_move_into_catalog(Backend::Postgres).await;
}
