//! Helpers for tests that run a real `giggatek-server` process on a fresh
//! database: a private SQLite data folder or a new PostgreSQL database.
//!
//! Used by this crate's tests and by the cross-component tests, which start
//! the server through their own binary (they cannot name this package's).

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};

use sqlx::Connection;
use sqlx::postgres::PgConnection;

use crate::startup::LISTENING_PREFIX;

/// The PostgreSQL server the tests use; `GIGGATEK_TEST_POSTGRES_URL`
/// overrides it. Each test creates its own database there and drops it after.
pub const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";
pub const POSTGRES_URL_VAR: &str = "GIGGATEK_TEST_POSTGRES_URL";

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database made for one test; dropping it drops a PostgreSQL database
/// and deletes a SQLite folder.
pub struct TestDatabase {
    pub backend: Backend,
    data_dir: tempfile::TempDir,
    postgres: Option<(String, String)>,
}

impl TestDatabase {
    /// Makes an empty database on `backend`.
    pub fn create(backend: Backend) -> TestDatabase {
        let data_dir = tempfile::tempdir().expect("creating a temporary data folder failed");
        let postgres = match backend {
            Backend::Sqlite => None,
            Backend::Postgres => {
                let admin_url = std::env::var(POSTGRES_URL_VAR).unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned());
                let name = format!("giggatek_t_{}", uuid::Uuid::now_v7().simple());
                run_admin_statement(&admin_url, format!("CREATE DATABASE {name}"));
                let url = match admin_url.rsplit_once('/') {
                    Some((base, _)) => format!("{base}/{name}"),
                    None => panic!("{POSTGRES_URL_VAR} has no database name: {admin_url}"),
                };
                Some((admin_url, url))
            }
        };
        TestDatabase {
            backend,
            data_dir,
            postgres,
        }
    }

    /// The SQLite data folder (unused on PostgreSQL).
    pub fn data_dir(&self) -> PathBuf {
        self.data_dir.path().to_path_buf()
    }

    /// The database settings the server uses for this test's database.
    pub fn config(&self) -> crate::config::DatabaseConfig {
        match self.url() {
            Some(url) => crate::config::DatabaseConfig::Postgres { url: url.to_owned() },
            None => crate::config::DatabaseConfig::Sqlite {
                data_dir: self.data_dir(),
            },
        }
    }

    /// The PostgreSQL URL of this test's database, when it has one.
    pub fn url(&self) -> Option<&str> {
        self.postgres.as_ref().map(|(_, url)| url.as_str())
    }

    /// The `giggatek-server` arguments that select this database.
    pub fn server_args(&self) -> Vec<String> {
        let mut args = vec!["--data-dir".to_owned(), self.data_dir.path().display().to_string()];
        if let Some(url) = self.url() {
            args.push("--database-url".to_owned());
            args.push(url.to_owned());
        }
        args
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some((admin_url, url)) = self.postgres.take() {
            let name = url.rsplit('/').next().unwrap_or_default().to_owned();
            run_admin_statement(&admin_url, format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

/// Runs one statement on the admin database from a thread of its own, so it
/// works inside and outside an async runtime.
fn run_admin_statement(admin_url: &str, statement: String) {
    let admin_url = admin_url.to_owned();
    let result = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        runtime.block_on(async {
            let mut conn = PgConnection::connect(&admin_url).await?;
            sqlx::raw_sql(sqlx::AssertSqlSafe(statement.clone()))
                .execute(&mut conn)
                .await?;
            conn.close().await?;
            anyhow::Ok(())
        })
    })
    .join();
    match result {
        Ok(Ok(())) => {}
        Ok(Err(error)) => panic!("PostgreSQL statement failed (is PostgreSQL running on 127.0.0.1:5432?): {error:#}"),
        Err(_) => panic!("the PostgreSQL admin thread panicked"),
    }
}

/// A running server process, killed when dropped. Its stderr (the JSON
/// log) is collected so a test can wait for a log line.
pub struct ServerProcess {
    child: Child,
    pub address: SocketAddr,
    _stdout: BufReader<ChildStdout>,
    log: Arc<(Mutex<Vec<String>>, Condvar)>,
}

impl ServerProcess {
    /// Starts `command` (which must run `serve --listen 127.0.0.1:0` on some
    /// database) and waits for the address it prints.
    pub fn start(mut command: Command) -> ServerProcess {
        command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .stdin(Stdio::null());
        let mut child = command.spawn().expect("starting the server process failed");
        let log = Arc::new((Mutex::new(Vec::new()), Condvar::new()));
        let stderr = child.stderr.take().expect("the server's stderr is piped");
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let (lines, changed) = &*sink;
                lines
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .push(line);
                changed.notify_all();
            }
        });
        let stdout = child.stdout.take().expect("the server's stdout is piped");
        let mut stdout = BufReader::new(stdout);
        let address = read_address(&mut stdout);
        if address.is_none() {
            let _ = child.kill();
        }
        let status = if address.is_none() { Some(child.wait()) } else { None };
        match address {
            Some(address) => ServerProcess {
                child,
                address,
                _stdout: stdout,
                log,
            },
            None => panic!("the server exited before listening: {status:?}"),
        }
    }

    /// The base URL, such as `http://127.0.0.1:43121`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Blocks until a line of the server's log contains `text`.
    pub fn wait_for_log(&self, text: &str) {
        let (lines, changed) = &*self.log;
        let mut guard = lines.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        while !guard.iter().any(|line| line.contains(text)) {
            guard = changed.wait(guard).unwrap_or_else(std::sync::PoisonError::into_inner);
        }
    }

    /// Returns the log lines so far, for failure messages.
    pub fn log_lines(&self) -> Vec<String> {
        let (lines, _) = &*self.log;
        lines.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    /// The process id, for tests that signal it.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Kills the process at once (SIGKILL) and reaps it.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads the server's stdout up to the line with its address; `None` when
/// the stream ends first.
fn read_address(stdout: &mut BufReader<ChildStdout>) -> Option<SocketAddr> {
    let mut line = String::new();
    loop {
        line.clear();
        match stdout.read_line(&mut line) {
            Ok(0) | Err(_) => return None,
            Ok(_) => {}
        }
        // A test harness may print its own text before the line on the
        // same line ("test server_child ... listening on ...").
        if let Some(start) = line.find(LISTENING_PREFIX) {
            return line[start + LISTENING_PREFIX.len()..].trim().parse().ok();
        }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.kill();
    }
}
