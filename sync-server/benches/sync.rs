//! Syncing N offline sales through a real `giggatek-server` process (SQLite)
//! against a raw bulk insert of the same rows into a fresh server database
//! in the same run. Reports the time ratio, bytes on the wire per sale and
//! requests per 1,000 sales, and writes them to `target/bench/sync.json`.
//!
//! The sales are written straight into the terminal's outbox as copies of
//! one real sale payload with their own client ids and receipt numbers, so
//! setting up 100k sales does not take 100k durable transactions.
//! `GIGGATEK_BENCH_SIZES` (comma-separated) overrides the sizes.

use std::process::Command;
use std::time::Instant;

use giggatek_store::Store;
use giggatek_sync_client::{SyncClient, SyncOptions};
use giggatek_sync_server::config::DatabaseConfig;
use giggatek_sync_server::db::Database;
use giggatek_sync_server::testing::{Backend, ServerProcess, TestDatabase};
use serde_json::json;

fn sale_payload(n: u64, client_id: &str) -> serde_json::Value {
    json!({
        "client_id": client_id,
        "receipt_number": format!("S01-T01-{n:06}"),
        "shift_id": 1, "staff_id": 1,
        "created_at": "2026-12-04T15:02:11.123Z", "business_date": "2026-12-04",
        "subtotal_cents": 2500, "discount_cents": 0, "tax_cents": 206, "rounding_cents": 0,
        "total_cents": 2706, "amount_due_cents": 2706, "change_cents": 294,
        "tax_rate_millionths": 82500, "tax_rounding": "per_line", "cart_discount": null,
        "lines": [{ "line_no": 1, "product_id": 1, "sku": "USB-HUB", "name": "USB-C hub", "quantity": 1,
            "list_price_cents": 2500, "unit_price_cents": 2500, "line_discount_cents": 0,
            "cart_discount_cents": 0, "net_cents": 2500, "tax_cents": 206, "discount": null }],
        "payments": [{ "seq": 1, "tender": "cash", "amount_cents": 2706, "tendered_cents": 3000,
            "change_cents": 294, "approval_code": null, "last4": null }],
        "stock_movements": [{ "product_id": 1, "delta": -1, "reason": "sale" }],
    })
}

/// Creates a terminal store whose outbox contains `count` sales.
fn terminal_with_sales(dir: &std::path::Path, count: u64) -> Store {
    let mut store = Store::open(&dir.join("terminal.sqlite")).unwrap();
    let conn = store.connection_mut();
    let tx = conn.transaction().unwrap();
    for n in 1..=count {
        let client_id = uuid::Uuid::now_v7().to_string();
        tx.execute(
            "INSERT INTO outbox (client_id, kind, payload, created_at) VALUES (?1, 'sale', ?2, ?3)",
            rusqlite::params![
                client_id,
                sale_payload(n, &client_id).to_string(),
                "2026-12-04T15:02:11.123Z"
            ],
        )
        .unwrap();
    }
    tx.commit().unwrap();
    // The audit entries of setting up are not part of the measurement.
    store
        .connection()
        .execute(
            "UPDATE sync_state SET audit_uploaded_through = (SELECT coalesce(max(id), 0) FROM audit_log)",
            [],
        )
        .unwrap();
    store
}

/// Inserts the same rows as a sync would into `sync_records`, in one
/// transaction, with no HTTP, checks or stock.
async fn raw_insert(config: &DatabaseConfig, store: &Store, terminal_id: i64) -> f64 {
    let db = Database::connect(config).await.unwrap();
    db.migrate().await.unwrap();
    let Database::Sqlite(pool) = &db else {
        unreachable!("the bench runs on SQLite")
    };
    let rows = store.pending_upload(usize::MAX).unwrap();
    let started = Instant::now();
    let mut tx = pool.begin().await.unwrap();
    for row in &rows {
        sqlx::query(
            "INSERT INTO sync_records (client_id, kind, terminal_id, store_code, terminal_code, business_date,
                 sales_cents, payload, terminal_created_at, received_at, batch_id)
             VALUES ($1, $2, $3, 'S01', 'T01', '2026-12-04', 2706, $4, $5, '2026-12-04T15:03:00Z', 'raw')",
        )
        .bind(row.record.client_id.to_string())
        .bind(row.record.kind.as_str())
        .bind(terminal_id)
        .bind(row.record.payload.get())
        .bind(&row.record.created_at)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let seconds = started.elapsed().as_secs_f64();
    db.close().await;
    seconds
}

fn main() {
    let sizes: Vec<u64> = std::env::var("GIGGATEK_BENCH_SIZES")
        .ok()
        .map(|text| text.split(',').filter_map(|size| size.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000]);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mut results = Vec::new();
    for count in sizes {
        let database = TestDatabase::create(Backend::Sqlite);
        let mut command = Command::new(env!("CARGO_BIN_EXE_giggatek-server"));
        command
            .args(database.server_args())
            .args(["serve", "--listen", "127.0.0.1:0"])
            .env("GIGGATEK_SERVER_LOG", "warn");
        let server = ServerProcess::start(command);
        let db = runtime.block_on(Database::connect(&database.config())).unwrap();
        let code = runtime
            .block_on(giggatek_sync_server::db::terminals::create_enrolment_code(
                &db,
                "S01",
                "T01",
                time::Duration::hours(1),
            ))
            .unwrap();
        let request = giggatek_sync_client::EnrolRequest {
            code,
            store_code: "S01".to_owned(),
            terminal_code: "T01".to_owned(),
        };
        let token = giggatek_sync_client::enrol(&server.url(), &request, std::time::Duration::from_secs(30))
            .unwrap()
            .token;

        let dir = tempfile::tempdir().unwrap();
        let mut store = terminal_with_sales(dir.path(), count);
        let baseline_dir = tempfile::tempdir().unwrap();
        let baseline_config = DatabaseConfig::Sqlite {
            data_dir: baseline_dir.path().to_path_buf(),
        };
        // A terminal row for the raw insert's foreign key.
        runtime.block_on(async {
            let baseline = Database::connect(&baseline_config).await.unwrap();
            baseline.migrate().await.unwrap();
            let Database::Sqlite(pool) = &baseline else { unreachable!() };
            sqlx::query("INSERT INTO terminals (store_code, terminal_code, token_hash, enrolled_at) VALUES ('S01', 'T01', 'x', '2026-12-04T15:00:00Z')")
                .execute(pool).await.unwrap();
            baseline.close().await;
        });
        let raw_seconds = runtime.block_on(raw_insert(&baseline_config, &store, 1));

        let client = SyncClient::new(&server.url(), token, SyncOptions::default());
        let started = Instant::now();
        let report = client.sync_once(&mut store).unwrap();
        let sync_seconds = started.elapsed().as_secs_f64();
        assert_eq!(report.stored, count);
        assert_eq!(report.waiting, 0);

        let upload_requests = report.requests - 1;
        let bytes = report.bytes_sent + report.bytes_received;
        #[allow(clippy::cast_precision_loss, reason = "figures for a report")]
        let result = json!({
            "sales": count,
            "sync_seconds": sync_seconds,
            "raw_insert_seconds": raw_seconds,
            "ratio": sync_seconds / raw_seconds,
            "sync_microseconds_per_sale": sync_seconds * 1e6 / count as f64,
            "bytes_per_sale": bytes as f64 / count as f64,
            "upload_requests": upload_requests,
            "requests_per_1000_sales": report.requests as f64 * 1000.0 / count as f64,
        });
        eprintln!("{result}");
        results.push(result);
        runtime.block_on(db.close());
        drop(server);
    }
    let target = std::env::var("CARGO_TARGET_DIR")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../target").to_owned());
    let out = std::path::Path::new(&target).join("bench");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("sync.json"), serde_json::to_string_pretty(&results).unwrap()).unwrap();
}
