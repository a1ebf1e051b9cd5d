#![allow(dead_code, reason = "each test binary uses a different part of the support code")]

//! Starts the real `giggatek-server` binary of this package on a fresh
//! database.

use std::process::Command;

use giggatek_sync_server::testing::{Backend, ServerProcess, TestDatabase};

/// A running server and the database it owns; the process is killed before
/// the database is dropped.
pub struct TestServer {
    pub process: ServerProcess,
    pub database: TestDatabase,
}

impl TestServer {
    /// Starts the server on an empty database of `backend`.
    pub fn start(backend: Backend) -> TestServer {
        let database = TestDatabase::create(backend);
        let process = ServerProcess::start(serve_command(&database));
        TestServer { process, database }
    }

    pub fn url(&self) -> String {
        self.process.url()
    }
}

/// `giggatek-server [database args] serve --listen 127.0.0.1:0`.
pub fn serve_command(database: &TestDatabase) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_giggatek-server"));
    command
        .args(database.server_args())
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("GIGGATEK_SERVER_LOG", "warn");
    command
}
