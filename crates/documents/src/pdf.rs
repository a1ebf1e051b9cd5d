//! Writes the laid-out receipt as a PDF.

use std::collections::BTreeSet;

use giggatek_domain::receipt_text::rows;
use giggatek_domain::rental::RentalFeeReceipt;
use giggatek_domain::{PrintRow, Receipt};
use printpdf::{
    FontId, Line as PdfLine, LinePoint, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, TextItem,
};

use crate::error::DocumentError;
use crate::font::{Face, ReceiptFont};
use crate::layout::{Line, MARGIN, PAGE_WIDTH, lay_out};

/// The blank edge above the first line and below the last, in millipoints:
/// 6 mm.
const END_MARGIN: usize = 17_008;
/// The tallest page, in millipoints: 1 m. A longer receipt continues on the
/// next page, so no page comes near the PDF limit of 200 inches.
const MAX_PAGE_HEIGHT: usize = 2_834_646;
/// The thickness of a rule, in points.
const RULE_THICKNESS: f32 = 0.5;

/// Renders the receipt as a PDF 80 mm wide, as tall as its content, with the
/// same rows in the same order as the thermal text.
///
/// # Errors
///
/// Returns [`DocumentError::MissingGlyphs`] when a name or label contains
/// characters that neither DejaVu Sans nor Droid Sans Fallback covers, and
/// [`DocumentError::FontInvalid`] or [`DocumentError::FontSubset`] if the
/// embedded font is damaged.
pub fn receipt_pdf(receipt: &Receipt) -> Result<Vec<u8>, DocumentError> {
    rows_pdf(&receipt.receipt_number, &rows(receipt))
}

/// Renders a rental fee receipt (a contract's initial payment or a
/// short-term rental's return) as a PDF 80 mm wide, with the same rows in
/// the same order as its thermal text. Names print as written.
///
/// # Errors
///
/// As [`receipt_pdf`].
pub fn rental_fee_receipt_pdf(receipt: &RentalFeeReceipt) -> Result<Vec<u8>, DocumentError> {
    rows_pdf(&receipt.receipt_number, &receipt.rows(false))
}

fn rows_pdf(receipt_number: &str, print_rows: &[PrintRow]) -> Result<Vec<u8>, DocumentError> {
    let font = ReceiptFont::load()?;
    let lines = lay_out(print_rows, &font)?;

    let mut document = PdfDocument::new(&format!("Receipt {receipt_number}"));
    let texts = lines.iter().flat_map(|line| &line.spans).map(|(_, text)| text.as_str());
    let fonts = add_fonts(&mut document, &font, texts)?;
    let pages = paginate(&lines)
        .into_iter()
        .map(|page| draw_page(page, &font, &fonts))
        .collect();

    let mut warnings = Vec::new();
    let bytes = document
        .with_pages(pages)
        .save(&PdfSaveOptions::default(), &mut warnings);
    for warning in &warnings {
        tracing::warn!(receipt = %receipt_number, message = %warning.msg, "PDF writer reported a warning");
    }
    Ok(bytes)
}

/// Splits the lines into pages no taller than [`MAX_PAGE_HEIGHT`].
fn paginate(lines: &[Line]) -> Vec<&[Line]> {
    split_pages(lines, MAX_PAGE_HEIGHT - 2 * END_MARGIN, Line::height)
}

/// Splits `lines` into pages whose lines' `height`s add up to at most
/// `room`. A single line taller than `room` still gets a page of its own.
pub(crate) fn split_pages<T>(lines: &[T], room: usize, height: impl Fn(&T) -> usize) -> Vec<&[T]> {
    let mut pages = Vec::new();
    let mut rest = lines;
    loop {
        let mut used = 0;
        let mut count = 0;
        for line in rest {
            if count > 0 && used + height(line) > room {
                break;
            }
            used += height(line);
            count += 1;
        }
        let (page, after) = rest.split_at(count);
        pages.push(page);
        if after.is_empty() {
            return pages;
        }
        rest = after;
    }
}

fn draw_page(lines: &[Line], font: &ReceiptFont, fonts: &DocumentFonts) -> PdfPage {
    let height = 2 * END_MARGIN + lines.iter().map(Line::height).sum::<usize>();
    let mut ops = Vec::new();
    // The PDF's y axis points up from the page's bottom edge.
    let mut top = height - END_MARGIN;
    for line in lines {
        let line_height = line.height();
        if line.rule {
            let middle = points(top - line_height / 2);
            ops.push(Op::SetOutlineThickness { pt: Pt(RULE_THICKNESS) });
            ops.push(Op::DrawLine {
                line: rule(points(MARGIN), points(PAGE_WIDTH - MARGIN), middle),
            });
        }
        // The baseline sits a fifth of the line height above the line's
        // bottom, which leaves room for descenders.
        let baseline = points(top - line_height + line_height / 5);
        for (left, text) in &line.spans {
            ops.extend(text_ops(font, fonts, line.size, *left, baseline, text));
        }
        top -= line_height;
    }
    PdfPage::new(points(PAGE_WIDTH).into(), points(height).into(), ops)
}

/// The document's font ids: the main font, and the fallback font when a
/// character needs it.
pub(crate) struct DocumentFonts {
    main: FontId,
    fallback: Option<FontId>,
}

/// Cuts each font down to the characters `texts` set in it and adds them
/// to the document.
pub(crate) fn add_fonts<'a>(
    document: &mut PdfDocument,
    font: &ReceiptFont,
    texts: impl Iterator<Item = &'a str>,
) -> Result<DocumentFonts, DocumentError> {
    let mut main = BTreeSet::new();
    let mut fallback = BTreeSet::new();
    for text in texts {
        for (face, run) in font.runs(text) {
            let characters = if face == Face::Main { &mut main } else { &mut fallback };
            characters.extend(run.chars());
        }
    }
    let main = document.add_font(&font.subset(Face::Main, &main)?);
    let fallback = if fallback.is_empty() {
        None
    } else {
        Some(document.add_font(&font.subset(Face::Fallback, &fallback)?))
    };
    Ok(DocumentFonts { main, fallback })
}

/// Draws `text` from `left` on `baseline`, one text section per run of
/// characters in the same font, each run starting where the one before
/// ends.
pub(crate) fn text_ops(
    font: &ReceiptFont,
    fonts: &DocumentFonts,
    size: usize,
    left: usize,
    baseline: Pt,
    text: &str,
) -> Vec<Op> {
    let mut ops = Vec::new();
    let mut x = left;
    for (face, run) in font.runs(text) {
        let font_id = match (face, &fonts.fallback) {
            (Face::Fallback, Some(fallback)) => fallback,
            _ => &fonts.main,
        };
        ops.extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(font_id.clone()),
                size: points(size),
            },
            Op::SetTextCursor {
                pos: Point {
                    x: points(x),
                    y: baseline,
                },
            },
            Op::ShowText {
                items: vec![TextItem::Text(run.clone())],
            },
            Op::EndTextSection,
        ]);
        x += font.run_width(face, &run, size);
    }
    ops
}

pub(crate) fn rule(left: Pt, right: Pt, y: Pt) -> PdfLine {
    let point = |x| LinePoint {
        p: Point { x, y },
        bezier: false,
    };
    PdfLine {
        points: vec![point(left), point(right)],
        is_closed: false,
    }
}

/// Converts millipoints to points.
pub(crate) fn points(millipoints: usize) -> Pt {
    // Page coordinates stay below 3,000,000 millipoints, well inside the
    // integers that an f32 represents exactly (up to 2^24).
    Pt(millipoints as f32 / 1000.0)
}
