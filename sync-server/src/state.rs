//! What every request handler can reach.

use std::sync::Arc;

use crate::db::Database;
use crate::shop::Shop;

/// Shared state of the running server; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: Database,
    /// The online shop's services.
    pub shop: Arc<Shop>,
}
