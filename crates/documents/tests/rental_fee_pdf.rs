//! The rental fee receipt PDF (a short-term rental's return with its late
//! fee) read back with poppler's `pdftotext -layout`.

mod support;

use std::path::Path;

use giggatek_documents::rental_fee_receipt_pdf;
use giggatek_domain::Money;
use giggatek_domain::rental::{FeeLine, ReceiptDetail, RentalFee, RentalFeeReceipt};
use support::poppler;

fn carpet_cleaner_return() -> RentalFeeReceipt {
    let detail = |label: &str, value: &str| ReceiptDetail {
        label: label.to_string(),
        value: value.to_string(),
    };
    RentalFeeReceipt {
        store_name: "GigGatek Midtown".to_string(),
        store_address: vec!["350 5th Ave".to_string(), "New York, NY 10118".to_string()],
        receipt_number: "S01-T01-000007".to_string(),
        title: "Rental return".to_string(),
        reference_label: "Rental".to_string(),
        reference: "S01-T01-S000001".to_string(),
        issued_at: "2026-07-31 15:30".to_string(),
        clerk: "Ana Clerk".to_string(),
        customer_name: "山田 花子 (Hanako Yamada)".to_string(),
        property: "Carpet cleaner S/N CC-1".to_string(),
        details: vec![
            detail("Due by end of", "2026-07-30"),
            detail("Days late", "1"),
            detail("Late fee per day", "35.00"),
        ],
        lines: vec![FeeLine {
            fee: RentalFee::LateReturnFee,
            amount: Money::from_cents(3500),
            rate_per_day: Some(Money::from_cents(3500)),
            days: Some(1),
        }],
        total: Money::from_cents(3500),
        payments: Vec::new(),
        change: Money::ZERO,
    }
}

#[test]
fn late_return_pdf_text_exact() {
    let bytes = rental_fee_receipt_pdf(&carpet_cleaner_return()).expect("the receipt renders");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("return.pdf");
    std::fs::write(&path, bytes).expect("the PDF is written");
    let text = poppler("pdftotext", &[Path::new("-layout"), &path, Path::new("-")]);
    let lines: Vec<String> = text
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect();
    for expected in [
        "Type Rental return",
        "Rental S01-T01-S000001",
        "Customer 山田 花子 (Hanako Yamada)",
        "Late fee per day 35.00",
        "Late fee 35.00",
        "1 day at 35.00 per day",
        "TOTAL 35.00",
    ] {
        assert!(
            lines.iter().any(|line| line == expected),
            "missing {expected:?} in {lines:#?}"
        );
    }
}
