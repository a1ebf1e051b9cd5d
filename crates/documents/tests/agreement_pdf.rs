//! The rent-to-own agreement PDF read back with poppler: `pdftotext` for
//! the text and each word's position, `pdffonts` for the embedded fonts and
//! `pdftoppm` for a rendered page.

mod support;

use std::path::{Path, PathBuf};

use giggatek_documents::{DocumentError, agreement_pdf};
use giggatek_domain::Money;
use giggatek_domain::rental::{
    Agreement, AgreementParty, AgreementProperty, ContractTerms, Policy, Term, UnitCondition, policy::percent_text,
};
use jiff::civil::date;
use support::{poppler, workspace_root};

const CUSTOMER: &str = "山田 花子 (Hanako Yamada)";
const CO_SIGNER: &str = "Zoë Ångström";
const PROPERTY: &str = "Sofá Ñandú 3-plazas";

fn party(name: &str) -> AgreementParty {
    AgreementParty {
        name: name.to_string(),
        address: vec!["350 5th Ave".to_string(), "New York, NY 10118".to_string()],
        phone: "212-555-0142".to_string(),
        id_document: "Passport TK1234567".to_string(),
    }
}

/// An agreement for a 1,200.00 sofa on 52 weekly payments of 45.00, with a
/// 120.00 deposit.
fn agreement() -> Agreement {
    let policy = Policy::default_policy();
    let terms = ContractTerms {
        contract_date: date(2027, 1, 4),
        term: Term::Weekly,
        payment_count: 52,
        cash_price: Money::from_cents(120_000),
        total_of_payments: Money::from_cents(234_000),
        delivery_fee: Money::from_cents(2500),
        damage_waiver: Money::ZERO,
        deposit: Money::from_cents(12_000),
    };
    Agreement {
        store_name: "GigGatek Midtown".to_string(),
        store_address: vec!["350 5th Ave".to_string(), "New York, NY 10118".to_string()],
        contract_number: "S01-T01-R000001".to_string(),
        contract_date: terms.contract_date,
        customer: party(CUSTOMER),
        co_signer: Some(party(CO_SIGNER)),
        property: AgreementProperty {
            description: PROPERTY.to_string(),
            serial_number: "SN-SOFA-0001".to_string(),
            condition: UnitCondition::New,
        },
        disclosures: terms.disclosures(policy).expect("the terms are valid"),
        policy_name: policy.name.to_string(),
        buyout_formula: policy.describe_buyout(),
        buyout_today: Money::from_cents(120_000),
        late_fee_share: percent_text(policy.late_fee.share_millionths),
        late_fee_cap: policy.late_fee.cap,
        grace_days: 3,
        reinstatement_days: policy.reinstatement_days,
        initial_payment_receipt: Some("S01-T01-000001".to_string()),
    }
}

fn pdf_file(agreement: &Agreement) -> (tempfile::TempDir, PathBuf) {
    let bytes = agreement_pdf(agreement).expect("the agreement renders");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("agreement.pdf");
    std::fs::write(&path, bytes).expect("the PDF is written");
    (dir, path)
}

/// Returns `pdftotext -layout`'s non-blank lines, runs of spaces collapsed.
fn text_lines(path: &Path) -> Vec<String> {
    poppler("pdftotext", &[Path::new("-layout"), path, Path::new("-")])
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect()
}

/// One word from `pdftotext -bbox`: its text and its left and right edges.
struct Word {
    text: String,
    x_min: f64,
    x_max: f64,
    y_min: f64,
}

fn attribute(tag: &str, name: &str) -> f64 {
    let start = tag.find(&format!("{name}=\"")).expect("the attribute is present") + name.len() + 2;
    let end = start + tag[start..].find('"').expect("the attribute is closed");
    tag[start..end].parse().expect("the attribute is a number")
}

fn words(path: &Path) -> Vec<Word> {
    let html = poppler("pdftotext", &[Path::new("-bbox"), path, Path::new("-")]);
    html.lines()
        .filter(|line| line.trim_start().starts_with("<word "))
        .map(|line| {
            let text_start = line.find('>').expect("the tag closes") + 1;
            let text_end = line.rfind("</word>").expect("the word closes");
            Word {
                text: line[text_start..text_end].replace("&amp;", "&"),
                x_min: attribute(line, "xMin"),
                x_max: attribute(line, "xMax"),
                y_min: attribute(line, "yMin"),
            }
        })
        .collect()
}

fn has_line(lines: &[String], expected: &str) -> bool {
    lines.iter().any(|line| line == expected)
}

#[test]
fn names_extract_exactly() {
    let (_dir, path) = pdf_file(&agreement());
    let lines = text_lines(&path);
    assert!(has_line(&lines, &format!("Customer {CUSTOMER}")), "{lines:#?}");
    assert!(has_line(&lines, &format!("Co-signer {CO_SIGNER}")), "{lines:#?}");
    assert!(has_line(&lines, &format!("Description {PROPERTY}")), "{lines:#?}");
    assert!(has_line(&lines, "Security deposit (refundable) 120.00"), "{lines:#?}");
    assert!(has_line(&lines, &format!("Customer: {CUSTOMER}")), "{lines:#?}");
}

#[test]
fn disclosures_extract_exactly() {
    let (_dir, path) = pdf_file(&agreement());
    let lines = text_lines(&path);
    for expected in [
        "Serial number SN-SOFA-0001",
        "Condition new",
        "Cash price 1,200.00",
        "Initial payment due at signing 145.00",
        "Initial payment received 145.00 (receipt S01-T01-000001)",
        "Delivery fee 25.00",
        "Security deposit (refundable) 120.00",
        "Each payment 45.00 weekly",
        "Number of payments 52",
        "Total of payments 2,340.00",
        "Cost of lease services 1,140.00",
        "Early-purchase price today 1,200.00",
        "1 2027-01-11 45.00",
        "52 2028-01-03 45.00",
    ] {
        assert!(has_line(&lines, expected), "missing {expected:?} in {lines:#?}");
    }
    let text = lines.join(" ");
    assert!(text.contains("You will not own the property until"), "{text}");
    assert!(text.contains("Reinstatement"), "{text}");
    assert!(text.contains("Termination"), "{text}");
    assert!(text.contains("Loss and damage"), "{text}");
    assert!(text.contains("Maintenance"), "{text}");
}

#[test]
fn latin_after_cjk_keeps_spacing() {
    let (_dir, path) = pdf_file(&agreement());
    let words = words(&path);
    let start = words
        .iter()
        .position(|word| word.text == "山田")
        .expect("the customer's name is on the page");
    let line: Vec<&Word> = words[start..]
        .iter()
        // The two fonts' boxes start at different heights on the same line.
        .take_while(|word| (word.y_min - words[start].y_min).abs() < 3.0)
        .collect();
    let texts: Vec<&str> = line.iter().map(|word| word.text.as_str()).collect();
    assert_eq!(texts, ["山田", "花子", "(Hanako", "Yamada)"]);
    for pair in line.windows(2) {
        let gap = pair[1].x_min - pair[0].x_max;
        // One space at 9.5 pt is about 3 pt: no overlap, no spread.
        assert!(gap > 0.5, "{} overlaps {}: gap {gap}", pair[1].text, pair[0].text);
        assert!(gap < 6.0, "{} is spread from {}: gap {gap}", pair[1].text, pair[0].text);
    }
}

#[test]
fn fonts_embedded_and_cut_down() {
    let (_dir, path) = pdf_file(&agreement());
    let fonts = poppler("pdffonts", &[&path]);
    let rows: Vec<Vec<&str>> = fonts
        .lines()
        .skip(2)
        .map(|line| line.split_whitespace().collect())
        .collect();
    assert_eq!(rows.len(), 2, "the main and the fallback font expected:\n{fonts}");
    for row in &rows {
        assert_eq!(row.get(1..3), Some(["CID", "TrueType"].as_slice()), "{fonts}");
        assert_eq!(row.get(4), Some(&"yes"), "a font is not embedded:\n{fonts}");
    }
    // The whole fallback font alone is 4 MB.
    let size = std::fs::metadata(&path).map(|metadata| metadata.len()).unwrap_or(0);
    assert!(size < 120_000, "the PDF is {size} bytes");
}

#[test]
fn page_renders_to_png() {
    let (_dir, path) = pdf_file(&agreement());
    let folder = workspace_root().join("artifacts/agreements");
    std::fs::create_dir_all(&folder).expect("artifacts/agreements is created");
    let stem = folder.join("agreement");
    let png = folder.join("agreement.png");
    let _ = std::fs::remove_file(&png);
    let args = [
        Path::new("-png"),
        Path::new("-r"),
        Path::new("80"),
        Path::new("-f"),
        Path::new("1"),
        Path::new("-l"),
        Path::new("1"),
        Path::new("-singlefile"),
        &path,
        &stem,
    ];
    poppler("pdftoppm", &args);
    let size = std::fs::metadata(&png).map(|metadata| metadata.len()).unwrap_or(0);
    assert!(size > 0, "{} is empty", png.display());
}

#[test]
fn blank_serial_is_refused() {
    let mut incomplete = agreement();
    incomplete.property.serial_number = "  ".to_string();
    incomplete.customer.id_document = String::new();
    let expected = DocumentError::AgreementIncomplete("customer ID document, serial number".to_string());
    assert_eq!(agreement_pdf(&incomplete), Err(expected));
}
