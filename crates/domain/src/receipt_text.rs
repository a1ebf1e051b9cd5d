//! The receipt's printed rows, shared with the PDF, and their layout as
//! plain text for a thermal printer.
//!
//! # Properties of the thermal text
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
use crate::receipt::{Receipt, ReceiptKind, ReceiptLine, ReceiptPayment};

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

/// One row of a printed receipt before it is laid out for a paper width.
/// The thermal text and the PDF print the same rows in the same order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrintRow {
    /// A line centered on the paper: the store's name and address, the footer.
    Centered(String),
    /// A horizontal rule between sections.
    Rule,
    /// A label on the left and a value ending at the right edge.
    Pair { label: String, value: String },
    /// An item: quantity and name on the left, amount at the right edge.
    Item {
        quantity: String,
        name: String,
        amount: String,
    },
    /// A detail indented under the item or payment above it.
    Note(String),
}

/// Lists the receipt's rows in print order: header, items, totals, payments,
/// change and footer.
///
/// An item's amount is its amount before its discount, so the item amounts
/// add up to the subtotal and the discount is taken off once, below it.
pub fn rows(receipt: &Receipt) -> Vec<PrintRow> {
    let pair = |label: &str, value: String| PrintRow::Pair {
        label: label.to_string(),
        value,
    };
    let mut rows = vec![PrintRow::Centered(receipt.store_name.clone())];
    rows.extend(receipt.store_address.iter().cloned().map(PrintRow::Centered));
    rows.push(PrintRow::Rule);

    rows.push(pair("Receipt", receipt.receipt_number.clone()));
    match &receipt.kind {
        ReceiptKind::Sale => rows.push(pair("Type", "Sale".to_string())),
        ReceiptKind::Refund { original } => {
            rows.push(pair("Type", "Refund".to_string()));
            rows.push(pair("Refund of", original.clone()));
        }
    }
    rows.push(pair("Date", receipt.issued_at.clone()));
    rows.push(pair("Clerk", receipt.clerk.clone()));
    rows.push(PrintRow::Rule);

    for line in &receipt.lines {
        rows.extend(item_rows(line));
    }
    rows.push(PrintRow::Rule);

    rows.push(pair("Subtotal", receipt.subtotal.grouped()));
    if !receipt.discount.is_zero() {
        rows.push(pair("Discount", negated(receipt.discount)));
    }
    rows.push(pair(&receipt.tax_label, receipt.tax.grouped()));
    if !receipt.rounding.is_zero() {
        rows.push(pair("Rounding", receipt.rounding.grouped()));
    }
    let total_label = match receipt.kind {
        ReceiptKind::Sale => "TOTAL",
        ReceiptKind::Refund { .. } => "TOTAL REFUND",
    };
    rows.push(pair(total_label, receipt.total.grouped()));
    rows.push(PrintRow::Rule);

    rows.extend(payment_rows(&receipt.payments));
    rows.push(pair("Change", receipt.change.grouped()));

    if !receipt.footer.is_empty() {
        rows.push(PrintRow::Rule);
        rows.extend(receipt.footer.iter().cloned().map(PrintRow::Centered));
    }
    rows
}

/// Lists a receipt's tender rows: each tender's amount, and a card's
/// approval code under it.
pub fn payment_rows(payments: &[ReceiptPayment]) -> Vec<PrintRow> {
    let mut rows = Vec::new();
    for payment in payments {
        rows.push(PrintRow::Pair {
            label: payment.label.clone(),
            value: payment.amount.grouped(),
        });
        if let Some(code) = &payment.approval_code {
            rows.push(PrintRow::Note(format!("Approval {code}")));
        }
    }
    rows
}

fn item_rows(line: &ReceiptLine) -> Vec<PrintRow> {
    let mut rows = vec![PrintRow::Item {
        quantity: line.quantity.to_string(),
        name: line.name.clone(),
        amount: (line.amount + line.discount).grouped(),
    }];
    if line.quantity > 1 {
        rows.push(PrintRow::Note(format!(
            "{} @ {} each",
            line.quantity,
            line.unit_price.grouped()
        )));
    }
    if !line.discount.is_zero() {
        rows.push(PrintRow::Note(format!("less discount {}", line.discount.grouped())));
    }
    rows
}

/// Renders the receipt as lines of text, each ending in `\n`, in the order
/// of [`rows`].
pub fn render(receipt: &Receipt, width: ThermalWidth) -> String {
    render_rows(&rows(receipt), width)
}

/// Renders any list of rows as lines of text, each ending in `\n`, with the
/// same layout rules as a sale's receipt.
pub fn render_rows(rows: &[PrintRow], width: ThermalWidth) -> String {
    let columns = width.columns();
    let items = ItemColumns::measure(rows, columns);

    let mut text = String::new();
    for row in rows {
        for line in layout_row(row, &items, columns) {
            text.push_str(line.trim_end());
            text.push('\n');
        }
    }
    text
}

/// The column widths shared by all item rows, so quantities and names line
/// up from one item to the next.
struct ItemColumns {
    quantity: usize,
    /// The room for the name beside the quantity and the amount.
    name: usize,
}

impl ItemColumns {
    fn measure(rows: &[PrintRow], columns: usize) -> ItemColumns {
        let mut quantity = 1;
        let mut amount = 0;
        for row in rows {
            if let PrintRow::Item {
                quantity: q, amount: a, ..
            } = row
            {
                quantity = quantity.max(q.width());
                amount = amount.max(a.width());
            }
        }
        let name = columns.saturating_sub(quantity + 1 + amount + 1);
        ItemColumns { quantity, name }
    }

    fn indent(&self) -> String {
        " ".repeat(self.quantity + 1)
    }
}

fn layout_row(row: &PrintRow, items: &ItemColumns, columns: usize) -> Vec<String> {
    match row {
        PrintRow::Centered(text) => centered(text, columns),
        PrintRow::Rule => vec![rule(columns)],
        PrintRow::Pair { label, value } => pair(label, value, columns),
        PrintRow::Item { quantity, name, amount } => item(quantity, name, amount, items, columns),
        PrintRow::Note(text) => indented(text, &items.indent(), columns),
    }
}

/// Lays out an item: quantity, the start of the name and the amount on the
/// first line, the rest of the name below in the name's own column.
fn item(quantity: &str, name: &str, amount: &str, items: &ItemColumns, columns: usize) -> Vec<String> {
    let quantity = format!("{quantity:>width$}", width = items.quantity);
    let indent = items.indent();
    if items.name < MIN_NAME_COLUMNS {
        // An amount too wide to leave room for the name gets the first line
        // to itself, beside the quantity.
        let mut lines = pair(&quantity, amount, columns);
        lines.extend(indented(name, &indent, columns));
        return lines;
    }
    let mut pieces = wrap(name, items.name).into_iter();
    let first = pieces.next().unwrap_or_default();
    let mut lines = vec![spread(&format!("{quantity} {first}"), amount, columns)];
    lines.extend(pieces.map(|piece| format!("{indent}{piece}")));
    lines
}

fn indented(text: &str, indent: &str, columns: usize) -> Vec<String> {
    let room = columns.saturating_sub(indent.width()).max(2);
    wrap(text, room)
        .into_iter()
        .map(|piece| format!("{indent}{piece}"))
        .collect()
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

/// Wraps text at spaces into lines of at most `columns` display columns.
/// Returns one empty line for blank text.
///
/// Joining the lines with single spaces gives back the text with its
/// whitespace runs collapsed, unless a word had to be broken: its pieces
/// then sit on consecutive lines with nothing added or dropped.
pub fn wrap(text: &str, columns: usize) -> Vec<String> {
    wrap_measured(text, columns, UnicodeWidthStr::width)
}

/// Wraps text at spaces into lines whose `measure` is at most `limit`, for
/// layouts measured in other units than columns, such as a font's advance
/// widths. Works as [`wrap`] does, except that a single character wider than
/// `limit` still gets a line of its own.
pub fn wrap_measured(text: &str, limit: usize, measure: impl Fn(&str) -> usize) -> Vec<String> {
    let cleaned: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in cleaned.split_whitespace() {
        if measure(word) > limit {
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
            }
            let mut pieces = break_word(word, limit, &measure);
            current = pieces.pop().unwrap_or_default();
            lines.extend(pieces);
            continue;
        }
        if current.is_empty() {
            current.push_str(word);
            continue;
        }
        let joined = format!("{current} {word}");
        if measure(&joined) <= limit {
            current = joined;
        } else {
            lines.push(std::mem::replace(&mut current, word.to_string()));
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

/// Breaks one word into pieces whose `measure` is at most `limit`. Each piece
/// is measured as a whole, so that joined characters (an emoji with a
/// variation selector) count as they print.
fn break_word(word: &str, limit: usize, measure: &impl Fn(&str) -> usize) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    for c in word.chars() {
        current.push(c);
        if measure(&current) > limit && current.chars().count() > 1 {
            current.pop();
            pieces.push(std::mem::replace(&mut current, c.to_string()));
        }
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces
}
