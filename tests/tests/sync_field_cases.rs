//! Sync cases seen in other point-of-sale systems, replayed against a real
//! server process on SQLite: offline oversells that must not block the
//! queue, one sale uploaded twice, and a failed upload that must be retried
//! without a new local write.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use giggatek_sync_client::{PAUSE_BEFORE_ACKS_VAR, SyncError, SyncOptions};
use giggatek_sync_server::db::reports;
use giggatek_sync_server::testing::{Backend, TestDatabase};
use giggatek_tests::fault_proxy::{Fault, FaultProxy};
use giggatek_tests::sync_support::{
    Terminal, block_on, connect, path_text, server_child_main, server_product, start_server, terminal_with_three_sales,
};

const TERMINAL_CHILD_VAR: &str = "GIGGATEK_TEST_TERMINAL_ARGS";

#[test]
#[ignore = "runs only as the server child process of the sync tests"]
fn server_child() {
    server_child_main();
}

#[test]
#[ignore = "runs only as the terminal child process of the sync tests"]
fn terminal_child() {
    let Ok(args) = std::env::var(TERMINAL_CHILD_VAR) else {
        return;
    };
    let status = giggatek_cli::run(std::iter::once("giggatek").chain(args.lines()));
    std::process::exit(i32::from(status));
}

const BLENDER_T1: &str = "0193a5b2-7c4e-7000-8000-0000000b1001";
const BLENDER_T2: &str = "0193a5b2-7c4e-7000-8000-0000000b2001";
const TOASTER_T2: &str = "0193a5b2-7c4e-7000-8000-0000000b2002";
const SALE_S: &str = "0193a5b2-7c4e-7000-8000-000000002706";

fn set_server_stock(database: &TestDatabase, sku: &str, on_hand: i64) {
    let db = connect(database);
    block_on(async {
        giggatek_sync_server::db::changes::set_stock(&db, sku, on_hand)
            .await
            .unwrap();
        db.close().await;
    });
}

fn server_reports(
    database: &TestDatabase,
) -> (
    Vec<reports::DailySales>,
    Vec<reports::OversellAlert>,
    Vec<(String, i64)>,
) {
    let db = connect(database);
    block_on(async {
        let result = (
            reports::daily_sales(&db).await.unwrap(),
            reports::open_oversells(&db).await.unwrap(),
            reports::record_counts(&db).await.unwrap(),
        );
        db.close().await;
        result
    })
}

fn server_stock(database: &TestDatabase, sku: &str) -> Option<i64> {
    let db = connect(database);
    block_on(async {
        let stock = reports::stock_on_hand(&db, sku).await.unwrap();
        db.close().await;
        stock
    })
}

fn sale_count(counts: &[(String, i64)]) -> i64 {
    counts
        .iter()
        .find(|(kind, _)| kind == "sale")
        .map_or(0, |(_, count)| *count)
}

/// Blender B-200 has 1 unit on the server; T1 and T2 both sell one while
/// offline, and T2 also sells a toaster. T2 syncs first, then T1.
#[test]
fn offline_oversell_never_blocks_sync() {
    let database = TestDatabase::create(Backend::Sqlite);
    let server = start_server(&database, "127.0.0.1:0", false);
    server_product(&database, "B-200", "2000000000200", "Blender B-200", 4_999);
    server_product(&database, "T-1", "2000000000101", "Toaster T-1", 2_999);
    set_server_stock(&database, "B-200", 1);
    set_server_stock(&database, "T-1", 5);
    let t1 = Terminal::new(&database, &server.url(), "T01");
    let t2 = Terminal::new(&database, &server.url(), "T02");
    for terminal in [&t1, &t2] {
        terminal
            .client(&server.url(), Terminal::one_attempt())
            .sync_once(&mut terminal.store())
            .unwrap();
        assert_eq!(terminal.stock("B-200"), 1);
    }

    t1.sell("B-200", 1, "60.00", BLENDER_T1);
    t2.sell("B-200", 1, "60.00", BLENDER_T2);
    t2.sell("T-1", 1, "40.00", TOASTER_T2);

    let t2_report = t2
        .client(&server.url(), Terminal::one_attempt())
        .sync_once(&mut t2.store())
        .unwrap();
    let t1_report = t1
        .client(&server.url(), Terminal::one_attempt())
        .sync_once(&mut t1.store())
        .unwrap();
    assert_eq!(t2_report.rejected, 0);
    assert_eq!(t1_report.rejected, 0);
    assert_eq!(t2_report.waiting, 0);
    assert_eq!(t1_report.waiting, 0);

    let (_, alerts, counts) = server_reports(&database);
    assert_eq!(sale_count(&counts), 3);
    assert_eq!(server_stock(&database, "B-200"), Some(-1));
    assert_eq!(server_stock(&database, "T-1"), Some(4));
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].sku, "B-200");
    assert_eq!(alerts[0].on_hand, -1);
    assert_eq!(
        alerts[0].sale_client_ids,
        vec![BLENDER_T2.to_owned(), BLENDER_T1.to_owned()]
    );

    t2.client(&server.url(), Terminal::one_attempt())
        .sync_once(&mut t2.store())
        .unwrap();
    assert_eq!(t1.stock("B-200"), -1);
    assert_eq!(t2.stock("B-200"), -1);
    assert_eq!(t2.stock("T-1"), 4);
}

/// A terminal with sale S (2706 cents) offline at 25.00 plus 8.25 % tax.
fn terminal_with_sale_s(database: &TestDatabase, server_url: &str) -> Terminal {
    server_product(database, "USB-HUB", "2000000000309", "USB-C hub", 2_500);
    set_server_stock(database, "USB-HUB", 10);
    let terminal = Terminal::new(database, server_url, "T01");
    terminal
        .client(server_url, Terminal::one_attempt())
        .sync_once(&mut terminal.store())
        .unwrap();
    terminal.sell("USB-HUB", 1, "30.00", SALE_S);
    let total = terminal.count("SELECT total_cents FROM sales");
    assert_eq!(total, 2706);
    terminal
}

fn assert_sale_s_once(database: &TestDatabase) {
    let (daily, _, counts) = server_reports(database);
    assert_eq!(sale_count(&counts), 1);
    assert_eq!(daily.len(), 1);
    assert_eq!(daily[0].net_cents, 2706);
    assert_eq!(server_stock(database, "USB-HUB"), Some(9));
}

/// The automatic sync and a manual "Sync now" start within 100 ms.
#[test]
fn same_sale_uploaded_twice_concurrently() {
    let database = TestDatabase::create(Backend::Sqlite);
    let server = start_server(&database, "127.0.0.1:0", false);
    let terminal = terminal_with_sale_s(&database, &server.url());

    let rounds: Vec<_> = (0..2)
        .map(|_| {
            let (path, token, url) = (terminal.path.clone(), terminal.token.clone(), server.url());
            std::thread::spawn(move || {
                let mut store = giggatek_store::Store::open(&path).unwrap();
                giggatek_sync_client::SyncClient::new(&url, token, Terminal::one_attempt()).sync_once(&mut store)
            })
        })
        .collect();
    let reports: Vec<_> = rounds.into_iter().map(|round| round.join().unwrap().unwrap()).collect();

    let stored: u64 = reports.iter().map(|report| report.stored).sum();
    let already: u64 = reports.iter().map(|report| report.already_stored).sum();
    assert!(stored >= 1, "one round stored sale S");
    assert!(reports.iter().all(|report| report.rejected == 0));
    assert!(stored + already >= 2, "both rounds saw S acknowledged");
    assert_eq!(terminal.count("SELECT count(*) FROM outbox WHERE synced_at IS NULL"), 0);
    assert_sale_s_once(&database);
}

/// The server commits S, then the terminal is killed before it stores the
/// acknowledgement, and restarts.
#[test]
fn same_sale_uploaded_after_terminal_crash() {
    let database = TestDatabase::create(Backend::Sqlite);
    let server = start_server(&database, "127.0.0.1:0", false);
    let terminal = terminal_with_sale_s(&database, &server.url());

    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "terminal_child", "--ignored", "--test-threads", "1"])
        .env(
            TERMINAL_CHILD_VAR,
            ["--store", path_text(&terminal.path), "sync", "--retry-for", "0"].join("\n"),
        )
        .env(PAUSE_BEFORE_ACKS_VAR, "60000")
        .env("GIGGATEK_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let reached = BufReader::new(child.stderr.take().unwrap())
        .lines()
        .map_while(Result::ok)
        .any(|line| line.contains("pausing before storing the acknowledgements"));
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        reached,
        "the terminal never reached the pause after the server's answer"
    );
    assert_eq!(terminal.count("SELECT count(*) FROM outbox WHERE synced_at IS NULL"), 1);

    let report = terminal
        .client(&server.url(), Terminal::one_attempt())
        .sync_once(&mut terminal.store())
        .unwrap();
    assert_eq!(report.stored, 0);
    assert!(report.already_stored >= 1);
    assert_eq!(report.waiting, 0);
    assert_sale_s_once(&database);
}

/// Three sales wait; the server answers the first upload with 503 and later
/// ones with 200. Nothing else happens at the terminal.
#[test]
fn failed_upload_is_retried_without_new_write() {
    let database = TestDatabase::create(Backend::Sqlite);
    let server = start_server(&database, "127.0.0.1:0", false);
    let terminal = terminal_with_three_sales(&database, &server.url(), "0193a5b2-7c4e-7000-8000-00000000130");

    let proxy = FaultProxy::start(server.address);
    proxy.push_faults(&[Fault::ServiceUnavailable]);
    let options = SyncOptions {
        retry_for: Duration::from_secs(60),
        initial_retry_delay: Duration::from_millis(200),
        ..SyncOptions::default()
    };
    let report = terminal
        .client(&proxy.url(), options)
        .sync_with_retry(&mut terminal.store())
        .unwrap();

    assert_eq!(report.retries, 1);
    assert_eq!(report.rejected, 0);
    assert_eq!(report.waiting, 0);
    assert_eq!(proxy.seen()[0].1, Fault::ServiceUnavailable);
    let (_, _, counts) = server_reports(&database);
    assert_eq!(sale_count(&counts), 3);
    assert_eq!(terminal.count("SELECT count(*) FROM outbox WHERE synced_at IS NULL"), 0);
    let status = terminal.store().sync_status().unwrap();
    assert_eq!(status.waiting, 0);
    assert!(status.last_success_at.is_some());
}

/// A record the server rejects stays in the outbox with its message, and
/// the records after it still sync.
#[test]
fn rejected_record_stays_and_is_shown() {
    let database = TestDatabase::create(Backend::Sqlite);
    let server = start_server(&database, "127.0.0.1:0", false);
    server_product(&database, "USB-HUB", "2000000000309", "USB-C hub", 2_500);
    let terminal = Terminal::new(&database, &server.url(), "T01");
    terminal
        .client(&server.url(), Terminal::one_attempt())
        .sync_once(&mut terminal.store())
        .unwrap();
    terminal
        .store()
        .connection()
        .execute(
            "INSERT INTO outbox (client_id, kind, payload, created_at)
             VALUES ('0193a5b2-7c4e-7000-8000-0000000bad01', 'sale',
                     '{\"receipt_number\":\"X\",\"business_date\":\"12/04/2026\",\"total_cents\":1,\"lines\":[]}',
                     '2026-12-04T15:00:00.000Z')",
            [],
        )
        .unwrap();
    terminal.sell("USB-HUB", 1, "30.00", "0193a5b2-7c4e-7000-8000-00000000ad02");

    let report = terminal
        .client(&server.url(), Terminal::one_attempt())
        .sync_once(&mut terminal.store())
        .unwrap();

    assert_eq!(report.rejected, 1);
    assert_eq!(report.waiting, 1);
    let status = terminal.store().sync_status().unwrap();
    assert_eq!(status.rejected.len(), 1);
    assert_eq!(status.rejected[0].field, "payload.business_date");
    assert!(
        status.rejected[0].message.contains("12/04/2026"),
        "{}",
        status.rejected[0].message
    );
    assert_eq!(
        terminal.count("SELECT count(*) FROM outbox WHERE synced_at IS NULL AND client_id LIKE '%bad01'"),
        1
    );
    let (_, _, counts) = server_reports(&database);
    assert_eq!(sale_count(&counts), 1);

    // A later round leaves the rejected record alone instead of looping.
    let again = terminal
        .client(&server.url(), Terminal::one_attempt())
        .sync_once(&mut terminal.store())
        .unwrap();
    assert_eq!(again.rejected, 0);
    assert_eq!(again.waiting, 1);
}

/// A revoked terminal's token stops working at once.
#[test]
fn revoked_terminal_is_rejected() {
    let database = TestDatabase::create(Backend::Sqlite);
    let server = start_server(&database, "127.0.0.1:0", false);
    let terminal = Terminal::new(&database, &server.url(), "T01");
    let db = connect(&database);
    let revoked = block_on(async {
        let revoked = giggatek_sync_server::db::terminals::revoke(&db, "S01", "T01")
            .await
            .unwrap();
        db.close().await;
        revoked
    });
    assert!(revoked);
    let error = terminal
        .client(&server.url(), Terminal::one_attempt())
        .sync_once(&mut terminal.store())
        .unwrap_err();
    assert!(
        matches!(error, SyncError::Unauthorized(ref message) if message.contains("revoked")),
        "{error}"
    );
}
