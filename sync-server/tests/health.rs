//! `GET /healthz` on a real server process, on SQLite and on PostgreSQL.

mod support;

use giggatek_sync_server::testing::Backend;
use support::TestServer;

fn healthz_answers_ok(backend: Backend) {
    let server = TestServer::start(backend);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (status, body) = runtime.block_on(async {
        let response = reqwest::get(format!("{}/healthz", server.url())).await.unwrap();
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    });
    assert_eq!(status, 200);
    assert_eq!(body, r#"{"status":"ok"}"#);
}

#[test]
fn healthz_on_sqlite() {
    healthz_answers_ok(Backend::Sqlite);
}

#[test]
fn healthz_on_postgres() {
    healthz_answers_ok(Backend::Postgres);
}
