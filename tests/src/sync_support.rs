//! Terminals and a real server process for the sync tests.
//!
//! The server runs as this test binary started again in a child mode
//! (`server_child`), because a test of this crate cannot name the server
//! package's binary. The child calls the server's own entry point, so it is
//! the real `giggatek-server` in a process of its own that a test can kill.

use std::path::{Path, PathBuf};
use std::process::Command;

use giggatek_domain::{CashRounding, Money, Percent, TaxRounding, TaxSettings};
use giggatek_protocol::ProductChange;
use giggatek_store::{Role, Store, StoreSettings};
use giggatek_sync_client::{DeviceCredential, EnrolRequest, SyncClient, SyncOptions, enrol, save_credential_file};
use giggatek_sync_server::db::Database;
use giggatek_sync_server::testing::{ServerProcess, TestDatabase};

/// Newline-separated `giggatek-server` arguments, set only for the child.
pub const SERVER_CHILD_VAR: &str = "GIGGATEK_TEST_SERVER_ARGS";

/// Runs the server with the arguments in [`SERVER_CHILD_VAR`], when set;
/// call it from an ignored test named `server_child`.
pub fn server_child_main() {
    let Ok(args) = std::env::var(SERVER_CHILD_VAR) else {
        return;
    };
    giggatek_sync_server::telemetry::init();
    let args = std::iter::once("giggatek-server").chain(args.lines());
    let parsed = <giggatek_sync_server::cli::Args as clap::Parser>::parse_from(args);
    let status = giggatek_sync_server::cli::run(parsed);
    std::process::exit(if status == std::process::ExitCode::SUCCESS {
        0
    } else {
        1
    });
}

/// Starts the server on `database`, listening on `listen` (`127.0.0.1:0`
/// for a free port). With `pause_before_commit`, every batch waits before
/// its commit so the test can kill the server there.
pub fn start_server(database: &TestDatabase, listen: &str, pause_before_commit: bool) -> ServerProcess {
    start_server_with_env(database, listen, pause_before_commit, &[])
}

/// Starts the server as [`start_server`] does, with the environment
/// variables `env` set for it (SMTP settings, for example).
pub fn start_server_with_env(
    database: &TestDatabase,
    listen: &str,
    pause_before_commit: bool,
    env: &[(&str, &str)],
) -> ServerProcess {
    let mut args = database.server_args();
    args.extend(["serve".to_owned(), "--listen".to_owned(), listen.to_owned()]);
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args([
            "--exact",
            "server_child",
            "--ignored",
            "--nocapture",
            "--test-threads",
            "1",
        ])
        .env(SERVER_CHILD_VAR, args.join("\n"))
        .env("GIGGATEK_SERVER_LOG", "info")
        .envs(env.iter().copied());
    if pause_before_commit {
        command.env(giggatek_sync_server::db::sync::PAUSE_BEFORE_COMMIT_VAR, "60000");
    } else {
        command.env_remove(giggatek_sync_server::db::sync::PAUSE_BEFORE_COMMIT_VAR);
    }
    ServerProcess::start(command)
}

/// One runtime for every call into the server's library, so a pool made in
/// one call still has its runtime in the next.
static RUNTIME: std::sync::LazyLock<tokio::runtime::Runtime> = std::sync::LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
});

/// Runs an async block on the shared runtime, for the server's library calls.
pub fn block_on<T>(future: impl std::future::Future<Output = T>) -> T {
    RUNTIME.block_on(future)
}

/// Connects to a test's database the way the server does.
pub fn connect(database: &TestDatabase) -> Database {
    block_on(Database::connect(&database.config())).unwrap()
}

/// Adds a product to the server's catalog.
pub fn server_product(database: &TestDatabase, sku: &str, barcode: &str, name: &str, price_cents: i64) {
    let db = connect(database);
    let product = ProductChange {
        sku: sku.to_owned(),
        barcode: barcode.to_owned(),
        name: name.to_owned(),
        category: "Small appliances".to_owned(),
        price_cents: Some(price_cents),
        taxable: true,
    };
    block_on(async {
        giggatek_sync_server::db::changes::upsert_product(&db, &product)
            .await
            .unwrap();
        db.close().await;
    });
}

/// A terminal store: settings, a clerk (101, PIN 1234), a manager (900,
/// PIN 9876), an open shift, and a credential for the server.
pub struct Terminal {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
    pub token: String,
}

impl Terminal {
    /// Creates the store and enrols it through the server at `server_url`.
    pub fn new(database: &TestDatabase, server_url: &str, terminal_code: &str) -> Terminal {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("terminal.sqlite");
        let mut store = Store::open(&path).unwrap();
        store.save_settings(&settings(terminal_code)).unwrap();
        let clerk = store.add_staff("101", "Ana Clerk", Role::Clerk, "1234").unwrap();
        store.add_staff("900", "Max Manager", Role::Manager, "9876").unwrap();
        store.open_shift(&clerk, Money::from_cents(20_000)).unwrap();

        let db = connect(database);
        let code = block_on(async {
            let code = giggatek_sync_server::db::terminals::create_enrolment_code(
                &db,
                "S01",
                terminal_code,
                time::Duration::hours(1),
            )
            .await
            .unwrap();
            db.close().await;
            code
        });
        let request = EnrolRequest {
            code,
            store_code: "S01".to_owned(),
            terminal_code: terminal_code.to_owned(),
        };
        let response = enrol(server_url, &request, std::time::Duration::from_secs(30)).unwrap();
        let credential = DeviceCredential {
            server_url: server_url.to_owned(),
            terminal_id: response.terminal_id,
            store_code: response.store_code,
            terminal_code: response.terminal_code,
            token: response.token.clone(),
        };
        save_credential_file(&path, &credential).unwrap();
        Terminal {
            _dir: dir,
            path,
            token: response.token,
        }
    }

    pub fn store(&self) -> Store {
        Store::open(&self.path).unwrap()
    }

    /// Rings up one sale of `quantity` of `sku`, paid in cash, under
    /// `client_id`, through the CLI's entry point.
    pub fn sell(&self, sku: &str, quantity: u32, cash: &str, client_id: &str) {
        self.cli(&[
            "sale",
            "--staff",
            "101",
            "--pin",
            "1234",
            "--item",
            &format!("{sku}*{quantity}"),
            "--cash",
            cash,
            "--client-id",
            client_id,
        ]);
    }

    /// Runs a CLI command on this store and checks it succeeded.
    pub fn cli(&self, args: &[&str]) {
        let mut full = vec!["giggatek", "--json", "--store", path_text(&self.path)];
        full.extend_from_slice(args);
        let status = giggatek_cli::run(full.iter().copied());
        assert_eq!(status, 0, "giggatek {args:?} failed");
    }

    /// A sync client for `url` (the server or a proxy in front of it).
    pub fn client(&self, url: &str, options: SyncOptions) -> SyncClient {
        SyncClient::new(url, self.token.clone(), options)
    }

    /// Options for a single attempt with short timeouts, for fault tests.
    pub fn one_attempt() -> SyncOptions {
        SyncOptions {
            retry_for: std::time::Duration::ZERO,
            request_timeout: std::time::Duration::from_secs(20),
            ..SyncOptions::default()
        }
    }

    /// Counts rows with one SQL query on the store.
    pub fn count(&self, sql: &str) -> i64 {
        self.store().connection().query_row(sql, [], |row| row.get(0)).unwrap()
    }

    /// Returns the local stock of a SKU.
    pub fn stock(&self, sku: &str) -> i64 {
        self.store()
            .connection()
            .query_row("SELECT stock_on_hand FROM products WHERE sku = ?1", [sku], |row| {
                row.get(0)
            })
            .unwrap()
    }
}

/// Enrols terminal T01, pulls the catalog with product USB-HUB, and rings
/// up three cash sales of it while the server is not asked, under the
/// client ids `{client_id_prefix}1` to `{client_id_prefix}3`.
pub fn terminal_with_three_sales(database: &TestDatabase, server_url: &str, client_id_prefix: &str) -> Terminal {
    server_product(database, "USB-HUB", "2000000000309", "USB-C hub", 2_500);
    let terminal = Terminal::new(database, server_url, "T01");
    terminal
        .client(server_url, Terminal::one_attempt())
        .sync_once(&mut terminal.store())
        .unwrap();
    for n in 1..=3 {
        terminal.sell("USB-HUB", 1, "30.00", &format!("{client_id_prefix}{n}"));
    }
    terminal
}

pub fn path_text(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn settings(terminal_code: &str) -> StoreSettings {
    StoreSettings {
        store_code: "S01".to_string(),
        terminal_code: terminal_code.to_string(),
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
