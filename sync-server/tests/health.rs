//! `GET /healthz` on a real server process, on SQLite and on PostgreSQL.

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;

use giggatek_sync_server::testing::Backend;
use support::TestServer;

/// Sends a plain HTTP/1.1 GET and returns the whole response.
fn get(server: &TestServer, path: &str) -> String {
    let mut stream = TcpStream::connect(server.process.address).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

fn healthz_answers_ok(backend: Backend) {
    let server = TestServer::start(backend);
    let response = get(&server, "/healthz");
    assert!(response.starts_with("HTTP/1.1 200 OK"), "{response}");
    assert!(response.ends_with(r#"{"status":"ok"}"#), "{response}");
}

#[test]
fn healthz_on_sqlite() {
    healthz_answers_ok(Backend::Sqlite);
}

#[test]
fn healthz_on_postgres() {
    healthz_answers_ok(Backend::Postgres);
}
