//! Background sync: while the terminal is enrolled, a thread uploads the
//! outbox and pulls the change feed, again and again, so records written
//! offline reach the server without waiting for another sale.
//!
//! - After a success it waits [`SYNC_INTERVAL`] or until woken (a sale,
//!   "Sync now").
//! - After a refused connection, a timeout or a 5xx it retries with
//!   exponential backoff from [`FIRST_RETRY_DELAY`] up to
//!   [`MAX_RETRY_DELAY`].
//! - After a 4xx, a rejected credential or a store failure it shows the
//!   message and tries again after [`SYNC_INTERVAL`]. Records leave the
//!   outbox only once the server acknowledged them, so nothing is lost.
//!
//! The thread has its own store connection, so a sync never holds the
//! window's store lock; SQLite's busy timeout orders the two writers.

use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use giggatek_store::Store;
use giggatek_sync_client::{Backoff, SyncClient, SyncError, SyncOptions, load_credential};

/// How long the thread waits after a successful round.
pub const SYNC_INTERVAL: Duration = Duration::from_secs(30);
/// The first retry delay after a transient failure; it doubles each time.
pub const FIRST_RETRY_DELAY: Duration = Duration::from_secs(2);
/// The maximum retry delay.
pub const MAX_RETRY_DELAY: Duration = Duration::from_secs(60);
/// Timeout of each request of a round, connecting included.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

/// The state of the background sync.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connection {
    /// No device credential: the terminal works alone.
    NotEnrolled,
    /// Enrolled, and the first round has not finished yet.
    Connecting,
    /// The last round reached the server.
    Online,
    /// The last round could not reach the server; it is retried.
    Offline,
    /// The server rejected the request or the credential, or the store
    /// failed. The message explains the fix.
    Error,
}

/// The background sync's state, as the status indicator reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncState {
    pub connection: Connection,
    /// The error of the last failed round.
    pub message: Option<String>,
    /// When the next attempt starts, from now, while a retry is waiting.
    pub retry_in: Option<Duration>,
}

struct Shared {
    state: Mutex<SyncState>,
    wake: Condvar,
    wake_requested: Mutex<bool>,
}

/// A handle on the background sync thread.
#[derive(Clone)]
pub struct SyncMonitor {
    shared: Arc<Shared>,
}

impl SyncMonitor {
    /// Creates a monitor with no thread, for a terminal that is not
    /// enrolled or whose store failed to open.
    pub fn idle() -> SyncMonitor {
        SyncMonitor {
            shared: Arc::new(Shared {
                state: Mutex::new(SyncState {
                    connection: Connection::NotEnrolled,
                    message: None,
                    retry_in: None,
                }),
                wake: Condvar::new(),
                wake_requested: Mutex::new(false),
            }),
        }
    }

    /// Starts the thread for the store at `store_path`. It reads the device
    /// credential first and stops at once when there is none.
    pub fn start(store_path: PathBuf) -> SyncMonitor {
        let monitor = SyncMonitor::idle();
        let worker = monitor.clone();
        let spawned = std::thread::Builder::new()
            .name("sync".to_owned())
            .spawn(move || worker.run(&store_path));
        if let Err(error) = spawned {
            tracing::error!(%error, "starting the sync thread failed; this terminal will not sync");
        }
        monitor
    }

    /// Returns the current state.
    pub fn state(&self) -> SyncState {
        lock(&self.shared.state).clone()
    }

    /// Wakes the thread to sync now, such as after a sale.
    pub fn request_sync(&self) {
        *lock(&self.shared.wake_requested) = true;
        self.shared.wake.notify_all();
    }

    fn set(&self, connection: Connection, message: Option<String>, retry_in: Option<Duration>) {
        *lock(&self.shared.state) = SyncState {
            connection,
            message,
            retry_in,
        };
    }

    /// Waits `delay` or until [`SyncMonitor::request_sync`] is called.
    fn sleep(&self, delay: Duration) {
        let requested = lock(&self.shared.wake_requested);
        let (mut requested, _) = self
            .shared
            .wake
            .wait_timeout_while(requested, delay, |requested| !*requested)
            .unwrap_or_else(PoisonError::into_inner);
        *requested = false;
    }

    fn run(&self, store_path: &std::path::Path) {
        let credential = match load_credential(store_path) {
            Ok(Some(credential)) => credential,
            Ok(None) => {
                tracing::info!("no device credential; background sync is off");
                return;
            }
            Err(error) => {
                tracing::error!(%error, "reading the device credential failed; background sync is off");
                self.set(Connection::Error, Some(error.to_string()), None);
                return;
            }
        };
        self.set(Connection::Connecting, None, None);
        let mut store = match Store::open(store_path) {
            Ok(store) => store,
            Err(error) => {
                tracing::error!(%error, "opening the store for sync failed; background sync is off");
                self.set(Connection::Error, Some(error.to_string()), None);
                return;
            }
        };
        let options = SyncOptions {
            retry_for: Duration::ZERO,
            request_timeout: REQUEST_TIMEOUT,
            ..SyncOptions::default()
        };
        let client = SyncClient::new(&credential.server_url, credential.token.clone(), options);
        let mut backoff = Backoff::new(FIRST_RETRY_DELAY, MAX_RETRY_DELAY);
        tracing::info!(terminal_id = credential.terminal_id, "background sync started");
        loop {
            let delay = match client.sync_once(&mut store) {
                Ok(report) => {
                    backoff.reset();
                    tracing::debug!(
                        stored = report.stored,
                        rejected = report.rejected,
                        changes = report.changes_applied,
                        "sync round finished"
                    );
                    self.set(Connection::Online, None, None);
                    SYNC_INTERVAL
                }
                Err(error) => self.failed(&error, &mut backoff),
            };
            self.sleep(delay);
        }
    }

    /// Records a failed round and returns how long to wait before the next.
    fn failed(&self, error: &SyncError, backoff: &mut Backoff) -> Duration {
        if error.is_transient() {
            let delay = backoff.next_delay();
            tracing::warn!(%error, delay_ms = delay.as_millis(), "sync failed; retrying");
            self.set(Connection::Offline, Some(error.to_string()), Some(delay));
            delay
        } else {
            backoff.reset();
            let message = error.to_string();
            // The same final error comes back every interval until someone
            // fixes it (a revoked terminal, say), so only a new one is an
            // error line.
            let repeated = self.state().message.as_deref() == Some(message.as_str());
            if repeated {
                tracing::debug!(%error, delay_ms = SYNC_INTERVAL.as_millis(), "sync failed again");
            } else {
                tracing::error!(%error, delay_ms = SYNC_INTERVAL.as_millis(), "sync failed; the records stay queued");
            }
            self.set(Connection::Error, Some(message), Some(SYNC_INTERVAL));
            SYNC_INTERVAL
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
