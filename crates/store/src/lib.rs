//! The terminal's own store: one SQLite file through rusqlite.
//!
//! Every write is one `IMMEDIATE` transaction, so a sale, a return or a
//! shift change is stored whole or not at all. Queries are grouped one
//! module per table or area.

mod db;
mod error;

pub use db::Store;
pub use error::{ErrorKind, StoreError};
