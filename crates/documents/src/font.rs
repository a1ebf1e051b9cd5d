//! The embedded receipt font and the widths of text set in it.

use std::collections::BTreeSet;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile, subset};
use printpdf::ParsedFont;

use crate::error::DocumentError;

/// DejaVu Sans 2.37 from Debian's `fonts-dejavu-core`, under the Bitstream
/// Vera licence in `fonts/LICENSE-DejaVu.txt`.
const DEJAVU_SANS: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");

/// The receipt font, parsed once per document.
pub(crate) struct ReceiptFont {
    pub(crate) parsed: ParsedFont,
}

impl ReceiptFont {
    /// Parses the embedded font.
    pub(crate) fn load() -> Result<ReceiptFont, DocumentError> {
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(DEJAVU_SANS, 0, &mut warnings).ok_or(DocumentError::FontInvalid)?;
        for warning in &warnings {
            tracing::warn!(message = %warning.message, "receipt font parsed with a warning");
        }
        Ok(ReceiptFont { parsed })
    }

    /// Measures the advance width of `text` set at `size` millipoints, in
    /// millipoints. Kerning is not applied, because the PDF sets each glyph
    /// at its plain advance too.
    pub(crate) fn width(&self, text: &str, size: usize) -> usize {
        let units: usize = text
            .chars()
            .filter_map(|c| self.parsed.lookup_glyph_index(u32::from(c)))
            .filter_map(|glyph| self.parsed.get_glyph_width(glyph))
            .map(usize::from)
            .sum();
        let units_per_em = usize::from(self.parsed.units_per_em).max(1);
        units.saturating_mul(size) / units_per_em
    }

    /// Checks that every printable character of `text` has a glyph.
    pub(crate) fn check_glyphs(&self, text: &str) -> Result<(), DocumentError> {
        let mut characters = String::new();
        for c in text.chars() {
            let printable = !c.is_whitespace() && !c.is_control();
            if printable && self.parsed.lookup_glyph_index(u32::from(c)).is_none() && !characters.contains(c) {
                characters.push(c);
            }
        }
        if characters.is_empty() {
            return Ok(());
        }
        Err(DocumentError::MissingGlyphs {
            characters,
            text: text.to_string(),
        })
    }

    /// Builds a copy of the font that contains only the glyphs of
    /// `characters`, with their advance widths unchanged. printpdf 0.12
    /// embeds fonts whole when built without its `text_layout` feature: the
    /// test receipt measured 387 KB with the whole font and 18 KB cut down.
    pub(crate) fn subset(&self, characters: &BTreeSet<char>) -> Result<ParsedFont, DocumentError> {
        // The subsetter requires glyph 0 (.notdef) first and no repeats.
        let mut glyphs = vec![0_u16];
        for c in characters {
            if let Some(glyph) = self.parsed.lookup_glyph_index(u32::from(*c))
                && !glyphs.contains(&glyph)
            {
                glyphs.push(glyph);
            }
        }
        let subset_failed = |reason: String| DocumentError::FontSubset(reason);
        let font_data = ReadScope::new(DEJAVU_SANS)
            .read::<FontData<'_>>()
            .map_err(|error| subset_failed(error.to_string()))?;
        let provider = font_data
            .table_provider(0)
            .map_err(|error| subset_failed(error.to_string()))?;
        let bytes = subset(&provider, &glyphs, &SubsetProfile::Minimal, CmapTarget::Unicode)
            .map_err(|error| subset_failed(error.to_string()))?;
        let mut warnings = Vec::new();
        ParsedFont::from_bytes(&bytes, 0, &mut warnings)
            .ok_or_else(|| subset_failed("the cut-down font does not parse".to_string()))
    }
}
