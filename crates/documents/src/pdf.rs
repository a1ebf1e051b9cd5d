//! Writes the laid-out receipt as a PDF.

use giggatek_domain::Receipt;
use giggatek_domain::receipt_text::rows;
use printpdf::{
    FontId, Line as PdfLine, LinePoint, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, TextItem,
};

use crate::error::DocumentError;
use crate::font::ReceiptFont;
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
/// characters that DejaVu Sans does not cover, such as CJK ideographs, and
/// [`DocumentError::FontInvalid`] or [`DocumentError::FontSubset`] if the
/// embedded font is damaged.
pub fn receipt_pdf(receipt: &Receipt) -> Result<Vec<u8>, DocumentError> {
    let font = ReceiptFont::load()?;
    let lines = lay_out(&rows(receipt), &font)?;

    let mut document = PdfDocument::new(&format!("Receipt {}", receipt.receipt_number));
    let characters = lines
        .iter()
        .flat_map(|line| &line.spans)
        .flat_map(|(_, text)| text.chars())
        .collect();
    let font_id = document.add_font(&font.subset(&characters)?);
    let pages = paginate(&lines)
        .into_iter()
        .map(|page| draw_page(page, &font_id))
        .collect();

    let mut warnings = Vec::new();
    let bytes = document
        .with_pages(pages)
        .save(&PdfSaveOptions::default(), &mut warnings);
    for warning in &warnings {
        tracing::warn!(receipt = %receipt.receipt_number, message = %warning.msg, "PDF writer reported a warning");
    }
    Ok(bytes)
}

/// Splits the lines into pages no taller than [`MAX_PAGE_HEIGHT`].
fn paginate(lines: &[Line]) -> Vec<&[Line]> {
    let mut pages = Vec::new();
    let mut rest = lines;
    loop {
        let mut height = 2 * END_MARGIN;
        let mut count = 0;
        for line in rest {
            if count > 0 && height + line.height() > MAX_PAGE_HEIGHT {
                break;
            }
            height += line.height();
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

fn draw_page(lines: &[Line], font_id: &FontId) -> PdfPage {
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
            ops.extend([
                Op::StartTextSection,
                Op::SetFont {
                    font: PdfFontHandle::External(font_id.clone()),
                    size: points(line.size),
                },
                Op::SetTextCursor {
                    pos: Point {
                        x: points(*left),
                        y: baseline,
                    },
                },
                Op::ShowText {
                    items: vec![TextItem::Text(text.clone())],
                },
                Op::EndTextSection,
            ]);
        }
        top -= line_height;
    }
    PdfPage::new(points(PAGE_WIDTH).into(), points(height).into(), ops)
}

fn rule(left: Pt, right: Pt, y: Pt) -> PdfLine {
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
fn points(millipoints: usize) -> Pt {
    // Page coordinates stay below 3,000,000 millipoints, well inside the
    // integers that an f32 represents exactly (up to 2^24).
    Pt(millipoints as f32 / 1000.0)
}
