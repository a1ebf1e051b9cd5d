//! Terminal enrolment: codes are made only for valid store and terminal
//! codes, and a terminal enrols only with a code made for its own codes.

use giggatek_sync_server::admin::{self, AdminCommand};
use giggatek_sync_server::testing::Backend;
use serde_json::json;

use crate::support::{self, ShopApp};

async fn make_code(app: &ShopApp, store: &str, terminal: &str) -> anyhow::Result<String> {
    let command = AdminCommand::EnrolmentCode {
        store: store.to_owned(),
        terminal: terminal.to_owned(),
        valid_hours: 1,
    };
    let output = admin::run(&app.shop.db, command).await?;
    Ok(output["code"].as_str().expect("code").to_owned())
}

async fn enrolment_checks_codes(backend: Backend) {
    let app = support::spawn(backend).await;

    for (store, terminal, flag) in [
        ("", "T01", "--store"),
        ("   ", "T01", "--store"),
        ("s01", "T01", "--store"),
        ("S01", "", "--terminal"),
        ("S01", "T 1", "--terminal"),
        ("S01", "TOOLONG12", "--terminal"),
    ] {
        let error = make_code(&app, store, terminal)
            .await
            .expect_err("invalid codes are rejected");
        assert!(error.to_string().starts_with(flag), "{store:?}/{terminal:?}: {error}");
    }

    let code = make_code(&app, "S01", "T01").await.expect("code");
    let other_store = app
        .post(
            "/v1/enrol",
            json!({"code": code, "store_code": "S02", "terminal_code": "T09"}),
            &[],
        )
        .await;
    assert_eq!(other_store.status, 422, "{}", other_store.body);
    assert_eq!(other_store.body["error"], "invalid");
    assert_eq!(other_store.body["field"], "store_code");
    let message = other_store.body["message"].as_str().expect("message");
    assert!(message.contains("terminal T01 of store S01"), "{message}");
    assert!(message.contains("T09 of store S02"), "{message}");

    let other_terminal = app
        .post(
            "/v1/enrol",
            json!({"code": code, "store_code": "S01", "terminal_code": "T09"}),
            &[],
        )
        .await;
    assert_eq!(other_terminal.status, 422, "{}", other_terminal.body);
    assert_eq!(other_terminal.body["field"], "terminal_code");

    let empty = app
        .post(
            "/v1/enrol",
            json!({"code": code, "store_code": "", "terminal_code": ""}),
            &[],
        )
        .await;
    assert_eq!(empty.status, 422, "{}", empty.body);
    assert_eq!(empty.body["field"], "store_code");

    let without_codes = app.post("/v1/enrol", json!({"code": code}), &[]).await;
    assert_eq!(without_codes.status, 422, "{}", without_codes.body);
    assert_eq!(without_codes.body["field"], "body");

    let malformed = app
        .client
        .post(format!("{}/v1/enrol", app.url))
        .header("content-type", "application/json")
        .body("{\"code\": ")
        .send()
        .await
        .expect("the server answers");
    assert_eq!(malformed.status().as_u16(), 422);
    let bytes = malformed.bytes().await.expect("body");
    let body: serde_json::Value = serde_json::from_slice(&bytes).expect("a JSON error body");
    assert_eq!(body["error"], "invalid");
    assert_eq!(body["field"], "body");

    // The rejected attempts left the code unused.
    let enrolled = app
        .post(
            "/v1/enrol",
            json!({"code": code, "store_code": "S01", "terminal_code": "T01"}),
            &[],
        )
        .await;
    assert_eq!(enrolled.status, 200, "{}", enrolled.body);
    assert_eq!(enrolled.body["store_code"], "S01");
    assert_eq!(enrolled.body["terminal_code"], "T01");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enrolment_checks_codes_sqlite() {
    enrolment_checks_codes(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enrolment_checks_codes_postgres() {
    enrolment_checks_codes(Backend::Postgres).await;
}
