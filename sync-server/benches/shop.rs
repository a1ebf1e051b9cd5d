//! The online shop's API in one process, on SQLite and on PostgreSQL:
//! checkout requests per second as a ratio to `GET /healthz` at the same
//! concurrency, and what a duplicate Stripe webhook costs (SQL statements,
//! fsyncs, time). Writes the figures to `target/bench/shop.json`.
//!
//! Checkouts create their PaymentIntents at localstripe, a single Python
//! process, so its speed is part of the checkout figure. The server runs in
//! the bench's process, so its SQL statements are counted from sqlx's
//! `sqlx::query` trace events. fsyncs of a duplicate delivery are counted
//! with `strace -f` attached to this process, when `strace` is on the
//! `PATH` and allowed to attach. That covers SQLite, whose file this
//! process writes. PostgreSQL syncs its WAL in its own server process, so
//! there the bench checks instead that the duplicate's statement takes no
//! transaction id: a transaction without one writes no commit record and
//! waits for no WAL flush.
//!
//! `GIGGATEK_BENCH_CHECKOUTS` (default 300) and
//! `GIGGATEK_BENCH_CONCURRENCY` (default 8) change the load.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use giggatek_payments::localstripe::{Localstripe, TEST_SECRET_KEY};
use giggatek_payments::signature::sign;
use giggatek_sync_server::admin::{self, AdminCommand};
use giggatek_sync_server::db::Database;
use giggatek_sync_server::routes;
use giggatek_sync_server::shop::Shop;
use giggatek_sync_server::shop::clock;
use giggatek_sync_server::shop::config::{Secret, ShopConfig};
use giggatek_sync_server::state::AppState;
use giggatek_sync_server::testing::{Backend, TestDatabase};
use serde_json::{Value, json};
use tracing_subscriber::layer::SubscriberExt;

const WEBHOOK_SECRET: &str = "whsec_giggatek_shop_bench";
const DUPLICATES: u64 = 200;
/// New events delivered under the fsync trace, to show it counts writes.
const NEW_EVENTS: u64 = 20;

/// Counts sqlx's per-statement trace events.
struct StatementCounter(Arc<AtomicU64>);

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for StatementCounter {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        if event.metadata().target() == "sqlx::query" {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// Sends `count` requests made by `request`, `concurrency` at a time;
/// returns requests per second.
async fn requests_per_second<F, Fut>(count: u64, concurrency: u64, request: F) -> f64
where
    F: Fn(u64) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let request = Arc::new(request);
    let next = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let request = request.clone();
        let next = next.clone();
        tasks.push(tokio::spawn(async move {
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                if index >= count {
                    break;
                }
                request(index).await;
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    #[allow(clippy::cast_precision_loss, reason = "a rate for a report")]
    let rate = count as f64 / started.elapsed().as_secs_f64();
    rate
}

/// Starts `strace -f` on this process for fsync calls; `None` when strace
/// is missing or could not attach (it then exits at once).
fn start_fsync_trace(output: &std::path::Path) -> Option<std::process::Child> {
    let mut child = std::process::Command::new("strace")
        .args(["-f", "-e", "trace=fsync,fdatasync", "-o"])
        .arg(output)
        .arg("-p")
        .arg(std::process::id().to_string())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    std::thread::sleep(Duration::from_secs(1));
    match child.try_wait() {
        Ok(None) => Some(child),
        _ => None,
    }
}

/// Stops the trace by its PID and counts the fsync calls it recorded.
fn stop_fsync_trace(mut child: std::process::Child, output: &std::path::Path) -> Option<u64> {
    let _ = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let _ = child.wait();
    let text = std::fs::read_to_string(output).ok()?;
    let calls = text
        .lines()
        .filter(|line| line.contains("fsync(") || line.contains("fdatasync("))
        .count();
    Some(u64::try_from(calls).unwrap_or(u64::MAX))
}

/// Returns whether the duplicate's statement takes a transaction id on
/// PostgreSQL; `None` on SQLite.
async fn duplicate_takes_transaction_id(db: &Database, event_id: &str) -> Option<bool> {
    let Database::Postgres(pool) = db else {
        return None;
    };
    let mut tx = pool.begin().await.unwrap();
    sqlx::query(
        "INSERT INTO stripe_events (event_id, event_type, payload, status, received_at) \
         VALUES ($1, 'payment_intent.succeeded', '{}', 'pending', 'x') ON CONFLICT (event_id) DO NOTHING",
    )
    .bind(event_id)
    .execute(&mut *tx)
    .await
    .unwrap();
    let xid: Option<String> = sqlx::query_scalar("SELECT pg_current_xact_id_if_assigned()::text")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    Some(xid.is_some())
}

async fn read_json(response: reqwest::Response) -> Value {
    serde_json::from_slice(&response.bytes().await.unwrap()).unwrap()
}

fn event_body(event_id: &str) -> String {
    json!({
        "id": event_id,
        "object": "event",
        "created": clock::unix_now(),
        "type": "payment_intent.succeeded",
        "data": { "object": {
            "id": "pi_bench_unknown", "object": "payment_intent", "amount": 2706,
            "amount_received": 2706, "currency": "usd", "metadata": {}, "status": "succeeded"
        }}
    })
    .to_string()
}

async fn run(backend: Backend, statements: Arc<AtomicU64>, checkouts: u64, concurrency: u64) -> Value {
    let database = TestDatabase::create(backend);
    let db = Database::connect(&database.config()).await.unwrap();
    db.migrate().await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let localstripe = Localstripe::start().unwrap();
    let config = ShopConfig {
        stripe_secret_key: Some(Secret::new(TEST_SECRET_KEY)),
        stripe_api_base: Some(localstripe.base_url().to_owned()),
        webhook_secret: Some(Secret::new(WEBHOOK_SECRET)),
        ..ShopConfig::default()
    };
    let shop = Arc::new(Shop::new(db.clone(), config).unwrap());
    let app = routes::router(AppState { db: db.clone(), shop });
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await;
    });

    let product = AdminCommand::Product {
        sku: "BENCH-1".to_owned(),
        barcode: "0000000000017".to_owned(),
        name: "Bench hub".to_owned(),
        category: "hubs".to_owned(),
        price_cents: Some(2500),
        untaxed: false,
    };
    admin::run(&db, product).await.unwrap();
    let stock = AdminCommand::SetStock {
        sku: "BENCH-1".to_owned(),
        on_hand: 1_000_000,
    };
    admin::run(&db, stock).await.unwrap();
    let client = reqwest::Client::new();
    let listed = read_json(client.get(format!("{url}/api/products")).send().await.unwrap()).await;
    let product_id = listed["items"][0]["id"].as_i64().unwrap();

    let mut carts = Vec::new();
    for _ in 0..checkouts {
        let cart = read_json(client.post(format!("{url}/api/carts")).send().await.unwrap()).await;
        let id = cart["cart_id"].as_str().unwrap().to_owned();
        let token = cart["cart_token"].as_str().unwrap().to_owned();
        let added = client
            .put(format!("{url}/api/carts/{id}/items/{product_id}"))
            .header("x-cart-token", &token)
            .header("content-type", "application/json")
            .body(json!({"quantity": 1}).to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(added.status().as_u16(), 200);
        carts.push((id, token));
    }
    let carts = Arc::new(carts);

    let health_client = client.clone();
    let health_url = format!("{url}/healthz");
    let healthz_rps = requests_per_second(checkouts * 4, concurrency, move |_| {
        let client = health_client.clone();
        let url = health_url.clone();
        async move {
            let response = client.get(url).send().await.unwrap();
            assert_eq!(response.status().as_u16(), 200);
        }
    })
    .await;

    let checkout_client = client.clone();
    let checkout_url = format!("{url}/api/checkout");
    let checkout_carts = carts.clone();
    let checkout_rps = requests_per_second(checkouts, concurrency, move |index| {
        let client = checkout_client.clone();
        let url = checkout_url.clone();
        let carts = checkout_carts.clone();
        async move {
            let (id, token) = &carts[usize::try_from(index).unwrap()];
            let response = client
                .post(url)
                .header("x-cart-token", token)
                .header("content-type", "application/json")
                .body(json!({"cart_id": id, "email": "bench@example.com"}).to_string())
                .send()
                .await
                .unwrap();
            assert_eq!(response.status().as_u16(), 201);
        }
    })
    .await;

    let event_id = format!("evt_bench_{}", uuid::Uuid::now_v7().simple());
    let body = event_body(&event_id);
    let deliver = |body: String| {
        let client = client.clone();
        let url = format!("{url}/webhooks/stripe");
        async move {
            let signature = sign(body.as_bytes(), WEBHOOK_SECRET, clock::unix_now());
            let response = client
                .post(url)
                .header("stripe-signature", signature)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status().as_u16(), 200);
            let acknowledgement = read_json(response).await;
            acknowledgement["duplicate"].as_bool().unwrap()
        }
    };
    assert!(!deliver(body.clone()).await);
    let trace_dir = tempfile::tempdir().unwrap();
    let trace_file = trace_dir.path().join("fsync.trace");
    let trace = start_fsync_trace(&trace_file);
    let before = statements.load(Ordering::Relaxed);
    let started = Instant::now();
    for _ in 0..DUPLICATES {
        assert!(deliver(body.clone()).await);
    }
    let elapsed = started.elapsed();
    let counted = statements.load(Ordering::Relaxed) - before;
    let fsyncs = trace.and_then(|child| stop_fsync_trace(child, &trace_file));
    let takes_xid = duplicate_takes_transaction_id(&db, &event_id).await;

    // New events, as a check that the trace records the fsyncs of a write.
    let new_trace_file = trace_dir.path().join("new-events.trace");
    let new_trace = start_fsync_trace(&new_trace_file);
    for index in 0..NEW_EVENTS {
        assert!(!deliver(event_body(&format!("{event_id}_{index}"))).await);
    }
    let new_fsyncs = new_trace.and_then(|child| stop_fsync_trace(child, &new_trace_file));

    server.abort();
    db.close().await;
    drop(localstripe);
    #[allow(clippy::cast_precision_loss, reason = "figures for a report")]
    let result = json!({
        "backend": format!("{backend:?}"),
        "concurrency": concurrency,
        "checkouts": checkouts,
        "healthz_per_second": healthz_rps,
        "checkouts_per_second": checkout_rps,
        "checkout_to_healthz_ratio": checkout_rps / healthz_rps,
        "duplicate_webhook_statements": counted as f64 / DUPLICATES as f64,
        "duplicate_webhook_fsyncs": fsyncs.map(|calls| calls as f64 / DUPLICATES as f64),
        "duplicate_webhook_takes_transaction_id": takes_xid,
        "duplicate_webhook_microseconds": elapsed.as_secs_f64() * 1e6 / DUPLICATES as f64,
        "new_webhook_fsyncs": new_fsyncs.map(|calls| calls as f64 / NEW_EVENTS as f64),
    });
    eprintln!("{result}");
    result
}

fn main() {
    let statements = Arc::new(AtomicU64::new(0));
    let subscriber = tracing_subscriber::registry().with(StatementCounter(statements.clone()));
    tracing::subscriber::set_global_default(subscriber).unwrap();
    let checkouts = env_number("GIGGATEK_BENCH_CHECKOUTS", 300);
    let concurrency = env_number("GIGGATEK_BENCH_CONCURRENCY", 8);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let results: Vec<Value> = [Backend::Sqlite, Backend::Postgres]
        .into_iter()
        .map(|backend| runtime.block_on(run(backend, statements.clone(), checkouts, concurrency)))
        .collect();
    let target = std::env::var("CARGO_TARGET_DIR")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../target").to_owned());
    let out = std::path::Path::new(&target).join("bench");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("shop.json"), serde_json::to_string_pretty(&results).unwrap()).unwrap();
}
