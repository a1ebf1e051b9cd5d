//! The `giggatek-mail preview` command, run as a process.

use std::process::Command;

use mail_parser::MimeHeaders;

fn preview(arguments: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_giggatek-mail"))
        .arg("preview")
        .args(arguments)
        .output()
        .unwrap()
}

#[test]
fn preview_prints_whole_message() {
    let output = preview(&["order_confirmation"]);
    assert!(output.status.success());
    let message = crate::support::parse(&output.stdout);
    assert_eq!(message.subject(), Some("GigGatek order W-2026-000123 confirmed"));
    assert_eq!(message.content_type().unwrap().subtype(), Some("alternative"));
    assert!(message.body_text(0).unwrap().contains("Total: $833.49"));
}

#[test]
fn preview_prints_one_part() {
    let html = preview(&["rental_reminder", "--html"]);
    let html = String::from_utf8(html.stdout).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    let text = preview(&["rental_reminder", "--text"]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Pay now: https://shop.giggatek.example/rentals/R-000042/pay"));
    assert!(!text.contains("Unsubscribe"));
}

#[test]
fn preview_reads_data_file() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("reset.json");
    let data =
        r#"{"customer_name": "Zoë", "reset_url": "https://shop.giggatek.example/r/abc", "expires_in_minutes": 15}"#;
    std::fs::write(&path, data).unwrap();
    let output = preview(&["password_reset", "--text", "--data", path.to_str().unwrap()]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("Hello Zoë,"));
    assert!(text.contains("works for 15 minutes"));
}

#[test]
fn preview_rejects_unknown_template() {
    let output = preview(&["invoice"]);
    assert_eq!(output.status.code(), Some(2));
    let error = String::from_utf8(output.stderr).unwrap();
    assert!(error.contains("unknown template \"invoice\""), "{error}");
}
