//! The receipt as plain text for a thermal printer.
//!
//! # Properties
//!
//! - No line is wider than the profile's column count, measured in display
//!   columns with `unicode-width`, so a CJK character counts as two.
//! - Every amount ends in the last column, and the amounts use
//!   [`Money::grouped`]: `1,299.00`.
//! - An item's first line carries its quantity, the start of its name and
//!   its amount. The following lines carry only the rest of the name.
//! - Text wraps at spaces. A word wider than its column is broken between
//!   characters, so no character is ever cut off.
//! - Runs of whitespace and control characters in the receipt's text print
//!   as a single space.

use unicode_width::UnicodeWidthStr;

use crate::money::Money;
use crate::receipt::{Receipt, ReceiptKind, ReceiptLine};

/// The paper width of a thermal printer, as the number of columns it prints
/// in its standard font.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ThermalWidth {
    /// 58 mm paper: 32 columns.
    Mm58,
    /// 80 mm paper: 48 columns.
    Mm80,
}

impl ThermalWidth {
    /// Returns the number of display columns in one printed line.
    pub const fn columns(self) -> usize {
        match self {
            ThermalWidth::Mm58 => 32,
            ThermalWidth::Mm80 => 48,
        }
    }
}

/// The narrowest name column worth sharing a line with the quantity and the
/// amount. Below it, the name moves under the quantity and amount line.
const MIN_NAME_COLUMNS: usize = 8;

/// Renders the receipt as lines of text, each ending in `\n`, in print order:
/// header, items, totals, payments, change and footer.
pub fn render(receipt: &Receipt, width: ThermalWidth) -> String {
    let columns = width.columns();
    let mut out = Vec::new();

    out.extend(centered(&receipt.store_name, columns));
    for line in &receipt.store_address {
        out.extend(centered(line, columns));
    }
    out.push(rule(columns));
    out.extend(pair("Receipt", &receipt.receipt_number, columns));
    match &receipt.kind {
        ReceiptKind::Sale => out.extend(pair("Type", "Sale", columns)),
        ReceiptKind::Refund { original } => {
            out.extend(pair("Type", "Refund", columns));
            out.extend(pair("Refund of", original, columns));
        }
    }
    out.extend(pair("Date", &receipt.issued_at, columns));
    out.extend(pair("Clerk", &receipt.clerk, columns));
    out.push(rule(columns));

    item_lines(&receipt.lines, columns, &mut out);
    out.push(rule(columns));

    out.extend(pair("Subtotal", &receipt.subtotal.grouped(), columns));
    if !receipt.discount.is_zero() {
        out.extend(pair("Discount", &negated(receipt.discount), columns));
    }
    out.extend(pair(&receipt.tax_label, &receipt.tax.grouped(), columns));
    if !receipt.rounding.is_zero() {
        out.extend(pair("Rounding", &receipt.rounding.grouped(), columns));
    }
    let total_label = match receipt.kind {
        ReceiptKind::Sale => "TOTAL",
        ReceiptKind::Refund { .. } => "TOTAL REFUND",
    };
    out.extend(pair(total_label, &receipt.total.grouped(), columns));
    out.push(rule(columns));

    for payment in &receipt.payments {
        out.extend(pair(&payment.label, &payment.amount.grouped(), columns));
        if let Some(code) = &payment.approval_code {
            out.extend(
                wrap(&format!("Approval {code}"), columns.saturating_sub(2))
                    .into_iter()
                    .map(|piece| format!("  {piece}")),
            );
        }
    }
    out.extend(pair("Change", &receipt.change.grouped(), columns));

    if !receipt.footer.is_empty() {
        out.push(rule(columns));
        for line in &receipt.footer {
            out.extend(centered(line, columns));
        }
    }

    let mut text = String::new();
    for line in out {
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

/// Lays out the item lines: quantity, name and amount on the first line of
/// each item, the rest of the name below, and a detail line for the unit
/// price and the discount where they apply.
///
/// The amount printed is the line's amount before its discount, so the item
/// amounts add up to the subtotal and the discount is taken off once, below.
fn item_lines(lines: &[ReceiptLine], columns: usize, out: &mut Vec<String>) {
    let gross = |line: &ReceiptLine| (line.amount + line.discount).grouped();
    let quantity_columns = lines
        .iter()
        .map(|line| line.quantity.to_string().len())
        .max()
        .unwrap_or(1);
    let amount_columns = lines.iter().map(|line| gross(line).width()).max().unwrap_or(0);
    let indent = " ".repeat(quantity_columns + 1);
    let name_columns = columns.saturating_sub(quantity_columns + 1 + amount_columns + 1);

    for line in lines {
        let quantity = format!("{:>quantity_columns$}", line.quantity);
        let amount = gross(line);
        if name_columns >= MIN_NAME_COLUMNS {
            let pieces = wrap(&line.name, name_columns);
            let mut pieces = pieces.into_iter();
            let first = pieces.next().unwrap_or_default();
            out.push(spread(&format!("{quantity} {first}"), &amount, columns));
            out.extend(pieces.map(|piece| format!("{indent}{piece}")));
        } else {
            // An amount too wide to leave room for the name gets the first
            // line to itself, beside the quantity.
            out.extend(pair(&quantity, &amount, columns));
            let name_columns = columns.saturating_sub(indent.len()).max(2);
            out.extend(
                wrap(&line.name, name_columns)
                    .into_iter()
                    .map(|piece| format!("{indent}{piece}")),
            );
        }
        let detail_columns = columns.saturating_sub(indent.len()).max(2);
        if line.quantity > 1 {
            let each = format!("{} @ {} each", line.quantity, line.unit_price.grouped());
            out.extend(
                wrap(&each, detail_columns)
                    .into_iter()
                    .map(|piece| format!("{indent}{piece}")),
            );
        }
        if !line.discount.is_zero() {
            let less = format!("less discount {}", line.discount.grouped());
            out.extend(
                wrap(&less, detail_columns)
                    .into_iter()
                    .map(|piece| format!("{indent}{piece}")),
            );
        }
    }
}

/// Formats an amount taken off the total: `-5.00`.
fn negated(amount: Money) -> String {
    (Money::ZERO - amount).grouped()
}

fn rule(columns: usize) -> String {
    "-".repeat(columns)
}

/// Lays out a label on the left and a value ending in the last column. A
/// long label wraps in the room the value leaves; a value too wide to share
/// a line moves under the label, still right-aligned.
fn pair(label: &str, value: &str, columns: usize) -> Vec<String> {
    let value_columns = value.width();
    let label_columns = columns.saturating_sub(value_columns + 1);
    let fits_beside = value_columns < columns && label.width() <= label_columns;
    if label_columns >= MIN_NAME_COLUMNS || fits_beside {
        let mut pieces = wrap(label, label_columns.max(2)).into_iter();
        let first = pieces.next().unwrap_or_default();
        let mut lines = vec![spread(&first, value, columns)];
        lines.extend(pieces);
        return lines;
    }
    let mut lines = wrap(label, columns);
    lines.extend(wrap(value, columns).iter().map(|piece| spread("", piece, columns)));
    lines
}

/// Joins `left` and `right` with the spaces that end `right` in the last
/// column, keeping at least one space between them.
fn spread(left: &str, right: &str, columns: usize) -> String {
    if left.is_empty() {
        return format!("{}{right}", " ".repeat(columns.saturating_sub(right.width())));
    }
    let gap = columns.saturating_sub(left.width() + right.width()).max(1);
    format!("{left}{}{right}", " ".repeat(gap))
}

fn centered(text: &str, columns: usize) -> Vec<String> {
    wrap(text, columns)
        .into_iter()
        .map(|piece| format!("{}{piece}", " ".repeat(columns.saturating_sub(piece.width()) / 2)))
        .collect()
}

/// Wraps text at spaces into lines of at most `columns` display columns
/// (`columns` must be at least 2, the widest character). Returns one empty
/// line for blank text.
///
/// Joining the lines with single spaces gives back the text with its
/// whitespace runs collapsed, unless a word had to be broken: its pieces
/// then sit on consecutive lines with nothing added or dropped.
pub(crate) fn wrap(text: &str, columns: usize) -> Vec<String> {
    let cleaned: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in cleaned.split_whitespace() {
        if word.width() > columns {
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
            }
            let mut pieces = break_word(word, columns);
            current = pieces.pop().unwrap_or_default();
            lines.extend(pieces);
        } else if current.is_empty() {
            current.push_str(word);
        } else if current.width() + 1 + word.width() <= columns {
            current.push(' ');
            current.push_str(word);
        } else {
            lines.push(std::mem::replace(&mut current, word.to_string()));
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

/// Breaks one word into pieces of at most `columns` display columns,
/// measuring each piece as a whole so that joined characters (an emoji with
/// a variation selector) count as they print.
fn break_word(word: &str, columns: usize) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    for c in word.chars() {
        current.push(c);
        if current.width() > columns && current.chars().count() > 1 {
            current.pop();
            pieces.push(std::mem::replace(&mut current, c.to_string()));
        }
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces
}
