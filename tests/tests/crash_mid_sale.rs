//! A terminal process killed with SIGKILL while it completes a sale. After
//! the kill, the store contains either the whole sale or no trace of it.
//!
//! The child process is this test binary run again in a child mode (the
//! ignored test `sale_child`), not the `giggatek` binary. A test of this
//! crate cannot name another package's binary (`CARGO_BIN_EXE_*` exists only
//! inside the package that owns it), so driving `giggatek` would need it
//! built first by hand and found by path, and `cargo test -p giggatek-tests`
//! alone would fail. The child makes the same store calls as the CLI and the
//! desktop terminal, in a real separate process that dies without unwinding,
//! closing files or running destructors.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use giggatek_domain::{Cart, CashRounding, Money, Percent, TaxRounding, TaxSettings, Tender};
use giggatek_store::{PAUSE_BEFORE_COMMIT_VAR, Role, Store, StoreSettings};
use rusqlite::{Connection, ErrorCode};

/// Variables that switch the ignored `sale_child` test into the child mode.
const CHILD_STORE_VAR: &str = "GIGGATEK_CRASH_CHILD_STORE";
const CHILD_CLIENT_ID_VAR: &str = "GIGGATEK_CRASH_CHILD_CLIENT_ID";
const CHILD_PRODUCTS_VAR: &str = "GIGGATEK_CRASH_CHILD_PRODUCTS";
const CHILD_MARKERS_VAR: &str = "GIGGATEK_CRASH_CHILD_MARKERS";
const CHILD_HOLD_AFTER_COMMIT_VAR: &str = "GIGGATEK_CRASH_CHILD_HOLD";

/// Marker files the child writes just before `complete_sale` and just
/// after it returns.
const READY_MARKER: &str = "ready";
const COMMITTED_MARKER: &str = "committed";

/// How long the parent waits for the child to reach a point, in 10 ms polls.
const MAX_POLLS: u32 = 12_000;

const CLERK_CODE: &str = "101";
const CLERK_PIN: &str = "1234";

/// Cash handed over for every sale, in cents.
const CASH_TENDERED: i64 = 40_000;

/// Where the parent kills the child.
#[derive(Clone, Copy, PartialEq, Eq)]
enum KillPoint {
    /// While the sale's transaction is open, which the pause test hook keeps
    /// open just before the commit.
    BeforeCommit,
    /// After `complete_sale` has returned, while the child still runs.
    AfterCommit,
    /// Never: the child completes the sale and exits on its own.
    Never,
}

/// A store file with settings, a clerk, an open shift and a small catalog
/// imported from CSV, with stock received for its priced products.
struct Terminal {
    _dir: tempfile::TempDir,
    path: PathBuf,
    markers: PathBuf,
    cpu_id: i64,
    memory_id: i64,
}

impl Terminal {
    fn new() -> Terminal {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("terminal.sqlite");
        let catalog = dir.path().join("catalog");
        std::fs::create_dir(&catalog).unwrap();
        std::fs::write(
            catalog.join("cpu.csv"),
            "name,price,core_count\nRyzen 5 7600,199.99,6\nCore i9-9900K,,8\n",
        )
        .unwrap();
        std::fs::write(
            catalog.join("memory.csv"),
            "name,price,speed\nDDR5 16 GB kit,54.99,6000\n",
        )
        .unwrap();

        let mut store = Store::open(&path).unwrap();
        store.save_settings(&settings()).unwrap();
        let clerk = store
            .add_staff(CLERK_CODE, "Ana Clerk", Role::Clerk, CLERK_PIN)
            .unwrap();
        store.open_shift(&clerk, Money::from_cents(20_000)).unwrap();
        store.import_catalog(&catalog, &mut |_| {}).unwrap();
        let cpu_id = product_id(&store, "Ryzen 5 7600");
        let memory_id = product_id(&store, "DDR5 16 GB kit");
        store.receive_stock(cpu_id, 5).unwrap();
        store.receive_stock(memory_id, 5).unwrap();

        let markers = dir.path().join("markers");
        Terminal {
            _dir: dir,
            path,
            markers,
            cpu_id,
            memory_id,
        }
    }

    /// Runs one sale in a child process and kills it at `point`. Returns the
    /// sale's client id.
    fn run_sale(&self, point: KillPoint) -> String {
        let client_id = uuid::Uuid::now_v7().to_string();
        if self.markers.exists() {
            std::fs::remove_dir_all(&self.markers).unwrap();
        }
        std::fs::create_dir(&self.markers).unwrap();

        let mut command = Command::new(std::env::current_exe().unwrap());
        command
            .args(["--exact", "sale_child", "--ignored", "--test-threads", "1"])
            .env(CHILD_STORE_VAR, &self.path)
            .env(CHILD_CLIENT_ID_VAR, &client_id)
            .env(CHILD_PRODUCTS_VAR, format!("{},{}", self.cpu_id, self.memory_id))
            .env(CHILD_MARKERS_VAR, &self.markers)
            .env_remove(PAUSE_BEFORE_COMMIT_VAR)
            .env_remove(CHILD_HOLD_AFTER_COMMIT_VAR)
            // Piped so that the child's own test report stays out of this
            // run's output. The report is shown when the child fails.
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        match point {
            KillPoint::BeforeCommit => {
                command.env(PAUSE_BEFORE_COMMIT_VAR, "60000");
            }
            KillPoint::AfterCommit => {
                command.env(CHILD_HOLD_AFTER_COMMIT_VAR, "1");
            }
            KillPoint::Never => {}
        }
        let mut child = command.spawn().unwrap();

        match point {
            KillPoint::BeforeCommit => {
                let reached = wait_for_open_transaction(&mut child, &self.path, &self.markers);
                kill(&mut child);
                assert!(
                    reached,
                    "the child never reached the sale's open transaction:\n{}",
                    output_of(&mut child)
                );
            }
            KillPoint::AfterCommit => {
                let reached = wait_for_marker(&mut child, &self.markers.join(COMMITTED_MARKER));
                kill(&mut child);
                assert!(
                    reached,
                    "the child never returned from complete_sale:\n{}",
                    output_of(&mut child)
                );
            }
            KillPoint::Never => {
                let output = child.wait_with_output().unwrap();
                assert!(
                    output.status.success(),
                    "the child failed with {}:\n{}{}",
                    output.status,
                    String::from_utf8_lossy(&output.stdout),
                    String::from_utf8_lossy(&output.stderr)
                );
            }
        }
        client_id
    }

    fn snapshot(&self) -> Snapshot {
        let store = Store::open(&self.path).unwrap();
        let conn = store.connection();
        Snapshot {
            sales: count(conn, "sales"),
            sale_lines: count(conn, "sale_lines"),
            payments: count(conn, "payments"),
            stock_movements: count(conn, "stock_movements"),
            outbox: count(conn, "outbox"),
            audit_log: count(conn, "audit_log"),
            receipt_counter: conn
                .query_row(
                    "SELECT coalesce(max(value), 0) FROM counters WHERE name = 'receipt'",
                    [],
                    |row| row.get(0),
                )
                .unwrap(),
            cpu_stock: stock(conn, self.cpu_id),
            memory_stock: stock(conn, self.memory_id),
        }
    }
}

/// Row counts and stock levels that a sale changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Snapshot {
    sales: i64,
    sale_lines: i64,
    payments: i64,
    stock_movements: i64,
    outbox: i64,
    audit_log: i64,
    receipt_counter: i64,
    cpu_stock: i64,
    memory_stock: i64,
}

#[test]
fn kill_before_commit_leaves_nothing() {
    let terminal = Terminal::new();
    let before = terminal.snapshot();

    // Several kills in a row: none of them may leave a row, a stock change
    // or a used receipt number behind.
    for round in 1..=3 {
        let client_id = terminal.run_sale(KillPoint::BeforeCommit);
        let after = terminal.snapshot();
        assert_eq!(after.sales, before.sales, "sales after kill {round}");
        assert_eq!(after.sale_lines, before.sale_lines, "sale lines after kill {round}");
        assert_eq!(after.payments, before.payments, "payments after kill {round}");
        assert_eq!(
            after.stock_movements, before.stock_movements,
            "stock movements after kill {round}"
        );
        assert_eq!(after.outbox, before.outbox, "outbox after kill {round}");
        assert_eq!(after.audit_log, before.audit_log, "audit log after kill {round}");
        assert_eq!(after.receipt_counter, 0, "receipt counter after kill {round}");
        assert_eq!(after.cpu_stock, 5, "CPU stock after kill {round}");
        assert_eq!(after.memory_stock, 5, "memory stock after kill {round}");
        assert_eq!(outbox_rows(&terminal, &client_id), 0, "outbox row of kill {round}");
    }

    // The same sale without a kill is stored whole and takes the first
    // receipt number, because the killed ones never used one.
    let client_id = terminal.run_sale(KillPoint::Never);
    assert_whole_sale(&terminal, &before, &client_id, "S01-T01-000001");
}

#[test]
fn kill_after_commit_keeps_sale() {
    let terminal = Terminal::new();
    let before = terminal.snapshot();

    let client_id = terminal.run_sale(KillPoint::AfterCommit);

    assert_whole_sale(&terminal, &before, &client_id, "S01-T01-000001");
}

#[test]
fn sale_after_kill_is_numbered_next() {
    let terminal = Terminal::new();
    let first = terminal.run_sale(KillPoint::AfterCommit);
    let after_first = terminal.snapshot();

    terminal.run_sale(KillPoint::BeforeCommit);
    let second = terminal.run_sale(KillPoint::Never);

    assert_eq!(receipt_number_of(&terminal, &first), "S01-T01-000001");
    assert_whole_sale(&terminal, &after_first, &second, "S01-T01-000002");
}

/// Checks that exactly one sale was added since `before`: two lines, one
/// cash payment, two stock movements, one outbox record and one audit entry.
fn assert_whole_sale(terminal: &Terminal, before: &Snapshot, client_id: &str, receipt_number: &str) {
    let after = terminal.snapshot();
    assert_eq!(after.sales, before.sales + 1, "sales");
    assert_eq!(after.sale_lines, before.sale_lines + 2, "sale lines");
    assert_eq!(after.payments, before.payments + 1, "payments");
    assert_eq!(after.stock_movements, before.stock_movements + 2, "stock movements");
    assert_eq!(after.outbox, before.outbox + 1, "outbox");
    assert_eq!(after.audit_log, before.audit_log + 1, "audit log");
    assert_eq!(after.receipt_counter, before.receipt_counter + 1, "receipt counter");
    assert_eq!(after.cpu_stock, before.cpu_stock - 1, "CPU stock");
    assert_eq!(after.memory_stock, before.memory_stock - 2, "memory stock");
    assert_eq!(outbox_rows(terminal, client_id), 1, "outbox row of the sale");
    assert_eq!(receipt_number_of(terminal, client_id), receipt_number);

    // 199.99 + 2 x 54.99 = 309.97. Tax at 8.25 % per line is
    // 16.50 + 9.07 = 25.57, so the total is 335.54.
    let store = Store::open(&terminal.path).unwrap();
    let receipt = store.receipt(receipt_number).unwrap();
    assert_eq!(receipt.subtotal, Money::from_cents(30_997));
    assert_eq!(receipt.tax, Money::from_cents(2_557));
    assert_eq!(receipt.total, Money::from_cents(33_554));
    assert_eq!(receipt.change, Money::from_cents(CASH_TENDERED - 33_554));
    assert_eq!(receipt.lines.len(), 2);
}

/// Completes one sale when run as the child of a test above; does nothing
/// in a normal test run, where the child variables are unset.
#[test]
#[ignore = "runs only as the child process of the crash tests"]
fn sale_child() {
    let Some(path) = std::env::var_os(CHILD_STORE_VAR).map(PathBuf::from) else {
        return;
    };
    let client_id = std::env::var(CHILD_CLIENT_ID_VAR).unwrap();
    let markers = std::env::var_os(CHILD_MARKERS_VAR).map(PathBuf::from).unwrap();
    let products: Vec<i64> = std::env::var(CHILD_PRODUCTS_VAR)
        .unwrap()
        .split(',')
        .map(|id| id.parse().unwrap())
        .collect();

    let mut store = Store::open(&path).unwrap();
    let clerk = store.sign_in(CLERK_CODE, CLERK_PIN).unwrap();
    let mut cart = Cart::new();
    for (product_id, quantity) in products.iter().zip([1, 2]) {
        let item = store.product(*product_id).unwrap().cart_item().unwrap();
        cart.add(item, quantity).unwrap();
    }
    let request = giggatek_store::SaleRequest {
        client_id,
        cart,
        tenders: vec![Tender::Cash {
            tendered: Money::from_cents(CASH_TENDERED),
        }],
        clerk,
        approver: None,
    };

    std::fs::write(markers.join(READY_MARKER), b"").unwrap();
    store.complete_sale(&request).unwrap();
    std::fs::write(markers.join(COMMITTED_MARKER), b"").unwrap();
    if std::env::var_os(CHILD_HOLD_AFTER_COMMIT_VAR).is_some() {
        // Stays alive, with the store still open, until the parent kills it.
        std::thread::sleep(Duration::from_secs(120));
    }
}

fn settings() -> StoreSettings {
    StoreSettings {
        store_code: "S01".to_string(),
        terminal_code: "T01".to_string(),
        store_name: "GigGatek Midtown".to_string(),
        store_address: vec!["350 5th Ave".to_string(), "New York, NY 10118".to_string()],
        tax: TaxSettings {
            rate: Percent::parse("8.25").unwrap(),
            rounding: TaxRounding::PerLine,
        },
        cash_rounding: CashRounding::None,
        time_zone: "America/New_York".to_string(),
    }
}

/// Sends SIGKILL (what `Child::kill` sends on Unix) and reaps the child.
fn kill(child: &mut Child) {
    child.kill().unwrap();
    child.wait().unwrap();
}

/// Reads what a finished child printed.
fn output_of(child: &mut Child) -> String {
    let mut text = String::new();
    if let Some(stdout) = child.stdout.as_mut() {
        stdout.read_to_string(&mut text).unwrap();
    }
    if let Some(stderr) = child.stderr.as_mut() {
        stderr.read_to_string(&mut text).unwrap();
    }
    text
}

/// Polls until the child has written its ready marker and has taken the
/// store's write lock. Returns false when the child exits first or the
/// polls run out.
fn wait_for_open_transaction(child: &mut Child, path: &Path, markers: &Path) -> bool {
    let probe = Connection::open(path).unwrap();
    probe.busy_timeout(Duration::ZERO).unwrap();
    for _ in 0..MAX_POLLS {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        if markers.join(READY_MARKER).exists() {
            match probe.execute_batch("BEGIN IMMEDIATE; ROLLBACK;") {
                Err(rusqlite::Error::SqliteFailure(error, _)) if error.code == ErrorCode::DatabaseBusy => {
                    return true;
                }
                Err(error) => panic!("the lock probe failed: {error}"),
                Ok(()) => {}
            }
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    false
}

/// Polls until `marker` exists. Returns false when the child exits first or
/// the polls run out.
fn wait_for_marker(child: &mut Child, marker: &Path) -> bool {
    for _ in 0..MAX_POLLS {
        if marker.exists() {
            return true;
        }
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    false
}

fn product_id(store: &Store, name: &str) -> i64 {
    store
        .connection()
        .query_row("SELECT id FROM products WHERE name = ?1", [name], |row| row.get(0))
        .unwrap()
}

fn count(conn: &Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| row.get(0))
        .unwrap()
}

fn stock(conn: &Connection, product_id: i64) -> i64 {
    conn.query_row(
        "SELECT stock_on_hand FROM products WHERE id = ?1",
        [product_id],
        |row| row.get(0),
    )
    .unwrap()
}

fn outbox_rows(terminal: &Terminal, client_id: &str) -> i64 {
    let store = Store::open(&terminal.path).unwrap();
    store
        .connection()
        .query_row("SELECT count(*) FROM outbox WHERE client_id = ?1", [client_id], |row| {
            row.get(0)
        })
        .unwrap()
}

fn receipt_number_of(terminal: &Terminal, client_id: &str) -> String {
    let store = Store::open(&terminal.path).unwrap();
    store
        .connection()
        .query_row(
            "SELECT receipt_number FROM sales WHERE client_id = ?1",
            [client_id],
            |row| row.get(0),
        )
        .unwrap()
}
