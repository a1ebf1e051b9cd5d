//! `giggatek-server serve` and its mail workers. With SMTP settings it
//! sends the shop's mail and stops its worker on SIGTERM. Without them it
//! warns once and leaves the jobs queued. While the SMTP server is down it
//! logs the outage, and the jobs wait and go out once the server is back.

use std::process::Command;
use std::time::{Duration, Instant};

use giggatek_mail::smtp_test_server::SmtpServer;
use giggatek_sync_server::db::Database;
use giggatek_sync_server::testing::{Backend, ServerProcess, TestDatabase};
use serde_json::json;

use crate::mail::{parse, wait_for_messages, wait_for_messages_within};
use crate::support::SHOP_PUBLIC_URL;

/// The error the mail worker logs once per outage of the SMTP server.
const UNREACHABLE_MESSAGE: &str = "SMTP server unreachable; mail jobs stay queued and are retried";

const MAIL_VARIABLES: [&str; 9] = [
    "GIGGATEK_SMTP_HOST",
    "GIGGATEK_SMTP_PORT",
    "GIGGATEK_SMTP_TLS",
    "GIGGATEK_SMTP_USERNAME",
    "GIGGATEK_SMTP_PASSWORD",
    "GIGGATEK_SMTP_PASSWORD_FILE",
    "GIGGATEK_MAIL_FROM_ADDRESS",
    "GIGGATEK_MAIL_PUBLIC_URL",
    "GIGGATEK_MAIL_WORKERS",
];

/// Starts `giggatek-server serve` on `database`, sending mail through the
/// SMTP server on `smtp_port` of 127.0.0.1 when one is given.
fn serve(database: &TestDatabase, smtp_port: Option<u16>) -> ServerProcess {
    let mut command = Command::new(env!("CARGO_BIN_EXE_giggatek-server"));
    command
        .args(database.server_args())
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("GIGGATEK_SERVER_LOG", "info")
        .env("GIGGATEK_SHOP_PUBLIC_URL", SHOP_PUBLIC_URL);
    for name in MAIL_VARIABLES {
        command.env_remove(name);
    }
    if let Some(port) = smtp_port {
        command
            .env("GIGGATEK_SMTP_HOST", "127.0.0.1")
            .env("GIGGATEK_SMTP_PORT", port.to_string())
            .env("GIGGATEK_SMTP_TLS", "none")
            .env("GIGGATEK_MAIL_FROM_ADDRESS", "orders@giggatek.example")
            .env("GIGGATEK_MAIL_PUBLIC_URL", SHOP_PUBLIC_URL);
    }
    ServerProcess::start(command)
}

/// Waits up to 60 s for a log line containing `text`.
async fn wait_for_log(server: &ServerProcess, text: &str) {
    let start = Instant::now();
    while !server.log_lines().iter().any(|line| line.contains(text)) {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no log line with {text:?} within 60 s:\n{}",
            server.log_lines().join("\n")
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn count_log_lines(server: &ServerProcess, text: &str) -> usize {
    server.log_lines().iter().filter(|line| line.contains(text)).count()
}

/// Registers `email` and requests a password reset for it.
async fn request_reset(server: &ServerProcess, email: &str) {
    let client = reqwest::Client::new();
    let account = json!({"email": email, "password": "correct-horse-9", "name": "Ana Shopper"});
    let registered = client
        .post(format!("{}/api/accounts", server.url()))
        .header("content-type", "application/json")
        .body(account.to_string())
        .send()
        .await
        .expect("the server answers");
    assert_eq!(registered.status().as_u16(), 201);
    let requested = client
        .post(format!("{}/api/password-resets", server.url()))
        .header("content-type", "application/json")
        .body(json!({"email": email}).to_string())
        .send()
        .await
        .expect("the server answers");
    assert_eq!(requested.status().as_u16(), 202);
}

/// Reads the status and the counted attempts of every mail job, by id.
async fn job_states(database: &TestDatabase) -> Vec<(String, i64)> {
    let db = Database::connect(&database.config()).await.expect("the database opens");
    let sql = "SELECT status, attempts FROM mail_jobs ORDER BY id";
    let states = match &db {
        Database::Sqlite(pool) => sqlx::query_as(sql).fetch_all(pool).await,
        Database::Postgres(pool) => sqlx::query_as(sql).fetch_all(pool).await,
    }
    .expect("mail jobs read");
    db.close().await;
    states
}

fn terminate(server: &ServerProcess) {
    let status = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
}

async fn serve_sends_mail(backend: Backend) {
    let smtp = SmtpServer::start();
    let database = TestDatabase::create(backend);
    let server = serve(&database, Some(smtp.port));
    wait_for_log(&server, "mail worker started").await;

    request_reset(&server, "mia@example.com").await;
    let messages = wait_for_messages(&smtp, 1).await;
    let message = parse(&messages[0]);
    let to = message.to().and_then(|to| to.first()).expect("To");
    assert_eq!(to.address(), Some("mia@example.com"));
    assert_eq!(message.subject(), Some("Reset your GigGatek password"));
    assert_eq!(job_states(&database).await, vec![("sent".to_owned(), 1)]);

    terminate(&server);
    wait_for_log(&server, "mail worker stopped").await;
    wait_for_log(&server, "server stopped").await;
    assert_eq!(count_log_lines(&server, "SMTP is not configured"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_sends_mail_sqlite() {
    serve_sends_mail(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_sends_mail_postgres() {
    serve_sends_mail(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_without_smtp_keeps_jobs_queued() {
    let database = TestDatabase::create(Backend::Sqlite);
    let server = serve(&database, None);
    wait_for_log(&server, "SMTP is not configured").await;
    request_reset(&server, "noah@example.com").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(job_states(&database).await, vec![("queued".to_owned(), 0)]);
    assert_eq!(count_log_lines(&server, "SMTP is not configured"), 1);
    assert!(
        !server
            .log_lines()
            .iter()
            .any(|line| line.contains("mail worker started")),
        "a mail worker runs without SMTP settings"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_with_smtp_down_defers_then_sends() {
    let mut smtp = SmtpServer::start();
    smtp.stop();
    let database = TestDatabase::create(Backend::Sqlite);
    let server = serve(&database, Some(smtp.port));
    request_reset(&server, "ola@example.com").await;
    wait_for_log(&server, UNREACHABLE_MESSAGE).await;
    let unreachable_line = server
        .log_lines()
        .into_iter()
        .find(|line| line.contains(UNREACHABLE_MESSAGE))
        .expect("the outage is logged");
    assert!(unreachable_line.contains("\"level\":\"ERROR\""), "{unreachable_line}");
    assert!(
        unreachable_line.contains(&format!("127.0.0.1:{}", smtp.port)),
        "{unreachable_line}"
    );
    assert!(!unreachable_line.contains("ola@example.com"), "{unreachable_line}");
    // The outage uses up no attempt: the job waits for the server.
    assert_eq!(job_states(&database).await, vec![("deferred".to_owned(), 0)]);

    smtp.restart();
    // The worker looks again 30 s after an outage (the default wait).
    let messages = wait_for_messages_within(&smtp, 1, Duration::from_secs(60)).await;
    assert_eq!(messages.len(), 1);
    wait_for_log(&server, "SMTP server reachable again").await;
    assert_eq!(job_states(&database).await, vec![("sent".to_owned(), 1)]);
}
