//! Real components for the tests: the SMTP test server in tests/smtp, a
//! fresh SQLite file or PostgreSQL database with the server migrations, and
//! the settings and worker wired to them.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use giggatek_mail::jobs::{MailRepository, MailStore, RetryPolicy, Worker, WorkerConfig};
use giggatek_mail::templates::{Branding, Templates};
use giggatek_mail::{EmailAddress, MailSettings, Recipient, SmtpConfig};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::{Connection, PgPool, SqlitePool};

const POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The aiosmtpd server from tests/smtp, run as a child process on a port
/// it picks itself, storing messages in a temporary folder.
pub struct SmtpServer {
    child: Option<Child>,
    pub port: u16,
    pub maildir: tempfile::TempDir,
}

impl SmtpServer {
    pub fn start() -> SmtpServer {
        let maildir = tempfile::tempdir().unwrap();
        let (child, port) = spawn_smtp(maildir.path(), 0);
        SmtpServer {
            child: Some(child),
            port,
            maildir,
        }
    }

    /// Stops the server with SIGTERM, by its process id, and waits for it.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let status = Command::new("kill")
                .arg("-TERM")
                .arg(child.id().to_string())
                .status()
                .unwrap();
            assert!(status.success(), "kill -TERM {} failed", child.id());
            child.wait().unwrap();
        }
    }

    /// Starts the server again on the same port and folder.
    pub fn restart(&mut self) {
        assert!(self.child.is_none(), "stop the SMTP server before restarting it");
        let (child, port) = spawn_smtp(self.maildir.path(), self.port);
        assert_eq!(port, self.port);
        self.child = Some(child);
    }

    pub fn config(&self) -> SmtpConfig {
        let mut config = SmtpConfig::plain("127.0.0.1", self.port);
        config.timeout = Duration::from_secs(10);
        config
    }

    /// Reads the raw messages received so far, in order of arrival.
    pub fn messages(&self) -> Vec<Vec<u8>> {
        self.message_paths()
            .iter()
            .map(|path| std::fs::read(path).unwrap())
            .collect()
    }

    /// Lists the paths of the raw messages, in order of arrival.
    pub fn message_paths(&self) -> Vec<PathBuf> {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(self.maildir.path())
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|extension| extension == "eml"))
            .collect();
        paths.sort();
        paths
    }

    /// Reads the envelope recipients of every message, in order of arrival.
    pub fn envelope_recipients(&self) -> Vec<Vec<String>> {
        self.message_paths()
            .iter()
            .map(|path| {
                let meta: serde_json::Value =
                    serde_json::from_slice(&std::fs::read(path.with_extension("json")).unwrap()).unwrap();
                meta["rcpt_tos"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|value| value.as_str().unwrap().to_string())
                    .collect()
            })
            .collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn spawn_smtp(maildir: &Path, port: u16) -> (Child, u16) {
    let script = repository_root().join("tests/smtp/server.py");
    let mut child = Command::new("python3")
        .arg(&script)
        .arg("--maildir")
        .arg(maildir)
        .arg("--port")
        .arg(port.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("python3 is missing; .ci/run installs it with aiosmtpd");
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let Some(port) = line.trim().strip_prefix("listening ") else {
        let _ = child.kill();
        panic!(
            "the SMTP test server did not start (output {line:?}); install aiosmtpd with \
             `python3 -m pip install -r tests/smtp/requirements.txt`"
        );
    };
    (child, port.parse().unwrap())
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

/// Returns worker settings with short waits, so retries happen within a test.
pub fn fast_config() -> WorkerConfig {
    WorkerConfig {
        batch_size: 20,
        concurrency: 4,
        poll_interval: Duration::from_millis(50),
        lease: Duration::from_secs(60),
        send_timeout: Duration::from_secs(10),
        retry: RetryPolicy {
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(400),
            unreachable_delay: Duration::from_millis(200),
        },
    }
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
