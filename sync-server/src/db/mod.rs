//! The server's database: one typed pool for SQLite or for PostgreSQL.
//!
//! The two databases get separate migration folders and separate queries,
//! because their SQL differs (`BIGSERIAL` against `INTEGER PRIMARY KEY`,
//! `TIMESTAMPTZ` against text) and sqlx's `Any` driver cannot bridge that.
//! Repositories live one module per area and match on [`Database`].

pub(crate) mod mail_jobs;
pub mod marketing;
pub mod rental_mail;
pub mod shop_accounts;
pub mod shop_carts;
pub mod shop_catalog;
pub mod shop_events;
pub mod shop_order_updates;
pub mod shop_orders;
pub mod shop_refunds;
pub mod shop_rentals;
pub mod shop_sql;
pub mod shop_staff;
pub mod shop_stock;

use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

use crate::config::{DatabaseConfig, SQLITE_FILE_NAME};

pub mod changes;
pub mod conflicts;
pub mod rentals;
pub mod reports;
pub(crate) mod short_term_rentals;
pub mod sync;
mod sync_writer;
pub mod terminals;

/// The PostgreSQL advisory lock every writing transaction of sync data
/// takes first, so that change-feed sequence numbers commit in order.
/// SQLite gets the same effect from `BEGIN IMMEDIATE`.
const WRITE_LOCK_KEY: i64 = 0x6769_6767_7379_6e63;

/// Expands `$body` once per backend with `$pool` bound to that backend's
/// typed pool. Queries inside use `$N` parameters, which both accept.
macro_rules! with_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::db::Database::Sqlite($pool) => $body,
            $crate::db::Database::Postgres($pool) => $body,
        }
    };
}
pub(crate) use with_pool;

/// Runs `$body` in a write transaction with `$tx` bound to it, and commits
/// when the body finishes without `?` returning early (which rolls back).
/// Writers are serialised: `BEGIN IMMEDIATE` on SQLite, the advisory lock
/// [`WRITE_LOCK_KEY`] on PostgreSQL.
macro_rules! in_write_transaction {
    ($db:expr, $tx:ident => $body:block) => {
        match $db {
            $crate::db::Database::Sqlite(pool) => {
                let mut $tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                let value = $body;
                $tx.commit().await?;
                value
            }
            $crate::db::Database::Postgres(pool) => {
                let mut $tx = pool.begin().await?;
                sqlx::query("SELECT pg_advisory_xact_lock($1)")
                    .bind($crate::db::WRITE_LOCK_KEY)
                    .execute(&mut *$tx)
                    .await?;
                let value = $body;
                $tx.commit().await?;
                value
            }
        }
    };
}
pub(crate) use in_write_transaction;

/// Server migrations for SQLite, embedded at compile time. Versions 0001 to
/// 0099 are sync, 0100 to 0199 mail, 0200 to 0299 the online shop, 0300
/// and up rentals.
static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/server/sqlite");
/// Server migrations for PostgreSQL, numbered like the SQLite ones.
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/server/postgres");

/// How long a statement waits for SQLite's write lock before failing.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// Pool size for PostgreSQL.
const POSTGRES_MAX_CONNECTIONS: u32 = 10;
/// How long a request waits for a free pooled connection.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);

/// An open pool on one of the two supported databases.
#[derive(Clone, Debug)]
pub enum Database {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl Database {
    /// Opens a pool; for SQLite, creates the data folder and file if needed.
    pub async fn connect(config: &DatabaseConfig) -> anyhow::Result<Database> {
        match config {
            DatabaseConfig::Sqlite { data_dir } => {
                std::fs::create_dir_all(data_dir).map_err(|error| {
                    anyhow::anyhow!("creating the data folder {} failed: {error}", data_dir.display())
                })?;
                let options = SqliteConnectOptions::new()
                    .filename(data_dir.join(SQLITE_FILE_NAME))
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Full)
                    .busy_timeout(SQLITE_BUSY_TIMEOUT)
                    .foreign_keys(true);
                let pool = SqlitePoolOptions::new()
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .connect_with(options)
                    .await?;
                Ok(Database::Sqlite(pool))
            }
            DatabaseConfig::Postgres { url } => {
                // Parse first so a malformed URL fails with its own message
                // instead of a connection error.
                let options = sqlx::postgres::PgConnectOptions::from_str(url)?;
                let pool = PgPoolOptions::new()
                    .max_connections(POSTGRES_MAX_CONNECTIONS)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .connect_with(options)
                    .await?;
                Ok(Database::Postgres(pool))
            }
        }
    }

    /// Applies every migration not yet applied.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        match self {
            Database::Sqlite(pool) => SQLITE_MIGRATIONS.run(pool).await?,
            Database::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
        }
        Ok(())
    }

    /// Runs a trivial query, to tell whether the database answers.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        match self {
            Database::Sqlite(pool) => sqlx::query("SELECT 1").execute(pool).await.map(drop),
            Database::Postgres(pool) => sqlx::query("SELECT 1").execute(pool).await.map(drop),
        }
    }

    /// Closes every pooled connection.
    pub async fn close(&self) {
        match self {
            Database::Sqlite(pool) => pool.close().await,
            Database::Postgres(pool) => pool.close().await,
        }
    }
}
