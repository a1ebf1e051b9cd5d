//! Rental mail from what a terminal uploads, through a real server process
//! and a real SMTP server (aiosmtpd): a receipt for each contract payment
//! with the balance credited by money received, and a reminder at 09:00
//! New York time the day before an installment that is not paid in full.
//! Each mail is queued once, however often the planner runs.

use std::time::{Duration, Instant};

use giggatek_mail::reminders::{ReminderRule, ReminderSchedule};
use giggatek_mail::smtp_test_server::SmtpServer;
use giggatek_sync_server::rental_mail::{PassReport, RentalMail, RentalMailConfig};
use giggatek_sync_server::testing::{Backend, ServerProcess, TestDatabase};
use giggatek_tests::rental_support::{add_customer, add_unit, create_contract, pay, server_value, sync};
use giggatek_tests::sync_support::{Terminal, block_on, connect, server_child_main, start_server_with_env};
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use mail_parser::MessageParser;

#[test]
#[ignore = "runs only as the server child process of the sync tests"]
fn server_child() {
    server_child_main();
}

const CUSTOMER: &str = "0193a5b2-7c4e-7000-8000-00000000c301";
const UNIT: &str = "0193a5b2-7c4e-7000-8000-00000000a301";
const CONTRACT: &str = "0193a5b2-7c4e-7000-8000-00000000b301";
const FIRST_PAYMENT: &str = "0193a5b2-7c4e-7000-8000-00000000d301";
const SECOND_PAYMENT: &str = "0193a5b2-7c4e-7000-8000-00000000d302";
const CONTRACT_NUMBER: &str = "S01-T01-R000001";
const PUBLIC_URL: &str = "https://shop.giggatek.example";

#[test]
fn rental_mail_sqlite() {
    rental_mail(Backend::Sqlite);
}

#[test]
fn rental_mail_postgres() {
    rental_mail(Backend::Postgres);
}

fn rental_mail(backend: Backend) {
    let smtp = SmtpServer::start();
    let database = TestDatabase::create(backend);
    let port = smtp.port.to_string();
    let server = start_server_with_env(
        &database,
        "127.0.0.1:0",
        false,
        &[
            ("GIGGATEK_SMTP_HOST", "127.0.0.1"),
            ("GIGGATEK_SMTP_PORT", &port),
            ("GIGGATEK_SMTP_TLS", "none"),
            ("GIGGATEK_MAIL_FROM_ADDRESS", "rentals@giggatek.example"),
            ("GIGGATEK_MAIL_PUBLIC_URL", PUBLIC_URL),
            ("GIGGATEK_SHOP_PUBLIC_URL", PUBLIC_URL),
            ("GIGGATEK_STORE_TIME_ZONE", "America/New_York"),
            ("GIGGATEK_RENTAL_MAIL_INTERVAL_SECONDS", "1"),
        ],
    );
    let terminal = Terminal::new(&database, &server.url(), "T01");
    add_customer(&terminal, CUSTOMER, "Zoë Ölund, Jr.", "zoe@example.com");
    add_unit(&terminal, UNIT, "SN-GPU-1", "RTX 4070 graphics card");
    create_contract(&terminal, CONTRACT, "SN-GPU-1", &[]);
    pay(&terminal, CONTRACT_NUMBER, "45.00", FIRST_PAYMENT);
    pay(&terminal, CONTRACT_NUMBER, "20.00", SECOND_PAYMENT);
    let (first_due, second_due) = first_due_dates(&terminal);
    assert_eq!(sync(&terminal, &server.url()).waiting, 0);

    // The server's planner queues both receipts and its worker sends them.
    let messages = wait_for_messages(&smtp, 2, &server);
    let texts: Vec<String> = messages.iter().map(|raw| receipt_text(raw)).collect();
    let full = find(&texts, "Amount paid: $45.00");
    assert!(full.contains(&format!("Installment due: {first_due}")), "{full}");
    assert!(full.contains("Balance left: $2,295.00"), "{full}");
    assert!(full.contains(&format!("Next payment due: {second_due}")), "{full}");
    let partial = find(&texts, "Amount paid: $20.00");
    assert!(partial.contains(&format!("Installment due: {second_due}")), "{partial}");
    assert!(partial.contains("Balance left: $2,275.00"), "{partial}");
    assert!(
        partial.contains(&format!("Next payment due: {second_due}")),
        "{partial}"
    );

    // Reminders, planned here as of chosen instants on the same database.
    let rental_mail = RentalMail::new(connect(&database), config());
    let first_reminder = nine_the_day_before(first_due);
    let second_reminder = nine_the_day_before(second_due);
    let pass = |now: Timestamp| block_on(rental_mail.run_pass(now)).unwrap();
    // Installment 1 is paid in full: no reminder.
    assert_eq!(pass(first_reminder), PassReport::default());
    // One second early for installment 2: nothing yet.
    assert_eq!(
        pass(second_reminder.checked_sub(1.second()).unwrap()),
        PassReport::default()
    );
    assert_eq!(
        pass(second_reminder),
        PassReport {
            receipts: 0,
            reminders: 1
        }
    );
    assert_eq!(pass(second_reminder), PassReport::default());
    // After the due date no reminder is queued any more.
    assert_eq!(
        pass(nine_the_day_before(second_due.checked_add(2.days()).unwrap())),
        PassReport::default()
    );

    let key = format!("rental:{CONTRACT_NUMBER}:due:{second_due}:reminder");
    let job = |column: &str| {
        server_value::<String>(
            &database,
            &format!("SELECT {column} FROM mail_jobs WHERE idempotency_key = '{key}'"),
        )
    };
    assert_eq!(job("subject"), format!("Rental payment due {second_due}"));
    assert_eq!(job("to_email"), "zoe@example.com");
    assert_eq!(job("status"), "queued");
    assert_eq!(job("next_attempt_at").parse::<Timestamp>().unwrap(), second_reminder);
    let body = job("body_text");
    assert!(body.contains("Your payment of $25.00"), "{body}");
    assert!(
        body.contains(&format!("{PUBLIC_URL}/rentals/{CONTRACT_NUMBER}")),
        "{body}"
    );

    assert_eq!(
        server_value::<i64>(
            &database,
            "SELECT COUNT(*) FROM mail_jobs WHERE idempotency_key LIKE 'rental%'"
        ),
        3
    );
    // The worker and the server's planner keep running: still two messages.
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(smtp.messages().len(), 2);
    drop(server);
}

fn config() -> RentalMailConfig {
    RentalMailConfig {
        schedule: ReminderSchedule {
            rule: ReminderRule {
                send_time: Time::constant(9, 0, 0, 0),
                days_before: 1,
            },
            zone: TimeZone::get("America/New_York").unwrap(),
        },
        interval: Duration::from_secs(60),
        public_url: PUBLIC_URL.to_owned(),
    }
}

/// 09:00 in New York on the day before `due`.
fn nine_the_day_before(due: Date) -> Timestamp {
    let day_before = due.checked_sub(1.day()).unwrap();
    TimeZone::get("America/New_York")
        .unwrap()
        .to_ambiguous_zoned_datetime(day_before.to_datetime(Time::constant(9, 0, 0, 0)))
        .compatible()
        .unwrap()
        .timestamp()
}

/// The due dates of installments 1 and 2 as the terminal scheduled them.
fn first_due_dates(terminal: &Terminal) -> (Date, Date) {
    let store = terminal.store();
    let due = |number: i64| -> Date {
        let text: String = store
            .connection()
            .query_row(
                "SELECT due_date FROM contract_installments WHERE number = ?1",
                [number],
                |row| row.get(0),
            )
            .unwrap();
        text.parse().unwrap()
    };
    (due(1), due(2))
}

/// Checks a receipt's headers and returns its plain-text part.
fn receipt_text(raw: &[u8]) -> String {
    let message = MessageParser::default().parse(raw).unwrap();
    assert_eq!(
        message.subject(),
        Some(format!("Payment received for rental {CONTRACT_NUMBER}").as_str())
    );
    let to = message.to().unwrap().first().unwrap();
    assert_eq!(to.name(), Some("Zoë Ölund, Jr."));
    assert_eq!(to.address(), Some("zoe@example.com"));
    assert_eq!(message.text_body_count(), 1);
    assert_eq!(message.html_body_count(), 1);
    message.body_text(0).unwrap().into_owned()
}

fn find<'a>(texts: &'a [String], needle: &str) -> &'a str {
    let found: Vec<&String> = texts.iter().filter(|text| text.contains(needle)).collect();
    assert_eq!(found.len(), 1, "one receipt with {needle:?} in {texts:#?}");
    found[0]
}

fn wait_for_messages(smtp: &SmtpServer, count: usize, server: &ServerProcess) -> Vec<Vec<u8>> {
    let start = Instant::now();
    loop {
        let messages = smtp.messages();
        if messages.len() >= count {
            return messages;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the SMTP server got {} messages within 60 s, not {count}; the server logged:\n{}",
            messages.len(),
            server.log_lines().join("\n")
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
