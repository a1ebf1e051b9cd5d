//! Real components for the tests: the SMTP test server in tests/smtp, a
//! fresh SQLite file or PostgreSQL database with the server migrations, and
//! the settings and worker wired to them.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use giggatek_mail::jobs::{MailRepository, MailStore, Worker};
pub use giggatek_mail::smtp_test_server::{SmtpServer, fast_worker_config as fast_config};
use giggatek_mail::templates::{Branding, Templates};
use giggatek_mail::{EmailAddress, MailSettings, Recipient, SmtpConfig};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::{Connection, PgPool, SqlitePool};

const POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Waits until `condition` holds, checking every 50 ms, or panics after `limit`.
pub async fn wait_until<F, Fut>(limit: Duration, what: &str, mut condition: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    while !condition().await {
        assert!(start.elapsed() < limit, "timed out after {limit:?} waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Creates a SQLite database file with the server migrations applied.
pub async fn sqlite_pool(directory: &Path) -> SqlitePool {
    let options = SqliteConnectOptions::new()
        .filename(directory.join("server.sqlite"))
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .busy_timeout(Duration::from_secs(10));
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options)
        .await
        .unwrap();
    sqlx::migrate::Migrator::new(repository_root().join("migrations/server/sqlite"))
        .await
        .unwrap()
        .run(&pool)
        .await
        .unwrap();
    pool
}

/// A PostgreSQL database made for one test and dropped after it, even when
/// the test fails.
pub struct PostgresDatabase {
    pub name: String,
}

impl PostgresDatabase {
    pub async fn create() -> PostgresDatabase {
        let name = format!("mail_test_{}", uuid::Uuid::new_v4().simple());
        let mut admin = sqlx::PgConnection::connect(POSTGRES_URL)
            .await
            .expect("PostgreSQL must run on 127.0.0.1:5432 with trust auth; .ci/run starts it");
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut admin)
            .await
            .unwrap();
        admin.close().await.unwrap();
        PostgresDatabase { name }
    }

    pub async fn pool(&self, max_connections: u32) -> PgPool {
        let options: PgConnectOptions = POSTGRES_URL.parse::<PgConnectOptions>().unwrap().database(&self.name);
        PgPoolOptions::new()
            .max_connections(max_connections)
            .connect_with(options)
            .await
            .unwrap()
    }

    pub async fn migrate(&self) {
        let pool = self.pool(1).await;
        sqlx::migrate::Migrator::new(repository_root().join("migrations/server/postgres"))
            .await
            .unwrap()
            .run(&pool)
            .await
            .unwrap();
        pool.close().await;
    }
}

impl Drop for PostgresDatabase {
    fn drop(&mut self) {
        let name = self.name.clone();
        // Drop runs outside async code, so the DROP gets a runtime of its own.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                let mut admin = sqlx::PgConnection::connect(POSTGRES_URL).await?;
                sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                )))
                .execute(&mut admin)
                .await?;
                admin.close().await
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("test database {} was not dropped", self.name);
        }
    }
}

pub fn settings() -> MailSettings {
    MailSettings::new(
        "GigGatek",
        EmailAddress::parse("orders@giggatek.example").unwrap(),
        "https://shop.giggatek.example",
    )
}

pub fn templates() -> Templates {
    Templates::new(Branding::giggatek())
}

pub fn recipient(name: &str, email: &str) -> Recipient {
    Recipient::new(name, EmailAddress::parse(email).unwrap())
}

pub fn worker<DB: MailRepository>(store: &MailStore<DB>, smtp: &SmtpConfig, settings: MailSettings) -> Worker<DB> {
    Worker::new(store.clone(), smtp, settings, fast_config()).unwrap()
}

/// Parses a raw message with mail-parser.
pub fn parse(raw: &[u8]) -> mail_parser::Message<'_> {
    mail_parser::MessageParser::default()
        .parse(raw)
        .expect("message parses")
}

/// Returns the unfolded value of the first header `name` in a raw message.
pub fn raw_header(raw: &[u8], name: &str) -> Option<String> {
    let text = String::from_utf8_lossy(raw);
    let head = text.split("\r\n\r\n").next().unwrap_or_default();
    let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
    let prefix = format!("{}:", name.to_ascii_lowercase());
    unfolded
        .split("\r\n")
        .find(|line| line.to_ascii_lowercase().starts_with(&prefix))
        .map(|line| line[prefix.len()..].trim().to_string())
}

/// Serves `router` on a free port of 127.0.0.1 and returns its base URL.
pub async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{address}")
}

/// Builds an HTTP client for the tests' own servers. The workspace builds
/// reqwest without a default TLS provider, so ring is installed first, as
/// the sync client does.
pub fn http_client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}
