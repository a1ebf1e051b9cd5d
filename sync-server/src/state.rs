//! What every request handler can reach.

use crate::db::Database;

/// Shared state of the running server; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: Database,
}
