//! Display names with commas, accents and colons, and line breaks in
//! customer fields, read back from the SMTP test server by two parsers.

use std::process::Command;

use giggatek_mail::jobs::{NewMail, SqliteMailStore, enqueue_sqlite};
use giggatek_mail::templates::{MessageLinks, SaleReceipt, render_named};
use jiff::Timestamp;

use crate::support::{SmtpServer, parse, raw_header, recipient, settings, sqlite_pool, templates, worker};

/// Runs Python's `email` parser (policy.default, which follows RFC 5322
/// and records every defect it finds) over one stored message.
fn python_header_report(path: &std::path::Path) -> serde_json::Value {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/smtp/check_headers.py");
    let output = Command::new("python3").arg(script).arg(path).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

#[tokio::test]
async fn names_with_comma_accents_colon_read_back() {
    let directory = tempfile::tempdir().unwrap();
    let pool = sqlite_pool(directory.path()).await;
    let store = SqliteMailStore::new(pool.clone());
    let smtp = SmtpServer::start();
    let customers = [
        ("Núñez, Lucía", "lucia.nunez@example.com"),
        ("Baker's Rentals: North", "north@example.org"),
    ];
    let mut tx = pool.begin().await.unwrap();
    for (name, email) in customers {
        let mut receipt: SaleReceipt = serde_json::from_value(serde_json::json!({
            "customer_name": name, "receipt_number": "W-1", "issued_at": "Dec 4, 2026",
            "lines": [], "subtotal": 100, "discount": 0, "tax": 0, "total": 100, "payments": []
        }))
        .unwrap();
        receipt.receipt_number = format!("W-{email}");
        let rendered = templates().render(&receipt, &MessageLinks::default()).unwrap();
        enqueue_sqlite(
            &mut tx,
            &NewMail::new(recipient(name, email), rendered),
            Timestamp::now(),
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();

    let report = worker(&store, &smtp.config(), settings()).run_once().await.unwrap();
    assert_eq!(report.sent, 2, "the SMTP server accepts both messages");

    // The worker sends both at once, so they may arrive in either order.
    let mut received: Vec<(String, Vec<u8>, std::path::PathBuf)> = smtp
        .message_paths()
        .into_iter()
        .map(|path| {
            let raw = std::fs::read(&path).unwrap();
            (raw_header(&raw, "To").unwrap(), raw, path)
        })
        .collect();
    received.sort_by_key(|(to, _, _)| !to.contains("lucia.nunez"));
    let headers: Vec<&str> = received.iter().map(|(to, _, _)| to.as_str()).collect();
    assert_eq!(
        headers,
        [
            "=?UTF-8?B?TsO6w7FleiwgTHVjw61h?= <lucia.nunez@example.com>",
            "\"Baker's Rentals: North\" <north@example.org>",
        ]
    );
    for ((name, email), (_, raw, path)) in customers.iter().zip(&received) {
        let to_header = raw_header(raw, "To").unwrap();
        assert!(to_header.is_ascii(), "{to_header}");
        assert!(
            !to_header.contains("\"=?") && !to_header.contains("?=\""),
            "encoded-word inside quotes: {to_header}"
        );

        let message = parse(raw);
        let addresses = message.to().unwrap();
        assert_eq!(addresses.iter().count(), 1, "{name}: exactly one address");
        let address = addresses.first().unwrap();
        assert_eq!(address.name(), Some(*name));
        assert_eq!(address.address(), Some(*email));

        let report = python_header_report(path);
        let to = report["addresses"]["To"].as_array().unwrap();
        assert_eq!(to.len(), 1, "{name}: Python finds one address");
        assert_eq!(to[0]["display_name"], *name);
        assert_eq!(to[0]["addr_spec"], *email);
        assert_eq!(report["defects"]["message"], serde_json::json!([]), "{name}");
        assert!(report["defects"].get("To").is_none(), "{name}: {report}");
        assert!(report["defects"].get("From").is_none(), "{name}: {report}");
        assert!(report["defects"].get("Subject").is_none(), "{name}: {report}");
    }
}

#[tokio::test]
async fn line_breaks_never_reach_headers() {
    let directory = tempfile::tempdir().unwrap();
    let pool = sqlite_pool(directory.path()).await;
    let store = SqliteMailStore::new(pool.clone());
    let smtp = SmtpServer::start();
    let name = "Eve\r\nBcc: victim@example.net\r\nX-Injected: yes";
    let mut rendered = render_named(&templates(), "password_reset", None, &MessageLinks::default()).unwrap();
    rendered.subject = "Reset\r\nBcc: other@example.net".to_string();
    let mut tx = pool.begin().await.unwrap();
    enqueue_sqlite(
        &mut tx,
        &NewMail::new(recipient(name, "eve@example.com"), rendered),
        Timestamp::now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    worker(&store, &smtp.config(), settings()).run_once().await.unwrap();

    let raws = smtp.messages();
    assert_eq!(raws.len(), 1);
    assert!(raw_header(&raws[0], "Bcc").is_none());
    assert!(raw_header(&raws[0], "X-Injected").is_none());
    assert_eq!(smtp.envelope_recipients(), vec![vec!["eve@example.com".to_string()]]);
    let message = parse(&raws[0]);
    let to = message.to().unwrap().first().unwrap();
    assert_eq!(to.name(), Some("Eve Bcc: victim@example.net X-Injected: yes"));
    assert_eq!(message.subject(), Some("Reset Bcc: other@example.net"));
}
