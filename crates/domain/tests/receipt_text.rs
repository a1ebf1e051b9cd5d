//! The thermal receipt text: column widths, wrapping of long names, and the
//! exact amounts printed.

use giggatek_domain::receipt_text::{render, rows, wrap, wrap_measured};
use giggatek_domain::{Money, PrintRow, Receipt, ReceiptKind, ReceiptLine, ReceiptPayment, ThermalWidth};
use proptest::prelude::*;
use unicode_width::UnicodeWidthStr;

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

fn fridge_receipt() -> Receipt {
    receipt(vec![line(FRIDGE, 1, 129_900, 0)], 10_717, 140_617)
}

/// Returns the lines between the second and the third rule: the items.
fn item_block(text: &str, columns: usize) -> Vec<String> {
    let rule = "-".repeat(columns);
    text.lines()
        .skip_while(|line| *line != rule)
        .skip(1)
        .skip_while(|line| *line != rule)
        .skip(1)
        .take_while(|line| *line != rule)
        .map(str::to_string)
        .collect()
}

fn widest(text: &str) -> usize {
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

fn line_starting<'a>(text: &'a str, start: &str) -> Option<&'a str> {
    text.lines().find(|line| line.starts_with(start))
}

#[test]
fn fridge_58mm_fits_32_columns() {
    let text = render(&fridge_receipt(), ThermalWidth::Mm58);
    assert_eq!(widest(&text), 32);
}

#[test]
fn fridge_58mm_item_lines_exact() {
    let text = render(&fridge_receipt(), ThermalWidth::Mm58);
    let expected = [
        "1 Whirlpool 18 cu ft    1,299.00",
        "  Top-Freezer",
        "  Refrigerator,",
        "  Stainless, 2-Year",
        "  Service Plan",
    ];
    assert_eq!(item_block(&text, 32), expected);
}

#[test]
fn fridge_58mm_first_line_columns() {
    let text = render(&fridge_receipt(), ThermalWidth::Mm58);
    let items = item_block(&text, 32);
    let first = items.first().map(String::as_str).unwrap_or("");
    assert!(first.starts_with("1 "), "quantity missing: {first:?}");
    assert!(first.ends_with(" 1,299.00"), "amount missing: {first:?}");
    assert_eq!(first.width(), 32, "amount not in the last column: {first:?}");
}

#[test]
fn fridge_58mm_continuations_only_name() {
    let text = render(&fridge_receipt(), ThermalWidth::Mm58);
    for continuation in item_block(&text, 32).iter().skip(1) {
        assert!(continuation.starts_with("  "), "not indented: {continuation:?}");
        assert!(FRIDGE.contains(continuation.trim()), "not name text: {continuation:?}");
        assert!(!continuation.contains("1,299.00"), "amount repeated: {continuation:?}");
    }
}

#[test]
fn fridge_58mm_name_joins_back() {
    let text = render(&fridge_receipt(), ThermalWidth::Mm58);
    let items = item_block(&text, 32);
    let joined = name_pieces(&items, "1,299.00").join(" ");
    assert_eq!(joined, FRIDGE);
    assert_eq!(joined.chars().count(), 75);
}

#[test]
fn fridge_58mm_totals_right_aligned() {
    let text = render(&fridge_receipt(), ThermalWidth::Mm58);
    assert_eq!(
        line_starting(&text, "Subtotal"),
        Some("Subtotal                1,299.00")
    );
    assert_eq!(
        line_starting(&text, "Tax 8.25%"),
        Some("Tax 8.25%                 107.17")
    );
    assert_eq!(line_starting(&text, "TOTAL"), Some("TOTAL                   1,406.17"));
    assert_eq!(line_starting(&text, "Change"), Some("Change                      0.00"));
}

#[test]
fn fridge_80mm_fits_48_columns() {
    let text = render(&fridge_receipt(), ThermalWidth::Mm80);
    assert_eq!(widest(&text), 48);
}

#[test]
fn fridge_80mm_item_lines_exact() {
    let text = render(&fridge_receipt(), ThermalWidth::Mm80);
    let expected = [
        "1 Whirlpool 18 cu ft Top-Freezer        1,299.00",
        "  Refrigerator, Stainless, 2-Year",
        "  Service Plan",
    ];
    assert_eq!(item_block(&text, 48), expected);
}

#[test]
fn fridge_80mm_name_joins_back() {
    let text = render(&fridge_receipt(), ThermalWidth::Mm80);
    let joined = name_pieces(&item_block(&text, 48), "1,299.00").join(" ");
    assert_eq!(joined, FRIDGE);
}

#[test]
fn fridge_80mm_totals_right_aligned() {
    let text = render(&fridge_receipt(), ThermalWidth::Mm80);
    let subtotal = line_starting(&text, "Subtotal").unwrap_or("");
    let total = line_starting(&text, "TOTAL").unwrap_or("");
    assert_eq!(subtotal.width(), 48);
    assert!(subtotal.ends_with(" 1,299.00"));
    assert_eq!(total.width(), 48);
    assert!(total.ends_with(" 1,406.17"));
}

#[test]
fn tax_and_total_print_exact_cents() {
    let lines = vec![
        line("USB cable", 1, 199, 0),
        line("Mouse pad", 1, 499, 0),
        line("Thermal paste", 1, 1299, 0),
    ];
    let text = render(&receipt(lines, 164, 2161), ThermalWidth::Mm58);
    assert_eq!(
        line_starting(&text, "Tax 8.25%"),
        Some("Tax 8.25%                   1.64")
    );
    assert_eq!(line_starting(&text, "TOTAL"), Some("TOTAL                      21.61"));
    assert_eq!(
        line_starting(&text, "Subtotal"),
        Some("Subtotal                   19.97")
    );
}

#[test]
fn header_holds_store_and_sale() {
    let text = render(&fridge_receipt(), ThermalWidth::Mm58);
    let header: Vec<&str> = text.lines().take(8).collect();
    assert_eq!(header.first(), Some(&"       GigGatek Computers"));
    assert_eq!(header.get(1), Some(&"        12 Market Street"));
    assert_eq!(header.get(2), Some(&"     Springfield, IL 62701"));
    assert_eq!(header.get(4), Some(&"Receipt           S01-T01-000042"));
    assert_eq!(header.get(5), Some(&"Type                        Sale"));
    assert_eq!(header.get(6), Some(&"Date            2026-12-04 13:45"));
    assert_eq!(header.get(7), Some(&"Clerk                       Dana"));
}

#[test]
fn card_payment_prints_approval() {
    let text = render(&fridge_receipt(), ThermalWidth::Mm58);
    assert_eq!(line_starting(&text, "Card"), Some("Card ****4242           1,406.17"));
    assert!(text.contains("\n  Approval A1B2C3\n"));
}

#[test]
fn footer_is_centered_last() {
    let text = render(&fridge_receipt(), ThermalWidth::Mm58);
    assert_eq!(text.lines().last(), Some(" Thank you for shopping with us"));
}

#[test]
fn discount_and_quantity_details() {
    let mut sale = receipt(vec![line("Mouse pad", 3, 499, 150)], 111, 1458);
    sale.rounding = Money::from_cents(-3);
    sale.total = Money::from_cents(1455);
    let text = render(&sale, ThermalWidth::Mm58);
    let items = item_block(&text, 32);
    assert_eq!(
        items.first().map(String::as_str),
        Some("3 Mouse pad                14.97")
    );
    assert_eq!(items.get(1).map(String::as_str), Some("  3 @ 4.99 each"));
    assert_eq!(items.get(2).map(String::as_str), Some("  less discount 1.50"));
    assert_eq!(
        line_starting(&text, "Discount"),
        Some("Discount                   -1.50")
    );
    assert_eq!(
        line_starting(&text, "Rounding"),
        Some("Rounding                   -0.03")
    );
    assert_eq!(line_starting(&text, "TOTAL"), Some("TOTAL                      14.55"));
}

#[test]
fn no_discount_or_rounding_lines_when_zero() {
    let text = render(&fridge_receipt(), ThermalWidth::Mm58);
    assert_eq!(line_starting(&text, "Discount"), None);
    assert_eq!(line_starting(&text, "Rounding"), None);
}

#[test]
fn refund_names_original_sale() {
    let mut refund = fridge_receipt();
    refund.kind = ReceiptKind::Refund {
        original: "S01-T01-000041".to_string(),
    };
    let text = render(&refund, ThermalWidth::Mm58);
    assert_eq!(line_starting(&text, "Type"), Some("Type                      Refund"));
    assert_eq!(
        line_starting(&text, "Refund of"),
        Some("Refund of         S01-T01-000041")
    );
    assert_eq!(
        line_starting(&text, "TOTAL REFUND"),
        Some("TOTAL REFUND            1,406.17")
    );
}

#[test]
fn cjk_name_counts_two_columns() {
    let name = "東芝 外付けハードディスク 2TB ブラック";
    let text = render(&receipt(vec![line(name, 1, 8999, 0)], 742, 9741), ThermalWidth::Mm58);
    let items = item_block(&text, 32);
    assert_eq!(widest(&text), 32);
    assert_eq!(
        items.first().map(String::as_str),
        Some("1 東芝                     89.99")
    );
    assert_eq!(items.get(1).map(String::as_str), Some("  外付けハードディスク 2TB"));
    assert_eq!(items.get(2).map(String::as_str), Some("  ブラック"));
    assert_eq!(name_pieces(&items, "89.99").join(" "), name);
}

#[test]
fn long_word_breaks_without_loss() {
    let name = "Supercalifragilisticexpialidocious-Adapter";
    let text = render(&receipt(vec![line(name, 1, 999, 0)], 82, 1081), ThermalWidth::Mm58);
    let items = item_block(&text, 32);
    assert_eq!(widest(&text), 32);
    assert_eq!(
        items.first().map(String::as_str),
        Some("1 Supercalifragilisticexpia 9.99")
    );
    assert_eq!(items.get(1).map(String::as_str), Some("  lidocious-Adapter"));
}

#[test]
fn huge_amount_stays_inside_width() {
    let mut sale = receipt(vec![line("Server rack", 1, i64::MAX, 0)], i64::MAX, i64::MAX);
    sale.change = Money::from_cents(i64::MIN);
    let text = render(&sale, ThermalWidth::Mm58);
    assert!(widest(&text) <= 32, "{text}");
    assert!(text.contains("92,233,720,368,547,758.07"));
    assert!(text.contains("Server rack"));
}

#[test]
fn rows_in_print_order() {
    let pair = |label: &str, value: &str| PrintRow::Pair {
        label: label.to_string(),
        value: value.to_string(),
    };
    let centered = |text: &str| PrintRow::Centered(text.to_string());
    let expected = vec![
        centered("GigGatek Computers"),
        centered("12 Market Street"),
        centered("Springfield, IL 62701"),
        PrintRow::Rule,
        pair("Receipt", "S01-T01-000042"),
        pair("Type", "Sale"),
        pair("Date", "2026-12-04 13:45"),
        pair("Clerk", "Dana"),
        PrintRow::Rule,
        PrintRow::Item {
            quantity: "1".to_string(),
            name: FRIDGE.to_string(),
            amount: "1,299.00".to_string(),
        },
        PrintRow::Rule,
        pair("Subtotal", "1,299.00"),
        pair("Tax 8.25%", "107.17"),
        pair("TOTAL", "1,406.17"),
        PrintRow::Rule,
        pair("Card ****4242", "1,406.17"),
        PrintRow::Note("Approval A1B2C3".to_string()),
        pair("Change", "0.00"),
        PrintRow::Rule,
        centered("Thank you for shopping with us"),
    ];
    assert_eq!(rows(&fridge_receipt()), expected);
}

#[test]
fn wrap_blank_gives_one_empty_line() {
    assert_eq!(wrap("   ", 10), vec![String::new()]);
}

#[test]
fn wrap_collapses_control_characters() {
    assert_eq!(wrap("USB\tcable\n 2 m", 32), vec!["USB cable 2 m".to_string()]);
}

#[test]
fn wrap_breaks_long_word() {
    assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
}

#[test]
fn wrap_measured_uses_measure() {
    let tenths = |text: &str| text.chars().count() * 10;
    assert_eq!(wrap_measured("aa bb cc", 50, tenths), vec!["aa bb", "cc"]);
}

/// Returns the name pieces of an item block: the first line without its
/// quantity and amount, then every continuation line, trimmed.
fn name_pieces(items: &[String], amount: &str) -> Vec<String> {
    items
        .iter()
        .enumerate()
        .map(|(index, line)| {
            let text = if index == 0 {
                let without_amount = line.strip_suffix(amount).unwrap_or(line);
                without_amount.trim_start().split_once(' ').map_or("", |(_, rest)| rest)
            } else {
                line.as_str()
            };
            text.trim().to_string()
        })
        .collect()
}

fn without_whitespace(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn any_width() -> impl Strategy<Value = ThermalWidth> {
    prop_oneof![Just(ThermalWidth::Mm58), Just(ThermalWidth::Mm80)]
}

proptest! {
    #[test]
    fn any_name_fits_and_is_kept(
        name in "[a-zA-Z0-9 ,.²ëÅ™東芝ハード\u{301}-]{1,120}",
        quantity in 1u32..=9999,
        unit_cents in 0i64..=1_000_000_000,
        width in any_width(),
    ) {
        let columns = width.columns();
        let text = render(&receipt(vec![line(&name, quantity, unit_cents, 0)], 0, 0), width);
        let items = item_block(&text, columns);
        let amount = Money::from_cents(unit_cents).times(quantity).grouped();
        let printed = without_whitespace(&name_pieces(&items, &amount).concat());
        prop_assert!(widest(&text) <= columns, "a line is wider than {columns}:\n{text}");
        prop_assert!(printed.starts_with(&without_whitespace(&name)), "name lost:\n{text}");
        let first = items.first().cloned().unwrap_or_default();
        prop_assert!(first.ends_with(&amount), "amount not on the first line: {first:?}");
    }

    #[test]
    fn short_words_join_back_exactly(
        words in prop::collection::vec("[a-zA-Z0-9,.²ë東芝ハード-]{1,8}", 1..12),
        unit_cents in 0i64..=99_999_999,
        width in any_width(),
    ) {
        let name = words.join(" ");
        let amount = Money::from_cents(unit_cents).grouped();
        let text = render(&receipt(vec![line(&name, 1, unit_cents, 0)], 0, 0), width);
        let pieces = name_pieces(&item_block(&text, width.columns()), &amount);
        prop_assert_eq!(pieces.join(" "), name);
    }
}
