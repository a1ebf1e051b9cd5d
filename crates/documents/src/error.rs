//! Errors from building a printed document.

/// Failures to build a printed document.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DocumentError {
    /// The embedded font did not parse, so the binary was built with a
    /// damaged font file.
    #[error("the embedded receipt font failed to parse; rebuild with an intact fonts/DejaVuSans.ttf")]
    FontInvalid,
    /// Cutting the embedded font down to the characters in use failed. Like
    /// [`DocumentError::FontInvalid`], it points at the font file, not at
    /// the receipt.
    #[error("cutting the embedded receipt font down to the characters in use failed: {0}")]
    FontSubset(String),
    /// The text contains characters the receipt font has no glyph for, which
    /// would print as empty boxes.
    #[error(
        "the document fonts have no glyph for {characters:?} in {text:?}; print the thermal receipt instead, \
         or change the text to characters the fonts cover (Latin, Greek, Cyrillic, CJK and common symbols)"
    )]
    MissingGlyphs {
        /// The characters without a glyph, each listed once.
        characters: String,
        /// The receipt text that contains them.
        text: String,
    },
    /// A required field of the agreement is blank, so it must not be
    /// printed for signing.
    #[error("the agreement cannot be printed because these fields are blank: {0}; fill them in first")]
    AgreementIncomplete(String),
}
