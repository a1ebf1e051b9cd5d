//! The receipt PDF read back with poppler's `pdftotext -layout` and rendered
//! with `pdftoppm`, so the tests check what a reader gets.

mod support;

use std::path::{Path, PathBuf};

use giggatek_documents::{DocumentError, receipt_pdf};
use giggatek_domain::receipt_text::render;
use giggatek_domain::{Money, Receipt, ReceiptKind, ReceiptLine, ReceiptPayment, ThermalWidth};
use support::{poppler, workspace_root};

const FRIDGE: &str = "Whirlpool 18 cu ft Top-Freezer Refrigerator, Stainless, 2-Year Service Plan";

fn line(name: &str, quantity: u32, unit_cents: i64, discount_cents: i64) -> ReceiptLine {
    let gross = Money::from_cents(unit_cents).times(quantity);
    ReceiptLine {
        name: name.to_string(),
        sku: "GG0000001".to_string(),
        quantity,
        unit_price: Money::from_cents(unit_cents),
        discount: Money::from_cents(discount_cents),
        amount: gross - Money::from_cents(discount_cents),
    }
}

fn receipt(lines: Vec<ReceiptLine>, tax_cents: i64, total_cents: i64) -> Receipt {
    let subtotal = lines.iter().map(|line| line.amount + line.discount).sum();
    let discount = lines.iter().map(|line| line.discount).sum();
    Receipt {
        store_name: "GigGatek Computers".to_string(),
        store_address: vec!["12 Market Street".to_string(), "Springfield, IL 62701".to_string()],
        receipt_number: "S01-T01-000042".to_string(),
        kind: ReceiptKind::Sale,
        issued_at: "2026-12-04 13:45".to_string(),
        clerk: "Dana".to_string(),
        lines,
        subtotal,
        discount,
        tax_label: "Tax 8.25%".to_string(),
        tax: Money::from_cents(tax_cents),
        rounding: Money::ZERO,
        total: Money::from_cents(total_cents),
        payments: vec![ReceiptPayment {
            label: "Card ****4242".to_string(),
            approval_code: Some("A1B2C3".to_string()),
            amount: Money::from_cents(total_cents),
        }],
        change: Money::ZERO,
        footer: vec!["Thank you for shopping with us".to_string()],
    }
}

/// Builds a sale with names outside ASCII, a discount, a long name, and a
/// card and a cash payment with change.
fn mixed_sale() -> Receipt {
    let mut sale = receipt(
        vec![
            line("Halo² Wireless Gaming Headset", 1, 12_999, 0),
            line("Zoë Ångström Thermal Paste™", 2, 849, 100),
            line(FRIDGE, 1, 129_900, 0),
        ],
        11_921,
        156_418,
    );
    sale.payments = vec![
        ReceiptPayment {
            label: "Card ****4242".to_string(),
            approval_code: Some("A1B2C3".to_string()),
            amount: Money::from_cents(150_000),
        },
        ReceiptPayment {
            label: "Cash".to_string(),
            approval_code: None,
            amount: Money::from_cents(7_000),
        },
    ];
    sale.change = Money::from_cents(582);
    sale
}

/// Writes the receipt's PDF into a new temporary folder and returns both.
fn pdf_file(receipt: &Receipt) -> (tempfile::TempDir, PathBuf) {
    let bytes = receipt_pdf(receipt).expect("the receipt renders");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("receipt.pdf");
    std::fs::write(&path, bytes).expect("the PDF is written");
    (dir, path)
}

/// Returns `pdftotext -layout`'s lines for the receipt's PDF, each run of
/// spaces collapsed to one and blank lines left out.
fn pdf_lines(receipt: &Receipt) -> Vec<String> {
    let (_dir, path) = pdf_file(receipt);
    let text = poppler("pdftotext", &[Path::new("-layout"), &path, Path::new("-")]);
    text.lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect()
}

fn has_line(lines: &[String], expected: &str) -> bool {
    lines.iter().any(|line| line == expected)
}

#[test]
fn mixed_sale_text_exact() {
    let lines = pdf_lines(&mixed_sale());
    let expected = [
        "GigGatek Computers",
        "12 Market Street",
        "Springfield, IL 62701",
        "Receipt S01-T01-000042",
        "Type Sale",
        "Date 2026-12-04 13:45",
        "Clerk Dana",
        "1 Halo² Wireless Gaming Headset 129.99",
        "2 Zoë Ångström Thermal Paste™ 16.98",
        "2 @ 8.49 each",
        "less discount 1.00",
        "1 Whirlpool 18 cu ft Top-Freezer 1,299.00",
        "Refrigerator, Stainless, 2-Year",
        "Service Plan",
        "Subtotal 1,445.97",
        "Discount -1.00",
        "Tax 8.25% 119.21",
        "TOTAL 1,564.18",
        "Card ****4242 1,500.00",
        "Approval A1B2C3",
        "Cash 70.00",
        "Change 5.82",
        "Thank you for shopping with us",
    ];
    assert_eq!(lines, expected);
}

#[test]
fn mixed_sale_names_as_written() {
    let lines = pdf_lines(&mixed_sale());
    let text = lines.join("\n");
    assert!(text.contains("Halo²"), "Halo² missing:\n{text}");
    assert!(text.contains("Zoë"), "Zoë missing:\n{text}");
    assert!(text.contains("Ångström"), "Ångström missing:\n{text}");
    assert!(text.contains("Paste™"), "™ missing:\n{text}");
    assert!(!text.contains('?'), "a character printed as ?:\n{text}");
}

#[test]
fn mixed_sale_amounts_on_their_lines() {
    let lines = pdf_lines(&mixed_sale());
    assert!(has_line(&lines, "Receipt S01-T01-000042"), "{lines:#?}");
    assert!(has_line(&lines, "1 Halo² Wireless Gaming Headset 129.99"), "{lines:#?}");
    assert!(has_line(&lines, "2 Zoë Ångström Thermal Paste™ 16.98"), "{lines:#?}");
    assert!(
        has_line(&lines, "1 Whirlpool 18 cu ft Top-Freezer 1,299.00"),
        "{lines:#?}"
    );
    assert!(has_line(&lines, "Subtotal 1,445.97"), "{lines:#?}");
    assert!(has_line(&lines, "Tax 8.25% 119.21"), "{lines:#?}");
    assert!(has_line(&lines, "TOTAL 1,564.18"), "{lines:#?}");
    assert!(has_line(&lines, "Change 5.82"), "{lines:#?}");
}

#[test]
fn tax_and_total_exact_cents() {
    let sale = receipt(
        vec![
            line("USB cable", 1, 199, 0),
            line("Mouse pad", 1, 499, 0),
            line("Thermal paste", 1, 1299, 0),
        ],
        164,
        2161,
    );
    let lines = pdf_lines(&sale);
    assert!(has_line(&lines, "Tax 8.25% 1.64"), "PDF tax:\n{lines:#?}");
    assert!(has_line(&lines, "TOTAL 21.61"), "PDF total:\n{lines:#?}");
    assert!(has_line(&lines, "Subtotal 19.97"), "PDF subtotal:\n{lines:#?}");

    let thermal = render(&sale, ThermalWidth::Mm58);
    let thermal_lines: Vec<&str> = thermal.lines().collect();
    assert!(
        thermal_lines.contains(&"Tax 8.25%                   1.64"),
        "thermal tax:\n{thermal}"
    );
    assert!(
        thermal_lines.contains(&"TOTAL                      21.61"),
        "thermal total:\n{thermal}"
    );
}

#[test]
fn refund_names_original_sale() {
    let mut refund = mixed_sale();
    refund.kind = ReceiptKind::Refund {
        original: "S01-T01-000041".to_string(),
    };
    let lines = pdf_lines(&refund);
    assert!(has_line(&lines, "Type Refund"), "{lines:#?}");
    assert!(has_line(&lines, "Refund of S01-T01-000041"), "{lines:#?}");
    assert!(has_line(&lines, "TOTAL REFUND 1,564.18"), "{lines:#?}");
}

#[test]
fn font_is_embedded() {
    let (_dir, path) = pdf_file(&mixed_sale());
    let fonts = poppler("pdffonts", &[&path]);
    // The table's rows follow a header line and a line of dashes.
    let rows: Vec<Vec<&str>> = fonts
        .lines()
        .skip(2)
        .map(|line| line.split_whitespace().collect())
        .collect();
    let first = rows.first().cloned().unwrap_or_default();
    assert_eq!(rows.len(), 1, "one font expected:\n{fonts}");
    assert_eq!(first.get(1..3), Some(["CID", "TrueType"].as_slice()), "{fonts}");
    assert_eq!(first.get(4), Some(&"yes"), "the font is not embedded:\n{fonts}");
}

#[test]
fn page_is_80mm_wide() {
    let (_dir, path) = pdf_file(&mixed_sale());
    let info = poppler("pdfinfo", &[&path]);
    let size = info.lines().find(|line| line.starts_with("Page size:")).unwrap_or("");
    assert!(size.contains(" 226.772 x "), "not 80 mm (226.772 pt) wide: {size}");
    let pages = info.lines().find(|line| line.starts_with("Pages:")).unwrap_or("");
    assert_eq!(pages.split_whitespace().nth(1), Some("1"), "{info}");
}

#[test]
fn page_renders_to_png() {
    let (_dir, path) = pdf_file(&mixed_sale());
    let folder = workspace_root().join("artifacts/receipts");
    std::fs::create_dir_all(&folder).expect("artifacts/receipts is created");
    let stem = folder.join("mixed-sale");
    let png = folder.join("mixed-sale.png");
    let _ = std::fs::remove_file(&png);
    let args = [
        Path::new("-png"),
        Path::new("-r"),
        Path::new("100"),
        Path::new("-f"),
        Path::new("1"),
    ];
    let args: Vec<&Path> = args
        .into_iter()
        .chain([Path::new("-l"), Path::new("1"), Path::new("-singlefile"), &path, &stem])
        .collect();
    poppler("pdftoppm", &args);
    let size = std::fs::metadata(&png).map(|metadata| metadata.len()).unwrap_or(0);
    assert!(png.exists(), "{} was not written", png.display());
    assert!(size > 0, "{} is empty", png.display());
}

#[test]
fn font_is_cut_down() {
    let bytes = receipt_pdf(&mixed_sale()).expect("the receipt renders");
    // The whole DejaVu Sans would make the file about 387 KB.
    assert!(bytes.len() < 40_000, "the PDF is {} bytes", bytes.len());
}

#[test]
fn catalog_characters_print() {
    // Every character outside ASCII in the store's catalog, including a
    // zero-width space and a left-to-right mark.
    let name = "Fan² Blöwer Süd α\u{200B}\u{200E} – ‘Quiet’ • Pro™";
    let lines = pdf_lines(&receipt(vec![line(name, 1, 1999, 0)], 165, 2164));
    let expected = "1 Fan² Blöwer Süd α\u{200B}\u{200E} – ‘Quiet’ • Pro™ 19.99";
    assert!(has_line(&lines, expected), "{lines:#?}");
}

#[test]
fn cjk_name_prints_as_written() {
    let name = "東芝 外付けハードディスク";
    let lines = pdf_lines(&receipt(vec![line(name, 1, 8999, 0)], 742, 9741));
    assert!(has_line(&lines, "1 東芝 外付けハードディスク 89.99"), "{lines:#?}");
}

#[test]
fn character_without_glyph_is_rejected() {
    // A private-use character: neither embedded font has a glyph for it.
    let name = "Cable \u{F8FF}";
    let result = receipt_pdf(&receipt(vec![line(name, 1, 8999, 0)], 742, 9741));
    let expected = DocumentError::MissingGlyphs {
        characters: "\u{F8FF}".to_string(),
        text: name.to_string(),
    };
    assert_eq!(result, Err(expected));
}

#[test]
fn long_receipt_continues_on_pages() {
    let lines = (1..=400)
        .map(|number| line(&format!("Cable {number}"), 1, 100, 0))
        .collect();
    let (_dir, path) = pdf_file(&receipt(lines, 3300, 43_300));
    let info = poppler("pdfinfo", &[&path]);
    let pages = info.lines().find(|line| line.starts_with("Pages:")).unwrap_or("");
    let text = poppler("pdftotext", &[Path::new("-layout"), &path, Path::new("-")]);
    assert_eq!(pages.split_whitespace().nth(1), Some("2"), "{info}");
    assert!(text.contains("Cable 1 "), "first item missing");
    assert!(text.contains("Cable 400 "), "last item missing");
    assert!(text.contains("433.00"), "total missing");
}
