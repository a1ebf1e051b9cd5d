//! Two terminals and a real server process, on SQLite and on PostgreSQL,
//! with faults injected between them: the server killed mid-batch, a
//! response dropped, a request repeated, and a terminal killed after the
//! server committed but before it stored the acknowledgement. At the end
//! the server's totals equal the terminals', nothing is doubled and nothing
//! is lost.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use giggatek_sync_client::PAUSE_BEFORE_ACKS_VAR;
use giggatek_sync_server::db::reports;
use giggatek_sync_server::testing::{Backend, TestDatabase};
use giggatek_tests::fault_proxy::{Fault, FaultProxy};
use giggatek_tests::sync_support::{
    Terminal, block_on, connect, path_text, server_child_main, server_product, start_server,
};

/// Newline-separated CLI arguments for the terminal child process.
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

#[test]
fn two_terminals_with_faults_on_sqlite() {
    two_terminals_with_faults(Backend::Sqlite);
}

#[test]
fn two_terminals_with_faults_on_postgres() {
    two_terminals_with_faults(Backend::Postgres);
}

fn client_id(terminal: u8, n: u32) -> String {
    format!("0193a5b2-7c4e-7000-8000-{terminal:02x}00000000{n:02x}")
}

fn two_terminals_with_faults(backend: Backend) {
    let database = TestDatabase::create(backend);
    let mut server = start_server(&database, "127.0.0.1:0", false);
    let listen = server.address.to_string();
    server_product(&database, "CPU-7800X3D", "2000000122311", "AMD Ryzen 7 7800X3D", 34_005);
    server_product(&database, "RAM-DDR5-32", "2000000000019", "DDR5 32 GB kit", 9_999);

    let t1 = Terminal::new(&database, &server.url(), "T01");
    let t2 = Terminal::new(&database, &server.url(), "T02");
    let proxy = FaultProxy::start(server.address);

    // Both terminals get the catalog through the change feed.
    for terminal in [&t1, &t2] {
        let report = terminal
            .client(&server.url(), Terminal::one_attempt())
            .sync_once(&mut terminal.store());
        assert_eq!(report.unwrap().changes_applied, 2);
    }

    // Offline: five sales each, a return on T1, a stock receipt on T2.
    for n in 1..=5 {
        t1.sell("CPU-7800X3D", 1, "400.00", &client_id(1, n));
        t2.sell("RAM-DDR5-32", 2, "250.00", &client_id(2, n));
    }
    t1.cli(&[
        "return",
        "--staff",
        "101",
        "--pin",
        "1234",
        "--manager",
        "900",
        "--manager-pin",
        "9876",
        "--receipt",
        "S01-T01-000001",
        "--line",
        "1=1",
        "--reason",
        "Dead on arrival",
    ]);
    t2.cli(&["stock", "receive", "RAM-DDR5-32", "--quantity", "10"]);

    // A dropped response: the server stored T1's batch, T1 never heard.
    proxy.push_faults(&[Fault::DropResponse]);
    let dropped = t1
        .client(&proxy.url(), Terminal::one_attempt())
        .sync_once(&mut t1.store());
    assert!(dropped.unwrap_err().is_transient());
    assert_eq!(t1.count("SELECT count(*) FROM outbox WHERE synced_at IS NULL"), 6);
    let retried = t1
        .client(&proxy.url(), Terminal::one_attempt())
        .sync_once(&mut t1.store())
        .unwrap();
    assert_eq!(retried.stored, 0, "every record of the dropped round was stored then");
    assert!(retried.already_stored >= 6);

    // A repeated request: T2's batch reaches the server twice.
    proxy.push_faults(&[Fault::RepeatRequest]);
    let repeated = t2
        .client(&proxy.url(), Terminal::one_attempt())
        .sync_once(&mut t2.store())
        .unwrap();
    assert_eq!(repeated.stored, 0, "the first copy stored everything");
    assert!(repeated.already_stored >= 6);
    assert_eq!(repeated.waiting, 0);

    // The server killed while a batch is open: nothing of it is stored.
    for n in 6..=8 {
        t1.sell("CPU-7800X3D", 1, "400.00", &client_id(1, n));
    }
    server.kill();
    let mut paused = start_server(&database, &listen, true);
    let url = paused.url();
    let t1_path = t1.path.clone();
    let token = t1.token.clone();
    let attempt = std::thread::spawn(move || {
        let mut store = giggatek_store::Store::open(&t1_path).unwrap();
        giggatek_sync_client::SyncClient::new(&url, token, Terminal::one_attempt()).sync_once(&mut store)
    });
    paused.wait_for_log("pausing before the batch's commit");
    paused.kill();
    assert!(attempt.join().unwrap().unwrap_err().is_transient());
    assert_eq!(t1.count("SELECT count(*) FROM outbox WHERE synced_at IS NULL"), 3);
    let server = start_server(&database, &listen, false);
    let after_restart = t1
        .client(&server.url(), Terminal::one_attempt())
        .sync_once(&mut t1.store())
        .unwrap();
    assert_eq!(after_restart.stored, 3 + 3, "three sales and their audit entries");
    assert_eq!(after_restart.waiting, 0);

    // T2 killed after the server committed, before it stored the acks.
    for n in 6..=7 {
        t2.sell("RAM-DDR5-32", 1, "150.00", &client_id(2, n));
    }
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "terminal_child", "--ignored", "--test-threads", "1"])
        .env(
            TERMINAL_CHILD_VAR,
            [
                "--store",
                path_text(&t2.path),
                "sync",
                "--server",
                &server.url(),
                "--retry-for",
                "0",
            ]
            .join("\n"),
        )
        .env(PAUSE_BEFORE_ACKS_VAR, "60000")
        .env("GIGGATEK_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let reached = BufReader::new(stderr)
        .lines()
        .map_while(Result::ok)
        .any(|line| line.contains("pausing before storing the acknowledgements"));
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        reached,
        "the terminal never reached the pause after the server's answer"
    );
    assert_eq!(t2.count("SELECT count(*) FROM outbox WHERE synced_at IS NULL"), 2);
    let after_kill = t2
        .client(&server.url(), Terminal::one_attempt())
        .sync_once(&mut t2.store())
        .unwrap();
    assert_eq!(after_kill.stored, 0, "the server had stored everything before the kill");
    assert_eq!(after_kill.already_stored, 2 + 2);
    assert_eq!(after_kill.waiting, 0);

    // Both terminals pull once more; then the totals must agree.
    for terminal in [&t1, &t2] {
        terminal
            .client(&server.url(), Terminal::one_attempt())
            .sync_once(&mut terminal.store())
            .unwrap();
        assert_eq!(terminal.count("SELECT count(*) FROM outbox WHERE synced_at IS NULL"), 0);
    }
    let db = connect(&database);
    let (daily, counts, cpu_stock, ram_stock) = block_on(async {
        let result = (
            reports::daily_sales(&db).await.unwrap(),
            reports::record_counts(&db).await.unwrap(),
            reports::stock_on_hand(&db, "CPU-7800X3D").await.unwrap(),
            reports::stock_on_hand(&db, "RAM-DDR5-32").await.unwrap(),
        );
        db.close().await;
        result
    });

    for (terminal, code) in [(&t1, "T01"), (&t2, "T02")] {
        let sales: i64 = terminal.count("SELECT coalesce(sum(total_cents), 0) FROM sales");
        let refunds: i64 = terminal.count("SELECT coalesce(sum(total_cents), 0) FROM returns");
        let server_net: i64 = daily
            .iter()
            .filter(|row| row.terminal_code == code)
            .map(|row| row.net_cents)
            .sum();
        assert_eq!(server_net, sales - refunds, "net sales of {code}");
        let server_sales: i64 = daily
            .iter()
            .filter(|row| row.terminal_code == code)
            .map(|row| row.sales)
            .sum();
        assert_eq!(
            server_sales,
            terminal.count("SELECT count(*) FROM sales"),
            "sale count of {code}"
        );
    }
    let outbox_total = t1.count("SELECT count(*) FROM outbox") + t2.count("SELECT count(*) FROM outbox");
    let audit_total = t1.count("SELECT count(*) FROM audit_log") + t2.count("SELECT count(*) FROM audit_log");
    let stored_total: i64 = counts.iter().map(|(_, count)| count).sum();
    assert_eq!(
        stored_total,
        outbox_total + audit_total,
        "records on the server: {counts:?}"
    );
    let kind_count = |kind: &str| counts.iter().find(|(k, _)| k == kind).map_or(0, |(_, count)| *count);
    assert_eq!(kind_count("sale"), 8 + 7);
    assert_eq!(kind_count("return"), 1);
    assert_eq!(kind_count("stock_received"), 1);
    // CPU: 8 sold, 1 returned. RAM: 10 + 2 sold, 10 received.
    assert_eq!(cpu_stock, Some(-7));
    assert_eq!(ram_stock, Some(-2));
    assert_eq!(t1.stock("CPU-7800X3D"), -7);
    assert_eq!(t2.stock("RAM-DDR5-32"), -2);
}
