//! Rent-to-own records through a real server process. Customers, units,
//! contracts, payments and transitions upload once into the server's rental
//! tables and reach the other terminal through the change feed. One unit
//! put on contract at two offline terminals raises a conflict, which a
//! manager resolves.

use giggatek_sync_server::admin::{self, AdminCommand};
use giggatek_sync_server::testing::{Backend, TestDatabase};
use giggatek_tests::rental_support::{add_customer, add_unit, create_contract, return_contract, server_value, sync};
use giggatek_tests::sync_support::{Terminal, block_on, connect, server_child_main, start_server};

#[test]
#[ignore = "runs only as the server child process of the sync tests"]
fn server_child() {
    server_child_main();
}

const CUSTOMER: &str = "0193a5b2-7c4e-7000-8000-00000000c001";
const UNIT: &str = "0193a5b2-7c4e-7000-8000-00000000a001";
const CONTRACT: &str = "0193a5b2-7c4e-7000-8000-00000000b001";
const PAYMENT: &str = "0193a5b2-7c4e-7000-8000-00000000d001";
const TV_UNIT: &str = "0193a5b2-7c4e-7000-8000-00000000a002";
const TV_CONTRACT_T1: &str = "0193a5b2-7c4e-7000-8000-00000000b101";
const TV_CONTRACT_T2: &str = "0193a5b2-7c4e-7000-8000-00000000b201";

fn admin_command(database: &TestDatabase, command: AdminCommand) -> anyhow::Result<serde_json::Value> {
    let db = connect(database);
    block_on(async {
        let result = admin::run(&db, command).await;
        db.close().await;
        result
    })
}

#[test]
fn rental_records_upload_once_sqlite() {
    rental_records_upload_once(Backend::Sqlite);
}

#[test]
fn rental_records_upload_once_postgres() {
    rental_records_upload_once(Backend::Postgres);
}

fn rental_records_upload_once(backend: Backend) {
    let database = TestDatabase::create(backend);
    let server = start_server(&database, "127.0.0.1:0", false);
    let t1 = Terminal::new(&database, &server.url(), "T01");
    let t2 = Terminal::new(&database, &server.url(), "T02");

    add_customer(&t1, CUSTOMER, "Marta Ilves", "marta@example.com");
    add_unit(&t1, UNIT, "SN-SOFA-1", "Rental unit");
    create_contract(&t1, CONTRACT, "SN-SOFA-1", &[]);
    t1.cli(&[
        "contract",
        "pay",
        "S01-T01-R000001",
        "--staff",
        "101",
        "--pin",
        "1234",
        "--amount",
        "45.00",
        "--cash",
        "50.00",
        "--client-id",
        PAYMENT,
    ]);
    let report = sync(&t1, &server.url());
    assert_eq!(report.waiting, 0);

    let contract = |column: &str| format!("SELECT {column} FROM rental_contracts WHERE client_id = '{CONTRACT}'");
    let text = |column: &str| server_value::<String>(&database, &contract(&format!("CAST({column} AS TEXT)")));
    let cents = |column: &str| server_value::<i64>(&database, &contract(column));
    assert_eq!(text("contract_number"), "S01-T01-R000001");
    assert_eq!(text("store_code"), "S01");
    assert_eq!(text("terminal_code"), "T01");
    assert_eq!(text("customer_client_id"), CUSTOMER);
    assert_eq!(text("customer_email"), "marta@example.com");
    assert_eq!(text("serial_number"), "SN-SOFA-1");
    assert_eq!(text("term"), "weekly");
    assert_eq!(text("status"), "active");
    assert_eq!(cents("payment_count"), 52);
    assert_eq!(cents("cash_price_cents"), 120_000);
    assert_eq!(cents("periodic_payment_cents"), 4_500);
    assert_eq!(cents("total_of_payments_cents"), 234_000);
    assert_eq!(cents("paid_cents"), 4_500);
    assert_eq!(cents("rent_paid_cents"), 4_500);
    assert_eq!(cents("late_fees_paid_cents"), 0);
    assert_eq!(cents("version"), 1);
    let customer_id: i64 = server_value(
        &database,
        &format!("SELECT id FROM store_customers WHERE client_id = '{CUSTOMER}'"),
    );
    assert_eq!(cents("store_customer_id"), customer_id);

    let local = t1.store();
    let start_date: String = local
        .connection()
        .query_row("SELECT contract_date FROM contracts", [], |row| row.get(0))
        .unwrap();
    let first_due: String = local
        .connection()
        .query_row(
            "SELECT due_date FROM contract_installments WHERE number = 1",
            [],
            |row| row.get(0),
        )
        .unwrap();
    drop(local);
    assert_eq!(text("start_date"), start_date);
    let installments = "FROM rental_contract_installments i JOIN rental_contracts c ON c.id = i.contract_id";
    assert_eq!(
        server_value::<i64>(&database, &format!("SELECT COUNT(*) {installments}")),
        52
    );
    assert_eq!(
        server_value::<i64>(
            &database,
            &format!("SELECT CAST(SUM(i.amount_cents) AS BIGINT) {installments}")
        ),
        234_000
    );
    assert_eq!(
        server_value::<String>(
            &database,
            &format!("SELECT CAST(i.due_date AS TEXT) {installments} WHERE i.number = 1")
        ),
        first_due
    );
    assert_eq!(
        server_value::<i64>(
            &database,
            &format!("SELECT amount_cents FROM rental_contract_payments WHERE client_id = '{PAYMENT}'")
        ),
        4_500
    );
    assert_eq!(
        server_value::<String>(
            &database,
            "SELECT status FROM rental_units WHERE serial_number = 'SN-SOFA-1'"
        ),
        "on_rent"
    );

    // The same records uploaded again change nothing.
    t1.store()
        .connection()
        .execute("UPDATE outbox SET synced_at = NULL", [])
        .unwrap();
    let again = sync(&t1, &server.url());
    assert_eq!(again.stored, 0);
    assert!(again.already_stored >= 5, "{again:?}");
    assert_eq!(cents("paid_cents"), 4_500);
    assert_eq!(
        server_value::<i64>(&database, "SELECT COUNT(*) FROM rental_contract_payments"),
        1
    );
    assert_eq!(
        server_value::<i64>(&database, &format!("SELECT COUNT(*) {installments}")),
        52
    );

    // The other terminal receives the customer, the unit and the contract.
    sync(&t2, &server.url());
    let t2_store = t2.store();
    let (name, email): (String, String) = t2_store
        .connection()
        .query_row(
            "SELECT full_name, email FROM customers WHERE client_id = ?1",
            [CUSTOMER],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap();
    assert_eq!(name, "Marta Ilves");
    assert_eq!(email, "marta@example.com");
    assert_eq!(t2_store.unit("SN-SOFA-1").unwrap().status.as_str(), "on_rent");
    let (number, status, paid): (String, String, i64) = t2_store
        .connection()
        .query_row(
            "SELECT contract_number, status, paid_cents FROM server_contracts WHERE client_id = ?1",
            [CONTRACT],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .unwrap();
    drop(t2_store);
    assert_eq!(number, "S01-T01-R000001");
    assert_eq!(status, "active");
    assert_eq!(paid, 4_500);
    assert_eq!(t2.count("SELECT COUNT(*) FROM outbox WHERE synced_at IS NULL"), 0);

    // An edit and a return at T1 reach the server and T2.
    t1.cli(&[
        "customer",
        "edit",
        "1",
        "--staff",
        "101",
        "--pin",
        "1234",
        "--version",
        "1",
        "--email",
        "marta.ilves@example.org",
    ]);
    return_contract(&t1, "S01-T01-R000001", "Customer moved");
    sync(&t1, &server.url());
    sync(&t2, &server.url());
    assert_eq!(text("status"), "returned");
    assert_eq!(cents("version"), 2);
    assert_eq!(text("customer_email"), "marta.ilves@example.org");
    assert_eq!(
        server_value::<String>(
            &database,
            &format!(
                "SELECT from_status || '>' || to_status FROM rental_contract_events \
                 WHERE contract_client_id = '{CONTRACT}'"
            )
        ),
        "active>returned"
    );
    assert_eq!(
        t2.count(&format!(
            "SELECT COUNT(*) FROM customers WHERE client_id = '{CUSTOMER}' AND email = 'marta.ilves@example.org' \
             AND version = 2"
        )),
        1
    );
    assert_eq!(
        t2.count(&format!(
            "SELECT COUNT(*) FROM server_contracts WHERE client_id = '{CONTRACT}' AND status = 'returned'"
        )),
        1
    );
}

#[test]
fn unit_on_two_contracts_conflicts_sqlite() {
    unit_on_two_contracts_conflicts(Backend::Sqlite);
}

#[test]
fn unit_on_two_contracts_conflicts_postgres() {
    unit_on_two_contracts_conflicts(Backend::Postgres);
}

/// Unit SN-TV-1 reaches T2 from T1; both put it on contract while offline.
/// T2 uploads first, then T1: both contracts are stored, and one conflict
/// names T1's contract and T2's.
fn unit_on_two_contracts_conflicts(backend: Backend) {
    let database = TestDatabase::create(backend);
    let server = start_server(&database, "127.0.0.1:0", false);
    let t1 = Terminal::new(&database, &server.url(), "T01");
    let t2 = Terminal::new(&database, &server.url(), "T02");
    add_customer(&t1, CUSTOMER, "Marta Ilves", "marta@example.com");
    add_unit(&t1, TV_UNIT, "SN-TV-1", "Rental unit");
    sync(&t1, &server.url());
    sync(&t2, &server.url());
    assert_eq!(t2.store().unit("SN-TV-1").unwrap().status.as_str(), "in_stock");

    create_contract(&t2, TV_CONTRACT_T2, "SN-TV-1", &[]);
    create_contract(&t1, TV_CONTRACT_T1, "SN-TV-1", &[]);
    let t2_report = sync(&t2, &server.url());
    let t1_report = sync(&t1, &server.url());
    assert_eq!(t2_report.waiting, 0);
    assert_eq!(t1_report.waiting, 0);
    assert_eq!(
        server_value::<i64>(
            &database,
            "SELECT COUNT(*) FROM rental_contracts WHERE serial_number = 'SN-TV-1' AND status = 'active'"
        ),
        2
    );

    let listed = admin_command(&database, AdminCommand::Conflicts { all: false }).unwrap();
    let conflicts = listed["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1);
    let conflict = &conflicts[0];
    assert_eq!(conflict["kind"], "unit_double_rental");
    assert_eq!(conflict["subject"], "SN-TV-1");
    assert_eq!(conflict["record_client_id"], TV_CONTRACT_T1);
    assert_eq!(conflict["other_client_id"], TV_CONTRACT_T2);
    let message = conflict["message"].as_str().unwrap();
    assert!(message.contains("S01-T01-R000001"), "{message}");
    assert!(message.contains("S01-T02-R000001"), "{message}");
    let id = conflict["id"].as_i64().unwrap();

    // Both terminals show it after their next pull.
    sync(&t2, &server.url());
    for terminal in [&t1, &t2] {
        let status = terminal.store().sync_status().unwrap();
        assert_eq!(status.conflicts.len(), 1);
        assert_eq!(status.conflicts[0].id, id);
        assert_eq!(status.conflicts[0].subject, "SN-TV-1");
        assert_eq!(status.conflicts[0].resolved_at, None);
    }

    // While both contracts are active the conflict cannot be closed.
    let early = admin_command(
        &database,
        AdminCommand::ResolveConflict {
            id,
            note: "Looked at it".to_owned(),
        },
    )
    .unwrap_err();
    assert!(early.to_string().contains("is still open"), "{early}");
    return_contract(&t1, "S01-T01-R000001", "Double rental");
    sync(&t1, &server.url());
    // T02's contract still has the unit, so it stays on rent on the server
    // and, after their next sync, at both terminals.
    assert_eq!(
        server_value::<String>(
            &database,
            "SELECT status FROM rental_units WHERE serial_number = 'SN-TV-1'"
        ),
        "on_rent"
    );
    sync(&t1, &server.url());
    sync(&t2, &server.url());
    for terminal in [&t1, &t2] {
        let status: String = terminal
            .store()
            .connection()
            .query_row("SELECT status FROM units WHERE serial_number = 'SN-TV-1'", [], |row| {
                row.get(0)
            })
            .unwrap();
        assert_eq!(status, "on_rent");
    }
    let resolved = admin_command(
        &database,
        AdminCommand::ResolveConflict {
            id,
            note: "Returned the unit on S01-T01-R000001".to_owned(),
        },
    )
    .unwrap();
    assert_eq!(
        resolved["conflict"]["resolution"],
        "Returned the unit on S01-T01-R000001"
    );
    let twice = admin_command(
        &database,
        AdminCommand::ResolveConflict {
            id,
            note: "again".to_owned(),
        },
    )
    .unwrap_err();
    assert!(twice.to_string().contains("already resolved"), "{twice}");
    let open = admin_command(&database, AdminCommand::Conflicts { all: false }).unwrap();
    assert_eq!(open["conflicts"].as_array().unwrap().len(), 0);

    sync(&t1, &server.url());
    let store = t1.store();
    assert_eq!(store.sync_status().unwrap().conflicts.len(), 0);
    let all = store.sync_conflicts(true).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(
        all[0].resolution.as_deref(),
        Some("Returned the unit on S01-T01-R000001")
    );
}
