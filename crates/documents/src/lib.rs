//! Printed documents for GigGatek's terminal: the receipt as a PDF.
//!
//! The PDF prints the same rows, in the same order, as the thermal text from
//! [`giggatek_domain::receipt_text`], set in DejaVu Sans so that names such
//! as `Halo²`, `Zoë` and `Ångström` print as written. The font travels
//! inside the binary, so printing needs no installed fonts.

mod error;
mod font;
mod layout;
mod pdf;

pub use error::DocumentError;
pub use pdf::receipt_pdf;
