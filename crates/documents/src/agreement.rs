//! The rent-to-own agreement as a US Letter PDF for signing: the blocks of
//! [`Agreement::blocks`] laid out top to bottom, continued on further pages
//! as needed.

use giggatek_domain::receipt_text::wrap_measured;
use giggatek_domain::rental::Agreement;
use giggatek_domain::rental::agreement::AgreementBlock;
use printpdf::{Op, PdfDocument, PdfPage, PdfSaveOptions, Pt};

use crate::error::DocumentError;
use crate::font::ReceiptFont;
use crate::pdf::{DocumentFonts, add_fonts, points, rule, split_pages, text_ops};

/// US Letter, 8.5 x 11 inches, in millipoints.
const PAGE_WIDTH: usize = 612_000;
const PAGE_HEIGHT: usize = 792_000;
/// The blank edge on every side: 0.75 inch.
const MARGIN: usize = 54_000;
const CONTENT_WIDTH: usize = PAGE_WIDTH - 2 * MARGIN;
const TITLE_SIZE: usize = 16_000;
const HEADING_SIZE: usize = 11_000;
const BODY_SIZE: usize = 9_500;
/// The x offset of a pair's value from the left margin.
const VALUE_COLUMN: usize = 200_000;
/// The schedule table's columns, from the left margin: number, due date,
/// and the right edge of the amount.
const TABLE_DATE: usize = 50_000;
const TABLE_AMOUNT_END: usize = 240_000;
/// The length of a signature line.
const SIGNATURE_WIDTH: usize = 250_000;
const RULE_THICKNESS: f32 = 0.5;

/// One printed line of the agreement.
struct Line {
    size: usize,
    /// Extra space above the line, in millipoints.
    space_before: usize,
    spans: Vec<(usize, String)>,
    /// A horizontal line from one x to another, drawn at the line's baseline.
    rule: Option<(usize, usize)>,
}

impl Line {
    fn text(size: usize, spans: Vec<(usize, String)>) -> Line {
        Line {
            size,
            space_before: 0,
            spans,
            rule: None,
        }
    }

    fn height(&self) -> usize {
        self.space_before + self.size * 13 / 10
    }
}

/// Renders the agreement as a PDF.
///
/// # Errors
/// [`DocumentError::AgreementIncomplete`] while a required field is blank,
/// [`DocumentError::MissingGlyphs`] for a character neither font covers,
/// and [`DocumentError::FontInvalid`] or [`DocumentError::FontSubset`] for
/// a damaged embedded font.
pub fn agreement_pdf(agreement: &Agreement) -> Result<Vec<u8>, DocumentError> {
    let missing = agreement.missing_fields();
    if !missing.is_empty() {
        return Err(DocumentError::AgreementIncomplete(missing.join(", ")));
    }
    let font = ReceiptFont::load()?;
    let lines = lay_out(&agreement.blocks(), &font)?;

    let mut document = PdfDocument::new(&format!("Rent-to-own agreement {}", agreement.contract_number));
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
        tracing::warn!(contract = %agreement.contract_number, message = %warning.msg, "PDF writer reported a warning");
    }
    Ok(bytes)
}

fn lay_out(blocks: &[AgreementBlock], font: &ReceiptFont) -> Result<Vec<Line>, DocumentError> {
    let wrap = |text: &str, size: usize, limit: usize| wrap_measured(text, limit, |piece| font.width(piece, size));
    let mut lines = Vec::new();
    for block in blocks {
        match block {
            AgreementBlock::Title(text) => {
                font.check_glyphs(text)?;
                for piece in wrap(text, TITLE_SIZE, CONTENT_WIDTH) {
                    lines.push(Line::text(TITLE_SIZE, vec![(MARGIN, piece)]));
                }
            }
            AgreementBlock::Heading(text) => {
                font.check_glyphs(text)?;
                for (index, piece) in wrap(text, HEADING_SIZE, CONTENT_WIDTH).into_iter().enumerate() {
                    let mut line = Line::text(HEADING_SIZE, vec![(MARGIN, piece)]);
                    if index == 0 {
                        line.space_before = HEADING_SIZE;
                    }
                    lines.push(line);
                }
            }
            AgreementBlock::Paragraph(text) => {
                font.check_glyphs(text)?;
                for piece in wrap(text, BODY_SIZE, CONTENT_WIDTH) {
                    lines.push(Line::text(BODY_SIZE, vec![(MARGIN, piece)]));
                }
            }
            AgreementBlock::Pair { label, value } => {
                font.check_glyphs(label)?;
                font.check_glyphs(value)?;
                let values = wrap(value, BODY_SIZE, CONTENT_WIDTH - VALUE_COLUMN);
                for (index, piece) in values.into_iter().enumerate() {
                    let mut spans = Vec::new();
                    if index == 0 && !label.is_empty() {
                        spans.push((MARGIN, label.clone()));
                    }
                    spans.push((MARGIN + VALUE_COLUMN, piece));
                    lines.push(Line::text(BODY_SIZE, spans));
                }
            }
            AgreementBlock::Table { header, rows } => {
                for row in std::iter::once(header).chain(rows) {
                    let [number, date, amount] = row;
                    let amount_left = (MARGIN + TABLE_AMOUNT_END).saturating_sub(font.width(amount, BODY_SIZE));
                    lines.push(Line::text(
                        BODY_SIZE,
                        vec![
                            (MARGIN, number.clone()),
                            (MARGIN + TABLE_DATE, date.clone()),
                            (amount_left, amount.clone()),
                        ],
                    ));
                }
            }
            AgreementBlock::Signature { role, name } => {
                font.check_glyphs(name)?;
                lines.push(Line {
                    size: BODY_SIZE,
                    space_before: 3 * BODY_SIZE,
                    spans: vec![(MARGIN + SIGNATURE_WIDTH + 20_000, "Date: ______________".to_string())],
                    rule: Some((MARGIN, MARGIN + SIGNATURE_WIDTH)),
                });
                lines.push(Line::text(BODY_SIZE, vec![(MARGIN, format!("{role}: {name}"))]));
            }
        }
    }
    Ok(lines)
}

fn paginate(lines: &[Line]) -> Vec<&[Line]> {
    split_pages(lines, PAGE_HEIGHT - 2 * MARGIN, Line::height)
}

fn draw_page(lines: &[Line], font: &ReceiptFont, fonts: &DocumentFonts) -> PdfPage {
    let mut ops = Vec::new();
    // The PDF's y axis points up from the page's bottom edge.
    let mut top = PAGE_HEIGHT - MARGIN;
    for line in lines {
        let baseline_millipoints = top.saturating_sub(line.height() - line.size / 5);
        let baseline = points(baseline_millipoints);
        if let Some((left, right)) = line.rule {
            ops.push(Op::SetOutlineThickness { pt: Pt(RULE_THICKNESS) });
            ops.push(Op::DrawLine {
                line: rule(points(left), points(right), baseline),
            });
        }
        for (left, text) in &line.spans {
            ops.extend(text_ops(font, fonts, line.size, *left, baseline, text));
        }
        top = top.saturating_sub(line.height());
    }
    PdfPage::new(points(PAGE_WIDTH).into(), points(PAGE_HEIGHT).into(), ops)
}
