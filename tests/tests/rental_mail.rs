//! Rental mail from what a terminal uploads, through a real server process
//! and a real SMTP server (aiosmtpd).
//!
//! A new contract gets its agreement as a PDF, and each payment a receipt
//! with the balance credited by money received. An installment not paid in
//! full gets a reminder at 09:00 New York time the day before it is due. A
//! short-term rental returned a day late gets a notice with the daily rate
//! and the total late fee as separate figures. Each mail is queued once,
//! however often the planner runs.

use std::time::{Duration, Instant};

use giggatek_mail::reminders::{ReminderRule, ReminderSchedule};
use giggatek_mail::smtp_test_server::SmtpServer;
use giggatek_sync_server::rental_mail::{PassReport, RentalMail, RentalMailConfig};
use giggatek_sync_server::testing::{Backend, ServerProcess, TestDatabase};
use giggatek_tests::rental_support::{
    add_customer, add_unit, create_contract, pay, rent_and_return, server_value, sync,
};
use giggatek_tests::sync_support::{Terminal, block_on, connect, server_child_main, start_server_with_env};
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use mail_parser::{MessageParser, MimeHeaders};

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
const SECOND_UNIT: &str = "0193a5b2-7c4e-7000-8000-00000000a302";
const LATE_RENTAL: &str = "0193a5b2-7c4e-7000-8000-00000000e301";
const LATE_RETURN: &str = "0193a5b2-7c4e-7000-8000-00000000e302";
const ON_TIME_RENTAL: &str = "0193a5b2-7c4e-7000-8000-00000000e303";
const ON_TIME_RETURN: &str = "0193a5b2-7c4e-7000-8000-00000000e304";
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
    let server = serve_with_mail(&database, &smtp);
    let terminal = Terminal::new(&database, &server.url(), "T01");
    add_customer(&terminal, CUSTOMER, "Zoë Ölund, Jr.", "zoe@example.com");
    add_unit(&terminal, UNIT, "SN-GPU-1", "RTX 4070 graphics card");
    create_contract(&terminal, CONTRACT, "SN-GPU-1", &[]);
    pay(&terminal, CONTRACT_NUMBER, "45.00", FIRST_PAYMENT);
    pay(&terminal, CONTRACT_NUMBER, "20.00", SECOND_PAYMENT);
    let (first_due, second_due) = first_due_dates(&terminal);
    assert_eq!(sync(&terminal, &server.url()).waiting, 0);

    // The server's planner queues the agreement and both receipts, and its
    // worker sends them.
    let messages = wait_for_messages(&smtp, 3, &server);
    let agreement_subject = format!("Your rental agreement {CONTRACT_NUMBER}");
    let (agreements, receipts): (Vec<&Vec<u8>>, Vec<&Vec<u8>>) = messages.iter().partition(|raw| {
        MessageParser::default().parse(raw.as_slice()).unwrap().subject() == Some(agreement_subject.as_str())
    });
    assert_eq!(agreements.len(), 1);
    check_agreement(agreements[0]);
    let texts: Vec<String> = receipts.iter().map(|raw| receipt_text(raw)).collect();
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
            agreements: 0,
            receipts: 0,
            returns: 0,
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
        4
    );
    // The worker and the server's planner keep running: still three messages.
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(smtp.messages().len(), 3);
    drop(server);
}

#[test]
fn short_term_return_mail_sqlite() {
    short_term_return_mail(Backend::Sqlite);
}

#[test]
fn short_term_return_mail_postgres() {
    short_term_return_mail(Backend::Postgres);
}

/// Mails the return notices of two carpet cleaners due by the end of
/// 2026-07-30 in New York at 35.00 a day: one returned late, one on time.
fn short_term_return_mail(backend: Backend) {
    let smtp = SmtpServer::start();
    let database = TestDatabase::create(backend);
    let server = serve_with_mail(&database, &smtp);
    let terminal = Terminal::new(&database, &server.url(), "T01");
    add_customer(&terminal, CUSTOMER, "Baker's Rentals: North", "baker@example.com");
    add_unit(&terminal, UNIT, "CC-1", "Carpet cleaner");
    add_unit(&terminal, SECOND_UNIT, "CC-2", "Carpet cleaner");
    // 2026-07-31 15:30 and 2026-07-30 23:59 in New York (EDT, UTC-4).
    let late = rent_and_return(&terminal, "CC-1", (LATE_RENTAL, LATE_RETURN), "2026-07-31T19:30:00Z");
    let on_time = rent_and_return(
        &terminal,
        "CC-2",
        (ON_TIME_RENTAL, ON_TIME_RETURN),
        "2026-07-31T03:59:00Z",
    );
    assert_eq!(sync(&terminal, &server.url()).waiting, 0);

    let texts: Vec<String> = wait_for_messages(&smtp, 2, &server)
        .iter()
        .map(|raw| {
            let message = MessageParser::default().parse(raw).unwrap();
            let to = message.to().unwrap().first().unwrap();
            assert_eq!(to.name(), Some("Baker's Rentals: North"));
            assert_eq!(to.address(), Some("baker@example.com"));
            format!("{}\n{}", message.subject().unwrap(), message.body_text(0).unwrap())
        })
        .collect();
    let late_text = find(&texts, &format!("Rental {late} returned"));
    for line in [
        "Due by the end of: 2026-07-30",
        "Returned: 2026-07-31 15:30",
        "Days late: 1",
        "Late fee rate: $35.00 per day",
        "Late fee total: $35.00",
    ] {
        assert!(late_text.contains(line), "{line:?} in {late_text}");
    }
    let on_time_text = find(&texts, &format!("Rental {on_time} returned"));
    for line in ["Returned: 2026-07-30 23:59", "Days late: 0", "Late fee total: $0.00"] {
        assert!(on_time_text.contains(line), "{line:?} in {on_time_text}");
    }
    assert_eq!(
        server_value::<i64>(
            &database,
            "SELECT COUNT(*) FROM mail_jobs WHERE idempotency_key LIKE 'rental-return:%'"
        ),
        2
    );
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(smtp.messages().len(), 2);
}

/// Starts the server with mail sent to `smtp`, New York time and a rental
/// mail pass every second.
fn serve_with_mail(database: &TestDatabase, smtp: &SmtpServer) -> ServerProcess {
    let port = smtp.port.to_string();
    start_server_with_env(
        database,
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
    )
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

/// Reads the due dates of installments 1 and 2 as the terminal scheduled them.
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

/// Checks the agreement mail: its PDF attachment's text names the
/// contract, the customer and the disclosed figures.
fn check_agreement(raw: &[u8]) {
    let message = MessageParser::default().parse(raw).unwrap();
    assert_eq!(message.attachment_count(), 1);
    let attachment = message.attachment(0).unwrap();
    assert_eq!(
        attachment.attachment_name(),
        Some(format!("agreement-{CONTRACT_NUMBER}.pdf").as_str())
    );
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("agreement.pdf");
    std::fs::write(&path, attachment.contents()).unwrap();
    let output = std::process::Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext runs (Debian package poppler-utils)");
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    for needle in [
        CONTRACT_NUMBER,
        "Zoë Ölund, Jr.",
        "SN-GPU-1",
        "1,200.00",
        "2,340.00",
        "45.00",
    ] {
        assert!(text.contains(needle), "{needle:?} in the agreement:\n{text}");
    }
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
