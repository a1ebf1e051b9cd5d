//! The OpenAPI document: it lists every route, and schemathesis finds no
//! server error or response that does not match it.

use std::process::Command;

use giggatek_sync_server::testing::Backend;
use serde_json::json;

use crate::support;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openapi_lists_every_route() {
    let app = support::spawn(Backend::Sqlite).await;
    let document = app.get("/openapi.json", &[]).await;
    assert_eq!(document.status, 200);
    let paths = document.body["paths"].as_object().expect("paths");
    for (path, method) in [
        ("/api/accounts", "post"),
        ("/api/sessions", "post"),
        ("/api/sessions/current", "delete"),
        ("/api/account", "get"),
        ("/api/account", "patch"),
        ("/api/account/password", "post"),
        ("/api/account/marketing", "get"),
        ("/api/account/marketing", "put"),
        ("/api/password-resets", "post"),
        ("/api/password-resets/confirm", "post"),
        ("/api/products", "get"),
        ("/api/products/{id}", "get"),
        ("/api/categories", "get"),
        ("/api/carts", "post"),
        ("/api/carts/{cart_id}", "get"),
        ("/api/carts/{cart_id}/items/{product_id}", "put"),
        ("/api/checkout", "post"),
        ("/api/orders", "get"),
        ("/api/orders/{id}", "get"),
        ("/api/rentals", "get"),
        ("/api/rentals/{contract_number}", "get"),
        ("/api/admin/products/{sku}", "put"),
        ("/api/admin/orders/{id}/refunds", "post"),
        ("/api/admin/orders/{id}/fulfilment", "post"),
        ("/api/admin/mail/campaigns", "post"),
        ("/webhooks/stripe", "post"),
        ("/api/admin/mail/jobs", "get"),
        ("/api/admin/mail/jobs/counts", "get"),
        ("/api/admin/mail/jobs/{id}", "get"),
        ("/api/admin/mail/jobs/{id}/resend", "post"),
        ("/mail/unsubscribe/{token}", "get"),
        ("/mail/unsubscribe/{token}", "post"),
        ("/mail/open/{file}", "get"),
    ] {
        assert!(
            paths.get(path).and_then(|item| item.get(method)).is_some(),
            "{method} {path} is missing"
        );
    }
    assert_eq!(paths.len(), 30);
}

/// The mail job schema is written by hand beside the mail crate's JSON, so
/// its fields are compared with a real job from the staff's list.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openapi_mail_job_matches_list() {
    let app = support::spawn(Backend::Sqlite).await;
    let staff = app.staff().await;
    app.customer("ivy@example.com", "correct-horse-9").await;
    let requested = app
        .post("/api/password-resets", json!({"email": "ivy@example.com"}), &[])
        .await;
    assert_eq!(requested.status, 202);
    let list = app
        .get("/api/admin/mail/jobs", &[("authorization", staff.as_str())])
        .await;
    assert_eq!(list.status, 200, "{}", list.body);
    let job = list.body["jobs"][0].as_object().expect("one job");
    assert_eq!(job["status"], "queued");
    let mut listed: Vec<&str> = job.keys().map(String::as_str).collect();
    listed.sort_unstable();

    let document = app.get("/openapi.json", &[]).await;
    let schema = &document.body["components"]["schemas"]["MailJob"]["properties"];
    let mut documented: Vec<&str> = schema
        .as_object()
        .expect("MailJob properties")
        .keys()
        .map(String::as_str)
        .collect();
    documented.sort_unstable();
    assert_eq!(documented, listed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schemathesis_finds_no_errors() {
    let app = support::spawn(Backend::Sqlite).await;
    let staff = app.staff().await;
    app.product(&staff, "CPU-1", json!("340.05"), true, 50).await;
    app.product(&staff, "FAN-1", json!(9.99), true, 50).await;
    let output = run_schemathesis(
        &app.url,
        &staff,
        // Signing out would end the session the run authenticates with.
        &["--exclude-path", "/api/sessions/current"],
    )
    .await;
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "schemathesis failed:\n{report}");
    assert!(report.contains("passed"), "schemathesis ran no test:\n{report}");
    eprintln!("{report}");
}

/// Runs schemathesis against the app's OpenAPI document with `auth` as the
/// Authorization header, checking for server errors and responses that do
/// not match the document.
pub(crate) async fn run_schemathesis(app_url: &str, auth: &str, extra_args: &[&str]) -> std::process::Output {
    let url = format!("{app_url}/openapi.json");
    let header = format!("Authorization: {auth}");
    let extra_args: Vec<String> = extra_args.iter().map(|arg| (*arg).to_owned()).collect();
    // schemathesis keeps a cache in its working folder; keep it out of the tree.
    let workdir = tempfile::tempdir().expect("temporary folder");
    let workdir_path = workdir.path().to_path_buf();
    tokio::task::spawn_blocking(move || {
        Command::new("schemathesis")
            .current_dir(&workdir_path)
            .args([
                "run",
                &url,
                "--checks",
                "not_a_server_error,response_schema_conformance",
            ])
            .args(["--max-examples", "15", "--workers", "1", "--generation-deterministic"])
            .args(["--header", &header])
            .args(&extra_args)
            .env("NO_COLOR", "1")
            .output()
    })
    .await
    .expect("task")
    .expect("schemathesis runs (pip install -r tests/stripe/requirements.txt)")
}
