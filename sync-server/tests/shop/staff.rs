//! Staff accounts from `giggatek-server admin staff`: the real binary on the
//! test's database, and the staff routes' responses to staff, customers and
//! anonymous callers.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use giggatek_sync_server::testing::Backend;
use serde_json::{Value, json};

use crate::support::{self, ShopApp};

/// Runs `giggatek-server admin staff ARGS` on the app's database, with the
/// password in `GIGGATEK_STAFF_PASSWORD` or else on standard input.
fn staff_command(app: &ShopApp, args: &[&str], env_password: Option<&str>, stdin: &str) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_giggatek-server"));
    command
        .args(app.database().server_args())
        .args(["admin", "staff"])
        .args(args)
        .env("GIGGATEK_SERVER_LOG", "warn")
        .env_remove("GIGGATEK_STAFF_PASSWORD")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(password) = env_password {
        command.env("GIGGATEK_STAFF_PASSWORD", password);
    }
    let mut child = command.spawn().expect("giggatek-server starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("stdin written");
    child.wait_with_output().expect("giggatek-server ends")
}

fn json_output(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "exit {:?}: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON output")
}

async fn admin_status(app: &ShopApp, auth: Option<&str>) -> u16 {
    let headers: Vec<(&str, &str)> = auth.map(|auth| ("authorization", auth)).into_iter().collect();
    let body = json!({"barcode": "0001", "name": "Fan", "category": "fan", "price": "9.99"});
    app.call("PUT", "/api/admin/products/FAN-1", Some(body), &headers)
        .await
        .status
}

async fn staff_accounts(backend: Backend) {
    let app = support::spawn(backend).await;

    let admin = json_output(&staff_command(
        &app,
        &[
            "add",
            "--email",
            "boss@example.com",
            "--role",
            "admin",
            "--name",
            "Bo Boss",
        ],
        Some("admin-password-1"),
        "",
    ));
    assert_eq!(admin["email"], "boss@example.com");
    assert_eq!(admin["role"], "admin");
    assert_eq!(admin["name"], "Bo Boss");
    let staff = json_output(&staff_command(
        &app,
        &["add", "--email", "sam@example.com", "--role", "staff"],
        None,
        "staff-password-2\n",
    ));
    assert_eq!(staff["role"], "staff");
    assert_eq!(staff["name"], "sam@example.com");

    let listed = json_output(&staff_command(&app, &["list"], None, ""));
    let accounts = listed["staff"].as_array().expect("staff list");
    assert_eq!(accounts.len(), 2);
    assert_eq!(accounts[0]["email"], "boss@example.com");
    assert_eq!(accounts[0]["role"], "admin");
    assert_eq!(accounts[1]["email"], "sam@example.com");
    assert_eq!(accounts[1]["role"], "staff");
    assert_eq!(accounts[1]["disabled_at"], Value::Null);

    let admin_session = app.log_in("boss@example.com", "admin-password-1").await;
    let staff_session = app.log_in("sam@example.com", "staff-password-2").await;
    let customer = app.customer("ana@example.com", "correct-horse-9").await;
    assert_eq!(admin_status(&app, Some(&admin_session)).await, 200);
    assert_eq!(admin_status(&app, Some(&staff_session)).await, 200);
    assert_eq!(admin_status(&app, Some(&customer)).await, 403);
    assert_eq!(admin_status(&app, None).await, 401);

    let disabled = json_output(&staff_command(
        &app,
        &["disable", "--email", "sam@example.com"],
        None,
        "",
    ));
    assert_eq!(disabled["disabled"], true);
    assert_eq!(admin_status(&app, Some(&staff_session)).await, 401);
    let log_in = app
        .post(
            "/api/sessions",
            json!({"email": "sam@example.com", "password": "staff-password-2"}),
            &[],
        )
        .await;
    assert_eq!(log_in.status, 401);
    let listed = json_output(&staff_command(&app, &["list"], None, ""));
    assert!(listed["staff"][1]["disabled_at"].is_string());
    assert_eq!(admin_status(&app, Some(&admin_session)).await, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_accounts_sqlite() {
    staff_accounts(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_accounts_postgres() {
    staff_accounts(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_command_input_errors() {
    let app = support::spawn(Backend::Sqlite).await;

    let no_password = staff_command(
        &app,
        &["add", "--email", "sam@example.com", "--role", "staff"],
        None,
        "",
    );
    assert!(!no_password.status.success());
    let message = String::from_utf8_lossy(&no_password.stderr);
    assert!(message.contains("no password given"), "{message}");

    let bad_role = staff_command(
        &app,
        &["add", "--email", "sam@example.com", "--role", "owner"],
        Some("pw-123456789"),
        "",
    );
    assert!(!bad_role.status.success());

    let short = staff_command(
        &app,
        &["add", "--email", "sam@example.com", "--role", "staff"],
        Some("short"),
        "",
    );
    assert!(!short.status.success());
    let message = String::from_utf8_lossy(&short.stderr);
    assert!(message.contains("password"), "{message}");

    let unknown = staff_command(&app, &["disable", "--email", "nobody@example.com"], None, "");
    assert!(!unknown.status.success());
    let message = String::from_utf8_lossy(&unknown.stderr);
    assert!(message.contains("no staff or admin account"), "{message}");

    let listed = json_output(&staff_command(&app, &["list"], None, ""));
    assert_eq!(listed["staff"], json!([]));
}
