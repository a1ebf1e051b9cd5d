//! The window's background sync against a real server process. Three
//! sales wait, the first upload gets a 503 and later ones a 200, and
//! nothing else happens at the terminal. The background thread retries on
//! its own and the outbox empties.

use std::time::{Duration, Instant};

use giggatek_sync_client::{DeviceCredential, load_credential, save_credential_file};
use giggatek_sync_server::db::reports;
use giggatek_sync_server::testing::{Backend, TestDatabase};
use giggatek_terminal::sync_task::{Connection, SyncMonitor};
use giggatek_tests::fault_proxy::{Fault, FaultProxy};
use giggatek_tests::sync_support::{block_on, connect, server_child_main, start_server, terminal_with_three_sales};

#[test]
#[ignore = "runs only as the server child process of the sync tests"]
fn server_child() {
    server_child_main();
}

/// How long the records may take to reach the server: one failed round,
/// one backoff delay (at most 2 s) and one good round, with room for a
/// slow machine.
const RETRY_WINDOW: Duration = Duration::from_secs(60);

#[test]
fn background_sync_retries_after_503() {
    let database = TestDatabase::create(Backend::Sqlite);
    let server = start_server(&database, "127.0.0.1:0", false);
    let terminal = terminal_with_three_sales(&database, &server.url(), "0193a5b2-7c4e-7000-8000-00000000b30");
    assert_eq!(terminal.count("SELECT count(*) FROM outbox WHERE synced_at IS NULL"), 3);

    // The terminal reaches the server through a proxy that returns 503 to
    // the first request.
    let proxy = FaultProxy::start(server.address);
    proxy.push_faults(&[Fault::ServiceUnavailable]);
    let credential = load_credential(&terminal.path).unwrap().unwrap();
    let through_proxy = DeviceCredential {
        server_url: proxy.url(),
        ..credential
    };
    save_credential_file(&terminal.path, &through_proxy).unwrap();

    let monitor = SyncMonitor::start(terminal.path.clone());
    let started = Instant::now();
    while terminal.count("SELECT count(*) FROM outbox WHERE synced_at IS NULL") > 0 {
        assert!(
            started.elapsed() < RETRY_WINDOW,
            "the outbox did not empty within {RETRY_WINDOW:?}: {:?}",
            monitor.state()
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    assert_eq!(proxy.seen()[0].1, Fault::ServiceUnavailable);
    let db = connect(&database);
    let counts = block_on(async {
        let counts = reports::record_counts(&db).await.unwrap();
        db.close().await;
        counts
    });
    let sales = counts.iter().find(|(kind, _)| kind == "sale").map(|(_, count)| *count);
    assert_eq!(sales, Some(3));
    // The round that emptied the outbox still pulls the change feed before
    // it reports.
    while monitor.state().connection != Connection::Online {
        assert!(started.elapsed() < RETRY_WINDOW, "still {:?}", monitor.state());
        std::thread::sleep(Duration::from_millis(100));
    }
    let state = monitor.state();
    assert_eq!(state.message, None);
    let status = terminal.store().sync_status().unwrap();
    assert_eq!(status.rejected, vec![]);
    assert!(status.last_success_at.is_some());
}
