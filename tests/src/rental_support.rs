//! Helpers for the rental sync tests: CLI steps at a terminal, a sync
//! round that must store every record, and reads of the server's tables.

use giggatek_sync_server::db::Database;
use giggatek_sync_server::testing::TestDatabase;

use crate::sync_support::{Terminal, block_on, connect};

/// Runs one query of this test (no outside input) that returns one value
/// on the server's database.
pub fn server_value<T>(database: &TestDatabase, sql: &str) -> T
where
    T: Send + Unpin + for<'r> sqlx::Decode<'r, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite>,
    T: for<'r> sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres>,
{
    let db = connect(database);
    block_on(async {
        let value = match &db {
            Database::Sqlite(pool) => sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_one(pool).await,
            Database::Postgres(pool) => sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_one(pool).await,
        };
        db.close().await;
        value.unwrap_or_else(|error| panic!("{sql}: {error}"))
    })
}

/// Runs one sync round and checks that no record was rejected.
pub fn sync(terminal: &Terminal, url: &str) -> giggatek_sync_client::SyncReport {
    let report = terminal
        .client(url, Terminal::one_attempt())
        .sync_once(&mut terminal.store())
        .unwrap();
    assert_eq!(
        report.rejected,
        0,
        "records rejected: {:?}",
        terminal.store().sync_status()
    );
    report
}

/// Adds a customer at `terminal` through the CLI, as clerk 101.
pub fn add_customer(terminal: &Terminal, client_id: &str, name: &str, email: &str) {
    terminal.cli(&[
        "customer",
        "add",
        "--staff",
        "101",
        "--pin",
        "1234",
        "--name",
        name,
        "--address",
        "1 Main St",
        "--phone",
        "212-555-0101",
        "--email",
        email,
        "--id-document",
        "Passport TK1234567",
        "--client-id",
        client_id,
    ]);
}

/// Receives unit `serial` into rental stock at `terminal`, at a cost of
/// 600.00.
pub fn add_unit(terminal: &Terminal, client_id: &str, serial: &str, description: &str) {
    terminal.cli(&[
        "unit",
        "add",
        "--manager",
        "900",
        "--manager-pin",
        "9876",
        "--serial",
        serial,
        "--description",
        description,
        "--condition",
        "new",
        "--cost",
        "600.00",
        "--client-id",
        client_id,
    ]);
}

/// Writes a contract for customer 1 on unit `serial` through the CLI: 52
/// weekly payments of 45.00 on a cash price of 1,200.00, approved by
/// manager 900. `extra` adds options such as fees due at signing and
/// their tenders.
pub fn create_contract(terminal: &Terminal, client_id: &str, serial: &str, extra: &[&str]) {
    let mut args = vec![
        "contract",
        "create",
        "--manager",
        "900",
        "--manager-pin",
        "9876",
        "--customer",
        "1",
        "--serial",
        serial,
        "--term",
        "weekly",
        "--payments",
        "52",
        "--cash-price",
        "1200.00",
        "--payment",
        "45.00",
        "--client-id",
        client_id,
    ];
    args.extend_from_slice(extra);
    terminal.cli(&args);
}

/// Takes a cash payment of `amount` on `contract_number` as clerk 101.
pub fn pay(terminal: &Terminal, contract_number: &str, amount: &str, client_id: &str) {
    terminal.cli(&[
        "contract",
        "pay",
        contract_number,
        "--staff",
        "101",
        "--pin",
        "1234",
        "--amount",
        amount,
        "--cash",
        amount,
        "--client-id",
        client_id,
    ]);
}
