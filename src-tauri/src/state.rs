//! The terminal's state between commands: the store and the clerk's session.

use std::sync::{Mutex, MutexGuard, PoisonError};

use giggatek_domain::Cart;
use giggatek_store::{Staff, Store, StoreError, StoreSettings};

use crate::config::Paths;
use crate::error::{CommandError, ErrorKind};
use crate::sync_task::SyncMonitor;
use crate::views::SaleView;

/// Everything the commands share. Each lock is held for one step only: the
/// store for one store call, the session while it is read or updated.
pub struct AppState {
    store: Result<Mutex<Store>, String>,
    session: Mutex<Session>,
    pub paths: Paths,
    /// The background sync; idle until [`AppState::with_sync`] sets it.
    pub sync: SyncMonitor,
}

/// The clerk's session at this terminal.
#[derive(Debug, Default)]
pub struct Session {
    pub staff: Option<Staff>,
    pub cart: Cart,
    /// The manager who approved the price overrides in the open cart.
    pub approver: Option<Staff>,
    /// The client id of the sale being paid: a UUIDv7 made when the tender
    /// dialog opened, so every "Charge" of that dialog completes one sale.
    pub pending_sale: Option<String>,
    /// The last completed sale and its client id, returned again when the
    /// same dialog charges twice.
    pub completed_sale: Option<(String, SaleView)>,
    /// The client id of the return being entered, made when the sale was
    /// looked up.
    pub pending_return: Option<String>,
}

impl AppState {
    /// Wraps the opened store, or the message of why it failed to open: the
    /// window still starts and every command then shows that message.
    pub fn new(store: Result<Store, String>, paths: Paths) -> AppState {
        AppState {
            store: store.map(Mutex::new),
            session: Mutex::new(Session::default()),
            paths,
            sync: SyncMonitor::idle(),
        }
    }

    /// Sets the background sync the window reports on.
    pub fn with_sync(mut self, sync: SyncMonitor) -> AppState {
        self.sync = sync;
        self
    }

    /// Runs one store call under the store lock.
    pub fn with_store<T>(&self, call: impl FnOnce(&mut Store) -> Result<T, StoreError>) -> Result<T, CommandError> {
        let mutex = self
            .store
            .as_ref()
            .map_err(|message| CommandError::new(ErrorKind::Storage, message.clone()))?;
        // A panic in another command cannot leave the store half-written,
        // because every write is one transaction, so a poisoned lock is safe.
        let mut store = mutex.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(call(&mut store)?)
    }

    /// Locks the session for one read or update.
    pub fn session(&self) -> MutexGuard<'_, Session> {
        self.session.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Reads the store settings: tax, cash rounding and the store name.
    pub fn settings(&self) -> Result<StoreSettings, CommandError> {
        self.with_store(|store| store.settings())
    }

    /// Returns the signed-in staff member, or the `signed_out` error.
    pub fn staff(&self) -> Result<Staff, CommandError> {
        self.session().staff.clone().ok_or_else(CommandError::signed_out)
    }
}
