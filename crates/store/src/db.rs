//! Opening the store file, its pragmas and its embedded migrations.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::clock::{Clock, SystemClock};
use crate::error::StoreError;

/// How long a statement waits for another connection's write to finish.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Migrations in order; append only, never edit one that has shipped.
const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_init", include_str!("../../../migrations/terminal/0001_init.sql")),
    (
        "0002_rentals",
        include_str!("../../../migrations/terminal/0002_rentals.sql"),
    ),
    ("0003_sync", include_str!("../../../migrations/terminal/0003_sync.sql")),
    (
        "0004_rental_fees",
        include_str!("../../../migrations/terminal/0004_rental_fees.sql"),
    ),
    (
        "0005_sync_rentals",
        include_str!("../../../migrations/terminal/0005_sync_rentals.sql"),
    ),
];

/// An open terminal store.
pub struct Store {
    pub(crate) conn: Connection,
    /// The source of every instant the store writes; see [`Store::set_clock`].
    pub(crate) clock: Arc<dyn Clock>,
}

impl Store {
    /// Opens (creating if needed) the store file and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open(path)?;
        Store::prepare(conn)
    }

    /// Opens a private in-memory store, for tests.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Store::prepare(Connection::open_in_memory()?)
    }

    fn prepare(conn: Connection) -> Result<Store, StoreError> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // WAL lets readers go on during a write; FULL makes each commit durable
        // with one fsync of the log.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = Store {
            conn,
            clock: Arc::new(SystemClock),
        };
        store.migrate()?;
        Ok(store)
    }

    /// Applies the migrations this store lacks. A store that is up to date is
    /// only read, so opening it never waits for another connection's write
    /// and works on a file the process may not write.
    fn migrate(&mut self) -> Result<(), StoreError> {
        if self.pending_migrations()?.is_empty() {
            return Ok(());
        }
        let tx = self.write()?;
        tx.execute_batch(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT",
        )?;
        for (name, sql) in MIGRATIONS {
            // Checked again inside the write lock: another process may have
            // migrated between the read above and this transaction.
            let applied: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE name = ?1)",
                [name],
                |row| row.get(0),
            )?;
            if !applied {
                tx.execute_batch(sql)?;
                tx.execute(
                    "INSERT INTO schema_migrations (name, applied_at) VALUES (?1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                    [name],
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Names of the embedded migrations not yet recorded in this store.
    fn pending_migrations(&self) -> Result<Vec<&'static str>, StoreError> {
        let has_table: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations')",
            [],
            |row| row.get(0),
        )?;
        if !has_table {
            return Ok(MIGRATIONS.iter().map(|(name, _)| *name).collect());
        }
        let mut statement = self
            .conn
            .prepare("SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE name = ?1)")?;
        let mut pending = Vec::new();
        for (name, _) in MIGRATIONS {
            let applied: bool = statement.query_row([name], |row| row.get(0))?;
            if !applied {
                pending.push(*name);
            }
        }
        Ok(pending)
    }

    /// Starts a write transaction that takes the write lock at once, so it
    /// never fails half-way on a lock another connection took after our reads.
    pub(crate) fn write(&mut self) -> Result<Transaction<'_>, StoreError> {
        Ok(self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    /// The underlying connection, for benchmarks and diagnostics.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// The underlying connection, mutable, so a benchmark can install
    /// SQLite's trace hooks and count statements.
    pub fn connection_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_twice_migrates_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.sqlite");
        drop(Store::open(&path).unwrap());
        let store = Store::open(&path).unwrap();
        let count: i64 = store
            .conn
            .query_row("SELECT count(*) FROM schema_migrations", [], |r| r.get(0))
            .unwrap();
        assert_eq!(count, i64::try_from(MIGRATIONS.len()).unwrap());
        let mode: String = store.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
    }

    /// Writes a store file with only the named migrations applied, as an
    /// older terminal left it.
    fn store_with(path: &Path, names: &[&str]) {
        let conn = Connection::open(path).unwrap();
        conn.execute_batch("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT")
            .unwrap();
        for (name, sql) in MIGRATIONS.iter().filter(|(name, _)| names.contains(name)) {
            conn.execute_batch(sql).unwrap();
            conn.execute(
                "INSERT INTO schema_migrations (name, applied_at) VALUES (?1, '2026-07-01T00:00:00Z')",
                [name],
            )
            .unwrap();
        }
    }

    fn applied(store: &Store) -> Vec<String> {
        let mut statement = store
            .conn
            .prepare("SELECT name FROM schema_migrations ORDER BY name")
            .unwrap();
        statement
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn existing_stores_get_both_rental_migrations() {
        let all: Vec<String> = MIGRATIONS.iter().map(|(name, _)| (*name).to_string()).collect();
        // A store with the rental fees but not the rental sync, and one
        // with the rental sync but not the rental fees.
        let older = [
            ["0001_init", "0002_rentals", "0003_sync", "0004_rental_fees"],
            ["0001_init", "0002_rentals", "0003_sync", "0005_sync_rentals"],
        ];
        for names in older {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("store.sqlite");
            store_with(&path, &names);
            let store = Store::open(&path).unwrap();
            assert_eq!(applied(&store), all, "store with {names:?}");
            for table in [
                "short_term_rentals",
                "rental_fee_payments",
                "server_contracts",
                "sync_conflicts",
            ] {
                let exists: bool = store
                    .conn
                    .query_row(
                        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1)",
                        [table],
                        |row| row.get(0),
                    )
                    .unwrap();
                assert!(exists, "table {table} is missing after opening a store with {names:?}");
            }
        }
    }

    #[test]
    fn open_reads_while_another_connection_writes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.sqlite");
        drop(Store::open(&path).unwrap());
        let mut writer = Connection::open(&path).unwrap();
        let held = writer
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .unwrap();
        let store = Store::open(&path).unwrap();
        let count: i64 = store
            .conn
            .query_row("SELECT count(*) FROM schema_migrations", [], |r| r.get(0))
            .unwrap();
        assert_eq!(count, i64::try_from(MIGRATIONS.len()).unwrap());
        held.rollback().unwrap();
    }
}
