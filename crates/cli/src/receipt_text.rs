//! A receipt laid out as plain text for a thermal printer.
//!
//! TODO: replace with the domain crate's shared thermal layout once it
//! exists, so the CLI and the terminal print receipts the same way.

use giggatek_domain::{Money, Receipt, ReceiptKind};

/// Columns of a 58 mm thermal roll in the printer's standard font.
pub const COLUMNS_58MM: usize = 32;
/// Columns of an 80 mm thermal roll in the printer's standard font.
pub const COLUMNS_80MM: usize = 48;

/// Lays out `receipt` in `columns` characters per line. Amounts are never
/// recomputed: every figure is the stored one.
pub fn render(receipt: &Receipt, columns: usize) -> String {
    let mut lines = Vec::new();
    lines.push(centered(&receipt.store_name, columns));
    for address in &receipt.store_address {
        lines.push(centered(address, columns));
    }
    lines.push(String::new());
    let title = match &receipt.kind {
        ReceiptKind::Sale => format!("Receipt {}", receipt.receipt_number),
        ReceiptKind::Refund { original } => {
            format!("Refund {} for {original}", receipt.receipt_number)
        }
    };
    lines.extend(wrapped(&title, columns));
    lines.push(format!("{}  Clerk: {}", receipt.issued_at, receipt.clerk));
    lines.push("-".repeat(columns));
    for line in &receipt.lines {
        lines.extend(wrapped(&line.name, columns));
        let detail = format!("  {} x {} {}", line.quantity, line.unit_price, line.sku);
        lines.push(two_columns(&detail, &line.amount.to_string(), columns));
        if !line.discount.is_zero() {
            lines.push(two_columns("  discount", &format!("-{}", line.discount), columns));
        }
    }
    lines.push("-".repeat(columns));
    lines.push(amount_line("Subtotal", receipt.subtotal, columns));
    if !receipt.discount.is_zero() {
        lines.push(two_columns("Discount", &format!("-{}", receipt.discount), columns));
    }
    lines.push(amount_line(&receipt.tax_label, receipt.tax, columns));
    if !receipt.rounding.is_zero() {
        lines.push(amount_line("Cash rounding", receipt.rounding, columns));
    }
    lines.push(amount_line("TOTAL", receipt.total, columns));
    for payment in &receipt.payments {
        lines.push(amount_line(&payment.label, payment.amount, columns));
        if let Some(code) = &payment.approval_code {
            lines.push(format!("  Approval {code}"));
        }
    }
    if !receipt.change.is_zero() {
        lines.push(amount_line("Change", receipt.change, columns));
    }
    for footer in &receipt.footer {
        lines.push(centered(footer, columns));
    }
    lines.join("\n")
}

fn amount_line(label: &str, amount: Money, columns: usize) -> String {
    two_columns(label, &amount.to_string(), columns)
}

/// Puts `left` and `right` on one line, right-aligned, cutting `left` when
/// both do not fit.
fn two_columns(left: &str, right: &str, columns: usize) -> String {
    let room = columns.saturating_sub(right.chars().count() + 1);
    let left: String = left.chars().take(room).collect();
    let gap = columns.saturating_sub(left.chars().count() + right.chars().count());
    format!("{left}{}{right}", " ".repeat(gap.max(1)))
}

fn centered(text: &str, columns: usize) -> String {
    let text: String = text.chars().take(columns).collect();
    let pad = (columns - text.chars().count()) / 2;
    format!("{}{text}", " ".repeat(pad))
}

/// Splits `text` into lines of at most `columns` characters, at spaces
/// where it can.
fn wrapped(text: &str, columns: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let needed = current.chars().count() + usize::from(!current.is_empty()) + word.chars().count();
        if needed > columns && !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
        while current.chars().count() > columns {
            let head: String = current.chars().take(columns).collect();
            let tail: String = current.chars().skip(columns).collect();
            lines.push(head);
            current = tail;
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_columns_fills_width() {
        assert_eq!(two_columns("Subtotal", "19.97", 20), "Subtotal       19.97");
    }

    #[test]
    fn long_name_wraps_at_spaces() {
        assert_eq!(
            wrapped("AMD Ryzen 7 9800X3D 8-Core Processor", 16),
            vec!["AMD Ryzen 7", "9800X3D 8-Core", "Processor"]
        );
    }
}
