//! Printed documents for GigGatek's terminal: the receipt, the rental fee
//! receipt and the rent-to-own agreement as PDFs.
//!
//! The receipt PDF prints the same rows, in the same order, as the thermal
//! text from [`giggatek_domain::receipt_text`]. Text is set in DejaVu Sans,
//! with Droid Sans Fallback for the characters DejaVu Sans lacks, so names
//! such as `Zoë Ångström` and `山田 花子` print as written. The fonts travel
//! inside the binary, so printing needs no installed fonts.

mod agreement;
mod error;
mod font;
mod layout;
mod pdf;

pub use agreement::agreement_pdf;
pub use error::DocumentError;
pub use pdf::{receipt_pdf, rental_fee_receipt_pdf};
