//! Rent-to-own steps at a test terminal, through the `giggatek` CLI, and
//! reads of the server's database, for the tests of rental records on the
//! server.

use giggatek_sync_server::db::Database;
use giggatek_sync_server::testing::TestDatabase;

use crate::sync_support::{Terminal, block_on, connect};

/// Adds a customer under `client_id` with clerk 101.
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

/// Receives a new unit costing 600.00 with manager 900.
pub fn add_unit(terminal: &Terminal, client_id: &str, serial: &str) {
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
        "Rental unit",
        "--condition",
        "new",
        "--cost",
        "600.00",
        "--client-id",
        client_id,
    ]);
}

/// Puts `serial` on contract to customer 1: cash price 1,200.00, 52 weekly
/// payments of 45.00.
pub fn create_contract(terminal: &Terminal, client_id: &str, serial: &str) {
    terminal.cli(&[
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
    ]);
}

/// Takes a cash payment of `amount` on `contract_number` with clerk 101.
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

/// Runs one query of a test (no outside input) that returns one value on
/// the server's database.
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
