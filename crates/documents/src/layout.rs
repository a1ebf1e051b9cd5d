//! Lays out the receipt's rows on a page 80 mm wide, in millipoints
//! (thousandths of a point), measured with the receipt font.

use giggatek_domain::PrintRow;
use giggatek_domain::receipt_text::wrap_measured;

use crate::error::DocumentError;
use crate::font::ReceiptFont;

/// The page width: 80 mm, the width of a receipt roll.
pub(crate) const PAGE_WIDTH: usize = 226_772;
/// The blank edge on the left and the right: 4 mm.
pub(crate) const MARGIN: usize = 11_339;
/// The size of all text but the store's name.
const BODY_SIZE: usize = 8_000;
/// The size of the store's name, the first row.
const TITLE_SIZE: usize = 11_000;
/// The minimum space between a name or label and its amount.
const GAP: usize = 6_000;
/// The narrowest name column worth sharing a line with the quantity and the
/// amount: 20 mm. Below it, the name moves under the quantity and amount.
const MIN_NAME_WIDTH: usize = 56_693;
const CONTENT_WIDTH: usize = PAGE_WIDTH - 2 * MARGIN;

/// One printed line: text pieces at their left edges, or a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    /// The font size, in millipoints.
    pub(crate) size: usize,
    /// The text pieces, each with the distance of its left edge from the
    /// page's left edge.
    pub(crate) spans: Vec<(usize, String)>,
    /// Whether the line is a horizontal rule across the content.
    pub(crate) rule: bool,
}

impl Line {
    /// Returns the distance from this line's top to the next line's top.
    pub(crate) fn height(&self) -> usize {
        self.size * 13 / 10
    }

    fn text(size: usize, spans: Vec<(usize, String)>) -> Line {
        Line {
            size,
            spans,
            rule: false,
        }
    }
}

/// Lays out the rows top to bottom, checking first that the font has a
/// glyph for every character.
pub(crate) fn lay_out(rows: &[PrintRow], font: &ReceiptFont) -> Result<Vec<Line>, DocumentError> {
    for row in rows {
        check_row(row, font)?;
    }
    let layout = Layout::measure(rows, font);
    let mut lines = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        let size = if index == 0 { TITLE_SIZE } else { BODY_SIZE };
        match row {
            PrintRow::Centered(text) => lines.extend(layout.centered(text, size)),
            PrintRow::Rule => lines.push(Line {
                size: BODY_SIZE,
                spans: Vec::new(),
                rule: true,
            }),
            PrintRow::Pair { label, value } => lines.extend(layout.pair(label, value)),
            PrintRow::Item { quantity, name, amount } => lines.extend(layout.item(quantity, name, amount)),
            PrintRow::Note(text) => lines.extend(layout.indented(text)),
        }
    }
    Ok(lines)
}

fn check_row(row: &PrintRow, font: &ReceiptFont) -> Result<(), DocumentError> {
    match row {
        PrintRow::Centered(text) | PrintRow::Note(text) => font.check_glyphs(text),
        PrintRow::Rule => Ok(()),
        PrintRow::Pair { label, value } => font.check_glyphs(label).and_then(|()| font.check_glyphs(value)),
        PrintRow::Item { quantity, name, amount } => font
            .check_glyphs(quantity)
            .and_then(|()| font.check_glyphs(name))
            .and_then(|()| font.check_glyphs(amount)),
    }
}

/// The font and the item columns shared by all item rows, so quantities and
/// names line up from one item to the next.
struct Layout<'a> {
    font: &'a ReceiptFont,
    quantity_width: usize,
    /// The room for the name beside the quantity and the amount.
    name_width: usize,
}

impl<'a> Layout<'a> {
    fn measure(rows: &[PrintRow], font: &'a ReceiptFont) -> Layout<'a> {
        let mut quantity_width = 0;
        let mut amount_width = 0;
        for row in rows {
            if let PrintRow::Item { quantity, amount, .. } = row {
                quantity_width = quantity_width.max(font.width(quantity, BODY_SIZE));
                amount_width = amount_width.max(font.width(amount, BODY_SIZE));
            }
        }
        let name_width = CONTENT_WIDTH.saturating_sub(quantity_width + GAP + amount_width + GAP);
        Layout {
            font,
            quantity_width,
            name_width,
        }
    }

    fn width(&self, text: &str) -> usize {
        self.font.width(text, BODY_SIZE)
    }

    fn wrap(&self, text: &str, limit: usize) -> Vec<String> {
        wrap_measured(text, limit, |piece| self.width(piece))
    }

    /// Returns the left edge that ends `text` at the content's right edge.
    fn right_aligned(&self, text: &str) -> usize {
        (PAGE_WIDTH - MARGIN).saturating_sub(self.width(text))
    }

    fn centered(&self, text: &str, size: usize) -> Vec<Line> {
        wrap_measured(text, CONTENT_WIDTH, |piece| self.font.width(piece, size))
            .into_iter()
            .map(|piece| {
                let left = MARGIN + CONTENT_WIDTH.saturating_sub(self.font.width(&piece, size)) / 2;
                Line::text(size, vec![(left, piece)])
            })
            .collect()
    }

    /// Lays out a label on the left and a value ending at the right edge. A
    /// long label wraps in the room the value leaves; a value too wide to
    /// share a line moves under the label, still right-aligned.
    fn pair(&self, label: &str, value: &str) -> Vec<Line> {
        let label_width = CONTENT_WIDTH.saturating_sub(self.width(value) + GAP);
        let value_fits = self.width(value) <= CONTENT_WIDTH;
        if value_fits && (label_width >= MIN_NAME_WIDTH || self.width(label) <= label_width) {
            let mut pieces = self.wrap(label, label_width).into_iter();
            let first = pieces.next().unwrap_or_default();
            let mut lines = vec![self.beside(first, value)];
            lines.extend(pieces.map(|piece| Line::text(BODY_SIZE, vec![(MARGIN, piece)])));
            return lines;
        }
        let mut lines = self.full_width(label);
        for piece in self.wrap(value, CONTENT_WIDTH) {
            lines.push(Line::text(BODY_SIZE, vec![(self.right_aligned(&piece), piece)]));
        }
        lines
    }

    /// Lays out an item: quantity, the start of the name and the amount on
    /// the first line, the rest of the name below in the name's own column.
    fn item(&self, quantity: &str, name: &str, amount: &str) -> Vec<Line> {
        let quantity_left = MARGIN + self.quantity_width.saturating_sub(self.width(quantity));
        let name_left = MARGIN + self.quantity_width + GAP;
        let quantity_span = (quantity_left, quantity.to_string());
        let amount_span = (self.right_aligned(amount), amount.to_string());
        if self.name_width < MIN_NAME_WIDTH {
            let mut lines = vec![Line::text(BODY_SIZE, vec![quantity_span, amount_span])];
            lines.extend(self.indented(name));
            return lines;
        }
        let mut pieces = self.wrap(name, self.name_width).into_iter();
        let first = pieces.next().unwrap_or_default();
        let mut lines = vec![Line::text(
            BODY_SIZE,
            vec![quantity_span, (name_left, first), amount_span],
        )];
        lines.extend(pieces.map(|piece| Line::text(BODY_SIZE, vec![(name_left, piece)])));
        lines
    }

    /// Lays out text in the item name's column, under the item or payment
    /// above it.
    fn indented(&self, text: &str) -> Vec<Line> {
        let left = MARGIN + self.quantity_width + GAP;
        self.wrap(text, CONTENT_WIDTH.saturating_sub(self.quantity_width + GAP))
            .into_iter()
            .map(|piece| Line::text(BODY_SIZE, vec![(left, piece)]))
            .collect()
    }

    fn beside(&self, label: String, value: &str) -> Line {
        let mut spans = Vec::new();
        if !label.is_empty() {
            spans.push((MARGIN, label));
        }
        spans.push((self.right_aligned(value), value.to_string()));
        Line::text(BODY_SIZE, spans)
    }

    fn full_width(&self, text: &str) -> Vec<Line> {
        self.wrap(text, CONTENT_WIDTH)
            .into_iter()
            .map(|piece| Line::text(BODY_SIZE, vec![(MARGIN, piece)]))
            .collect()
    }
}
