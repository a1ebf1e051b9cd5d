//! The `giggatek sale` command killed with SIGKILL before and right after
//! its commit, then retried with the same `--client-id`.
//!
//! `crash_mid_sale.rs` kills a child that calls the store directly. This
//! file runs the CLI's own entry point (`giggatek_cli::run`, which the
//! binary's `main` calls) in the child, so the whole command is covered:
//! sign-in, product lookups and the cart are built before the transaction
//! opens, and must leave nothing behind either. The child is this test
//! binary run again in a child mode, not `target/*/giggatek`, because a test
//! of this crate cannot name another package's binary and
//! `cargo test -p giggatek-tests` alone would not build it.
//!
//! The parent knows where the child is from the store's own log lines on
//! the child's stderr (`GIGGATEK_LOG`): the test hook's pause just before
//! the commit, and "sale completed" just after it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use giggatek_domain::{CashRounding, Money, Percent, TaxRounding, TaxSettings};
use giggatek_store::{PAUSE_BEFORE_COMMIT_VAR, Role, Store, StoreSettings};

/// Newline-separated CLI arguments; set only for the child process.
const CHILD_ARGS_VAR: &str = "GIGGATEK_CRASH_CLI_ARGS";
/// When set, the child stays alive after the command returns.
const CHILD_HOLD_VAR: &str = "GIGGATEK_CRASH_CLI_HOLD";

/// What the store logs while the test hook keeps the transaction open.
const PAUSE_LOG: &str = "pausing before the sale's commit";
/// What the store logs right after the sale's commit.
const COMMIT_LOG: &str = "sale completed";

const CLIENT_ID: &str = "0193a5b2-7c4e-7000-8000-0000000000aa";

/// A store file with settings, a clerk, an open shift and one product with
/// 5 units in stock.
struct Terminal {
    _dir: tempfile::TempDir,
    path: PathBuf,
    product_id: i64,
}

impl Terminal {
    fn new() -> Terminal {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("terminal.sqlite");
        let catalog = dir.path().join("catalog");
        std::fs::create_dir(&catalog).unwrap();
        std::fs::write(catalog.join("memory.csv"), "name,price\nDDR5 16 GB kit,54.99\n").unwrap();

        let mut store = Store::open(&path).unwrap();
        store.save_settings(&settings()).unwrap();
        let clerk = store.add_staff("101", "Ana Clerk", Role::Clerk, "1234").unwrap();
        store.open_shift(&clerk, Money::from_cents(20_000)).unwrap();
        store.import_catalog(&catalog, &mut |_| {}).unwrap();
        let product = store.search_products("DDR5", 1).unwrap().remove(0);
        store.receive_stock(product.id, 5).unwrap();
        Terminal {
            _dir: dir,
            path,
            product_id: product.id,
        }
    }

    /// Builds the `giggatek sale` arguments: 2 kits for $120 cash, under CLIENT_ID.
    fn sale_args(&self) -> Vec<String> {
        let sku = Store::open(&self.path).unwrap().product(self.product_id).unwrap().sku;
        [
            "--json",
            "--store",
            path_text(&self.path),
            "sale",
            "--staff",
            "101",
            "--pin",
            "1234",
            "--item",
            &format!("{sku}*2"),
            "--cash",
            "120.00",
            "--client-id",
            CLIENT_ID,
        ]
        .iter()
        .map(|arg| arg.to_string())
        .collect()
    }

    /// Counts the rows a sale writes and the product's stock.
    fn counts(&self) -> [i64; 7] {
        let store = Store::open(&self.path).unwrap();
        let conn = store.connection();
        let count = |sql: &str| -> i64 { conn.query_row(sql, [], |row| row.get(0)).unwrap() };
        [
            count("SELECT count(*) FROM sales"),
            count("SELECT count(*) FROM sale_lines"),
            count("SELECT count(*) FROM payments"),
            count("SELECT count(*) FROM outbox"),
            count("SELECT count(*) FROM audit_log WHERE action = 'sale_completed'"),
            count("SELECT coalesce(max(value), 0) FROM counters WHERE name = 'receipt'"),
            count(&format!(
                "SELECT stock_on_hand FROM products WHERE id = {}",
                self.product_id
            )),
        ]
    }
}

/// Rows and stock with no sale: nothing written, 5 units in stock. The one
/// outbox record is the setup's stock receipt.
const NO_SALE: [i64; 7] = [0, 0, 0, 1, 0, 0, 5];
/// Rows and stock after the one sale: 1 line, 1 payment, an outbox record
/// beside the receipt's, receipt 1, 3 units left.
const ONE_SALE: [i64; 7] = [1, 1, 1, 2, 1, 1, 3];

#[test]
fn cli_sale_killed_before_commit() {
    let terminal = Terminal::new();

    let mut child = spawn_child(&terminal.sale_args(), true, false);
    let reached = wait_for_log(&mut child, PAUSE_LOG);
    kill(&mut child);

    assert!(reached, "the child never reached the pause before the commit");
    assert_eq!(terminal.counts(), NO_SALE);

    let retry = run_child(&terminal.sale_args());
    assert_eq!(retry["receipt_number"], "S01-T01-000001");
    assert_eq!(retry["replayed"], false);
    assert_eq!(terminal.counts(), ONE_SALE);
}

#[test]
fn cli_sale_killed_after_commit() {
    let terminal = Terminal::new();

    let mut child = spawn_child(&terminal.sale_args(), false, true);
    let reached = wait_for_log(&mut child, COMMIT_LOG);
    kill(&mut child);

    assert!(reached, "the child never logged the commit");
    assert_eq!(terminal.counts(), ONE_SALE);

    // The clerk retries the same sale after the crash: the stored sale comes
    // back and nothing is written twice.
    let retry = run_child(&terminal.sale_args());
    assert_eq!(retry["receipt_number"], "S01-T01-000001");
    assert_eq!(retry["replayed"], true);
    assert_eq!(retry["priced"]["total"], 11_905);
    assert_eq!(terminal.counts(), ONE_SALE);
}

/// Runs the CLI with the arguments in CHILD_ARGS_VAR when it is the child of
/// a test above; does nothing in a normal test run.
#[test]
#[ignore = "runs only as the child process of the CLI crash tests"]
fn cli_child() {
    let Ok(args) = std::env::var(CHILD_ARGS_VAR) else {
        return;
    };
    let status = giggatek_cli::run(std::iter::once("giggatek").chain(args.lines()));
    if std::env::var_os(CHILD_HOLD_VAR).is_some() {
        // Stays alive, with the store still open, until the parent kills it.
        std::thread::sleep(Duration::from_secs(120));
    }
    std::process::exit(i32::from(status));
}

fn spawn_child(args: &[String], pause_before_commit: bool, hold: bool) -> Child {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(["--exact", "cli_child", "--ignored", "--test-threads", "1"])
        .env(CHILD_ARGS_VAR, args.join("\n"))
        .env("GIGGATEK_LOG", "giggatek_store=info")
        .env_remove(PAUSE_BEFORE_COMMIT_VAR)
        .env_remove(CHILD_HOLD_VAR)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if pause_before_commit {
        command.env(PAUSE_BEFORE_COMMIT_VAR, "60000");
    }
    if hold {
        command.env(CHILD_HOLD_VAR, "1");
    }
    command.spawn().unwrap()
}

/// Runs the CLI in a child to the end and parses the JSON it printed.
fn run_child(args: &[String]) -> serde_json::Value {
    let output = spawn_child(args, false, false).wait_with_output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        output.status.success(),
        "the CLI failed: {stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The test harness prints its own "running 1 test" line first.
    let start = stdout.find('{').unwrap();
    let end = stdout.rfind('}').unwrap();
    serde_json::from_str(&stdout[start..=end]).unwrap()
}

/// Reads the child's stderr until a line contains `text`. Returns false when
/// the child closes stderr first, which it does when it exits.
fn wait_for_log(child: &mut Child, text: &str) -> bool {
    let stderr = child.stderr.take().unwrap();
    BufReader::new(stderr)
        .lines()
        .map_while(Result::ok)
        .any(|line| line.contains(text))
}

/// Sends SIGKILL (what `Child::kill` sends on Unix) and reaps the child.
fn kill(child: &mut Child) {
    child.kill().unwrap();
    child.wait().unwrap();
}

fn path_text(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn settings() -> StoreSettings {
    StoreSettings {
        store_code: "S01".to_string(),
        terminal_code: "T01".to_string(),
        store_name: "GigGatek Midtown".to_string(),
        store_address: vec!["350 5th Ave".to_string()],
        tax: TaxSettings {
            rate: Percent::parse("8.25").unwrap(),
            rounding: TaxRounding::PerLine,
        },
        cash_rounding: CashRounding::None,
        time_zone: "America/New_York".to_string(),
    }
}
