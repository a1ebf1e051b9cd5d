//! The embedded fonts and the widths of text set in them.
//!
//! Text is set in DejaVu Sans. A character DejaVu Sans has no glyph for,
//! such as a CJK ideograph or kana, falls back to Droid Sans Fallback, and
//! a line is drawn as runs of characters that share a font. Both fonts
//! travel inside the binary, so printing needs no installed fonts.

use std::cell::OnceCell;
use std::collections::BTreeSet;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile, subset};
use printpdf::ParsedFont;

use crate::error::DocumentError;

/// DejaVu Sans 2.37 from Debian's `fonts-dejavu-core`, under the Bitstream
/// Vera licence in `fonts/LICENSE-DejaVu.txt`.
const DEJAVU_SANS: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");

/// Droid Sans Fallback Full (Android 6.0.1) from Debian's
/// `fonts-droid-fallback` 1:6.0.1r16-1.1, under the Apache License 2.0 in
/// `fonts/LICENSE-DroidSansFallback.txt`. It covers CJK ideographs, kana
/// and hangul with TrueType outlines, which printpdf 0.12 embeds as they are.
const DROID_SANS_FALLBACK: &[u8] = include_bytes!("../fonts/DroidSansFallbackFull.ttf");

/// One of the two document fonts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Face {
    Main,
    Fallback,
}

impl Face {
    fn bytes(self) -> &'static [u8] {
        match self {
            Face::Main => DEJAVU_SANS,
            Face::Fallback => DROID_SANS_FALLBACK,
        }
    }
}

/// The document fonts, parsed once per document; the fallback font only
/// when a character needs it.
pub(crate) struct ReceiptFont {
    main: ParsedFont,
    fallback: OnceCell<Option<ParsedFont>>,
}

fn parse(face: Face) -> Option<ParsedFont> {
    let mut warnings = Vec::new();
    let parsed = ParsedFont::from_bytes(face.bytes(), 0, &mut warnings);
    for warning in &warnings {
        tracing::warn!(?face, message = %warning.message, "document font parsed with a warning");
    }
    parsed
}

impl ReceiptFont {
    /// Parses the main font; the fallback font is parsed on first use.
    pub(crate) fn load() -> Result<ReceiptFont, DocumentError> {
        Ok(ReceiptFont {
            main: parse(Face::Main).ok_or(DocumentError::FontInvalid)?,
            fallback: OnceCell::new(),
        })
    }

    fn font(&self, face: Face) -> Option<&ParsedFont> {
        match face {
            Face::Main => Some(&self.main),
            Face::Fallback => self.fallback.get_or_init(|| parse(Face::Fallback)).as_ref(),
        }
    }

    /// Returns the font that sets `c`: the main font when it has a glyph
    /// (and for spaces), otherwise the fallback font when it has one.
    pub(crate) fn face_of(&self, c: char) -> Option<Face> {
        if c.is_whitespace() || c.is_control() || self.main.lookup_glyph_index(u32::from(c)).is_some() {
            return Some(Face::Main);
        }
        self.font(Face::Fallback)
            .and_then(|font| font.lookup_glyph_index(u32::from(c)))
            .map(|_| Face::Fallback)
    }

    /// Splits `text` into runs of characters set in the same font, in
    /// order. A space joins the run it follows. A character neither font
    /// covers stays in the main font, where it shows as an empty box;
    /// [`ReceiptFont::check_glyphs`] rejects such text first.
    pub(crate) fn runs(&self, text: &str) -> Vec<(Face, String)> {
        let mut runs: Vec<(Face, String)> = Vec::new();
        for c in text.chars() {
            let face = match runs.last() {
                Some((current, _)) if c.is_whitespace() => *current,
                _ => self.face_of(c).unwrap_or(Face::Main),
            };
            match runs.last_mut() {
                Some((current, run)) if *current == face => run.push(c),
                _ => runs.push((face, c.to_string())),
            }
        }
        runs
    }

    /// Measures the advance width of `text` set at `size` millipoints, in
    /// millipoints, run by run. Kerning is not applied, because the PDF sets
    /// each glyph at its plain advance too.
    pub(crate) fn width(&self, text: &str, size: usize) -> usize {
        self.runs(text)
            .iter()
            .map(|(face, run)| self.run_width(*face, run, size))
            .sum()
    }

    /// Measures one run in one font.
    pub(crate) fn run_width(&self, face: Face, text: &str, size: usize) -> usize {
        let Some(font) = self.font(face) else {
            return 0;
        };
        let units: usize = text
            .chars()
            .filter_map(|c| font.lookup_glyph_index(u32::from(c)))
            .filter_map(|glyph| font.get_glyph_width(glyph))
            .map(usize::from)
            .sum();
        let units_per_em = usize::from(font.units_per_em).max(1);
        units.saturating_mul(size) / units_per_em
    }

    /// Checks that every printable character of `text` has a glyph in one
    /// of the two fonts.
    pub(crate) fn check_glyphs(&self, text: &str) -> Result<(), DocumentError> {
        let mut characters = String::new();
        for c in text.chars() {
            if self.face_of(c).is_none() && !characters.contains(c) {
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

    /// Builds a copy of `face` that contains only the glyphs of
    /// `characters`, with their advance widths unchanged. printpdf 0.12
    /// embeds fonts whole when built without its `text_layout` feature: the
    /// test receipt measured 387 KB with the whole main font and 18 KB cut
    /// down.
    pub(crate) fn subset(&self, face: Face, characters: &BTreeSet<char>) -> Result<ParsedFont, DocumentError> {
        let font = self.font(face).ok_or(DocumentError::FontInvalid)?;
        // The subsetter requires glyph 0 (.notdef) first and no repeats.
        let mut glyphs = vec![0_u16];
        for c in characters {
            if let Some(glyph) = font.lookup_glyph_index(u32::from(*c))
                && !glyphs.contains(&glyph)
            {
                glyphs.push(glyph);
            }
        }
        let subset_failed = |reason: String| DocumentError::FontSubset(reason);
        let font_data = ReadScope::new(face.bytes())
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
