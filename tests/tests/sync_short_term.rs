//! Short-term rentals and a contract's initial payment through a real
//! server process. A carpet cleaner at 35.00 per day late, due by the end
//! of 2026-07-30 in New York, returned 2026-07-31 at 15:30 local is one
//! day late (3500 cents); returned 2026-07-30 at 23:59 it is on time. The
//! server stores both once, however often they are uploaded, and rejects a
//! return whose late fee is not the rate times the days late.

use giggatek_sync_server::testing::{Backend, TestDatabase};
use giggatek_tests::rental_support::{add_customer, add_unit, create_contract, rent_and_return, server_value, sync};
use giggatek_tests::sync_support::{Terminal, server_child_main, start_server};

#[test]
#[ignore = "runs only as the server child process of the sync tests"]
fn server_child() {
    server_child_main();
}

const CUSTOMER: &str = "0193a5b2-7c4e-7000-8000-00000000c001";
const LATE_UNIT: &str = "0193a5b2-7c4e-7000-8000-00000000a001";
const ON_TIME_UNIT: &str = "0193a5b2-7c4e-7000-8000-00000000a002";
const LATE_RENTAL: &str = "0193a5b2-7c4e-7000-8000-00000000e001";
const LATE_RETURN: &str = "0193a5b2-7c4e-7000-8000-00000000e002";
const ON_TIME_RENTAL: &str = "0193a5b2-7c4e-7000-8000-00000000e003";
const ON_TIME_RETURN: &str = "0193a5b2-7c4e-7000-8000-00000000e004";
const CONTRACT: &str = "0193a5b2-7c4e-7000-8000-00000000b001";

/// Adds customer 1 (with an email) and two carpet cleaners at `terminal`.
fn customer_and_units(terminal: &Terminal) {
    add_customer(terminal, CUSTOMER, "Marta Ilves", "marta@example.com");
    add_unit(terminal, LATE_UNIT, "CC-1", "Carpet cleaner");
    add_unit(terminal, ON_TIME_UNIT, "CC-2", "Carpet cleaner");
}

#[test]
fn late_return_uploads_once_sqlite() {
    late_return_uploads_once(Backend::Sqlite);
}

#[test]
fn late_return_uploads_once_postgres() {
    late_return_uploads_once(Backend::Postgres);
}

fn late_return_uploads_once(backend: Backend) {
    let database = TestDatabase::create(backend);
    let server = start_server(&database, "127.0.0.1:0", false);
    let t1 = Terminal::new(&database, &server.url(), "T01");
    customer_and_units(&t1);
    // 2026-07-31 15:30 in New York (EDT, UTC-4).
    let late = rent_and_return(&t1, "CC-1", (LATE_RENTAL, LATE_RETURN), "2026-07-31T19:30:00Z");
    // 2026-07-30 23:59 in New York is already 2026-07-31 in UTC.
    let on_time = rent_and_return(&t1, "CC-2", (ON_TIME_RENTAL, ON_TIME_RETURN), "2026-07-31T03:59:00Z");
    let report = sync(&t1, &server.url());
    assert_eq!(report.waiting, 0);

    let row = |client_id: &str, column: &str| {
        format!("SELECT {column} FROM short_term_rentals WHERE client_id = '{client_id}'")
    };
    let text = |client_id: &str, column: &str| {
        server_value::<String>(&database, &row(client_id, &format!("CAST({column} AS TEXT)")))
    };
    let number = |client_id: &str, column: &str| server_value::<i64>(&database, &row(client_id, column));

    assert_eq!(text(LATE_RENTAL, "rental_number"), late);
    assert_eq!(text(LATE_RENTAL, "store_code"), "S01");
    assert_eq!(text(LATE_RENTAL, "terminal_code"), "T01");
    assert_eq!(text(LATE_RENTAL, "customer_client_id"), CUSTOMER);
    assert_eq!(text(LATE_RENTAL, "customer_email"), "marta@example.com");
    assert_eq!(text(LATE_RENTAL, "unit_client_id"), LATE_UNIT);
    assert_eq!(text(LATE_RENTAL, "serial_number"), "CC-1");
    assert_eq!(text(LATE_RENTAL, "item_description"), "Carpet cleaner");
    assert_eq!(text(LATE_RENTAL, "due_date"), "2026-07-30");
    assert_eq!(number(LATE_RENTAL, "late_fee_per_day_cents"), 3500);
    assert_eq!(text(LATE_RENTAL, "return_client_id"), LATE_RETURN);
    assert_eq!(text(LATE_RENTAL, "return_date"), "2026-07-31");
    assert_eq!(number(LATE_RENTAL, "days_late"), 1);
    assert_eq!(number(LATE_RENTAL, "late_fee_cents"), 3500);
    assert_eq!(text(LATE_RENTAL, "return_condition"), "used");
    let customer_id: i64 = server_value(
        &database,
        &format!("SELECT id FROM store_customers WHERE client_id = '{CUSTOMER}'"),
    );
    assert_eq!(number(LATE_RENTAL, "store_customer_id"), customer_id);
    let at_instant = |client_id: &str, column: &str, instant: &str| {
        let literal = match backend {
            Backend::Sqlite => format!("'{instant}'"),
            Backend::Postgres => format!("TIMESTAMPTZ '{instant}'"),
        };
        let instant_matches =
            format!("SELECT COUNT(*) FROM short_term_rentals WHERE client_id = '{client_id}' AND {column} = {literal}");
        server_value::<i64>(&database, &instant_matches)
    };
    assert_eq!(at_instant(LATE_RENTAL, "rented_at", "2026-07-29T14:00:00Z"), 1);
    assert_eq!(at_instant(LATE_RENTAL, "returned_at", "2026-07-31T19:30:00Z"), 1);

    assert_eq!(text(ON_TIME_RENTAL, "rental_number"), on_time);
    assert_eq!(text(ON_TIME_RENTAL, "return_date"), "2026-07-30");
    assert_eq!(number(ON_TIME_RENTAL, "days_late"), 0);
    assert_eq!(number(ON_TIME_RENTAL, "late_fee_cents"), 0);
    assert_eq!(at_instant(ON_TIME_RENTAL, "returned_at", "2026-07-31T03:59:00Z"), 1);

    // The same records uploaded again change nothing.
    t1.store()
        .connection()
        .execute("UPDATE outbox SET synced_at = NULL", [])
        .unwrap();
    let again = sync(&t1, &server.url());
    assert_eq!(again.stored, 0);
    assert!(again.already_stored >= 4, "{again:?}");
    assert_eq!(
        server_value::<i64>(&database, "SELECT COUNT(*) FROM short_term_rentals"),
        2
    );
    assert_eq!(number(LATE_RENTAL, "days_late"), 1);
    assert_eq!(number(LATE_RENTAL, "late_fee_cents"), 3500);
    assert_eq!(text(LATE_RENTAL, "return_client_id"), LATE_RETURN);
}

/// A return whose late fee was altered after it was written is rejected
/// with the field at fault and stays in the outbox; the rental before it
/// is stored.
#[test]
fn wrong_late_fee_is_rejected() {
    let database = TestDatabase::create(Backend::Sqlite);
    let server = start_server(&database, "127.0.0.1:0", false);
    let t1 = Terminal::new(&database, &server.url(), "T01");
    customer_and_units(&t1);
    rent_and_return(&t1, "CC-1", (LATE_RENTAL, LATE_RETURN), "2026-07-31T19:30:00Z");
    t1.store()
        .connection()
        .execute(
            "UPDATE outbox SET payload = json_set(payload, '$.late_fee_cents', 350000)
             WHERE kind = 'short_term_return'",
            [],
        )
        .unwrap();
    let report = t1
        .client(&server.url(), Terminal::one_attempt())
        .sync_once(&mut t1.store())
        .unwrap();
    assert_eq!(report.rejected, 1);
    assert_eq!(report.waiting, 1);
    let status = t1.store().sync_status().unwrap();
    assert_eq!(status.rejected.len(), 1);
    assert_eq!(status.rejected[0].client_id, LATE_RETURN);
    assert_eq!(status.rejected[0].field, "payload.late_fee_cents");
    assert!(
        status.rejected[0]
            .message
            .contains("1 days at 3500 cents per day is 3500 cents"),
        "{}",
        status.rejected[0].message
    );
    assert_eq!(
        t1.count("SELECT COUNT(*) FROM outbox WHERE kind = 'short_term_return' AND synced_at IS NULL"),
        1
    );
    assert_eq!(
        server_value::<i64>(
            &database,
            &format!(
                "SELECT COUNT(*) FROM short_term_rentals WHERE client_id = '{LATE_RENTAL}' AND returned_at IS NULL"
            )
        ),
        1
    );
    assert_eq!(
        server_value::<i64>(
            &database,
            &format!("SELECT COUNT(*) FROM sync_records WHERE client_id = '{LATE_RETURN}'")
        ),
        0
    );
}

#[test]
fn initial_payment_uploads_sqlite() {
    initial_payment_uploads(Backend::Sqlite);
}

#[test]
fn initial_payment_uploads_postgres() {
    initial_payment_uploads(Backend::Postgres);
}

/// A contract with 25.00 delivery, 10.00 damage waiver and 50.00 deposit
/// due at signing, paid 60.00 by card and the rest from 40.00 cash.
fn initial_payment_uploads(backend: Backend) {
    let database = TestDatabase::create(backend);
    let server = start_server(&database, "127.0.0.1:0", false);
    let t1 = Terminal::new(&database, &server.url(), "T01");
    add_customer(&t1, CUSTOMER, "Marta Ilves", "marta@example.com");
    add_unit(&t1, LATE_UNIT, "SN-SOFA-1", "Sofa");
    create_contract(
        &t1,
        CONTRACT,
        "SN-SOFA-1",
        &[
            "--delivery-fee",
            "25.00",
            "--damage-waiver",
            "10.00",
            "--deposit",
            "50.00",
            "--card",
            "60.00:A1B2C3:4242",
            "--cash",
            "40.00",
        ],
    );
    let receipt: String = t1
        .store()
        .connection()
        .query_row(
            "SELECT receipt_number FROM rental_fee_payments WHERE kind = 'initial_payment'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    sync(&t1, &server.url());
    t1.store()
        .connection()
        .execute("UPDATE outbox SET synced_at = NULL", [])
        .unwrap();
    let again = sync(&t1, &server.url());
    assert_eq!(again.stored, 0);

    let contract = |column: &str| format!("SELECT {column} FROM rental_contracts WHERE client_id = '{CONTRACT}'");
    let cents = |column: &str| server_value::<i64>(&database, &contract(column));
    assert_eq!(cents("delivery_fee_cents"), 2500);
    assert_eq!(cents("damage_waiver_cents"), 1000);
    assert_eq!(cents("deposit_cents"), 5000);
    assert_eq!(cents("initial_payment_cents"), 8500);
    assert_eq!(cents("initial_payment_card_cents"), 6000);
    assert_eq!(cents("initial_payment_cash_cents"), 2500);
    assert_eq!(
        server_value::<String>(&database, &contract("initial_payment_receipt_number")),
        receipt
    );
    assert_eq!(
        server_value::<i64>(&database, "SELECT COUNT(*) FROM rental_contracts"),
        1
    );
}
