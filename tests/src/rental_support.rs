//! Helpers for the rental sync tests: CLI steps at a terminal, a sync
//! round that must store every record, and reads of the server's tables.

use std::sync::Arc;

use giggatek_domain::rental::UnitCondition;
use giggatek_domain::{Money, Tender};
use giggatek_store::{FixedClock, RentOut, ShortTermReturnRequest};
use giggatek_sync_server::db::Database;
use giggatek_sync_server::testing::TestDatabase;

use jiff::civil::date;

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

/// Rents unit `serial` to customer 1 at 2026-07-29 10:00 New York time,
/// due by the end of 2026-07-30 at 35.00 per day late, and returns it at
/// `returned_at` (UTC), paying any late fee in cash, through the store's
/// API with the store's clock set. Returns the rental number.
pub fn rent_and_return(terminal: &Terminal, serial: &str, client_ids: (&str, &str), returned_at: &str) -> String {
    let mut store = terminal.store();
    let clock = Arc::new(FixedClock::new("2026-07-29T14:00:00Z".parse().unwrap()));
    store.set_clock(clock.clone());
    let clerk = store.sign_in("101", "1234").unwrap();
    let rental = store
        .rent_out(&RentOut {
            client_id: client_ids.0.to_owned(),
            clerk: clerk.clone(),
            customer_id: 1,
            serial_number: serial.to_owned(),
            due_date: date(2026, 7, 30),
            late_fee_per_day: Money::from_cents(3500),
        })
        .unwrap();
    clock.set(returned_at.parse().unwrap());
    let fee = store.short_term_late_fee(&rental.rental_number).unwrap();
    let tenders = if fee.total.is_zero() {
        Vec::new()
    } else {
        vec![Tender::Cash { tendered: fee.total }]
    };
    store
        .return_short_term(&ShortTermReturnRequest {
            client_id: client_ids.1.to_owned(),
            clerk,
            rental_number: rental.rental_number.clone(),
            condition: UnitCondition::Used,
            note: String::new(),
            tenders,
        })
        .unwrap();
    rental.rental_number
}

/// Returns the unit of `contract_number` in used condition, with manager
/// 900's approval and `note`.
pub fn return_contract(terminal: &Terminal, contract_number: &str, note: &str) {
    terminal.cli(&[
        "contract",
        "return",
        contract_number,
        "--manager",
        "900",
        "--manager-pin",
        "9876",
        "--condition",
        "used",
        "--note",
        note,
    ]);
}
