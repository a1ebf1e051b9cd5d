//! `receipt NUMBER`: a stored receipt as thermal text, a PDF or JSON.

use giggatek_domain::ThermalWidth;
use giggatek_domain::receipt_text::render;

use crate::args::{ReceiptArgs, ReceiptFormat};
use crate::error::{CliError, Failure};
use crate::output::{emit, write_stdout};

use super::Context;

pub fn run(context: &Context, args: &ReceiptArgs) -> Result<(), CliError> {
    let receipt = context.store.receipt(&args.number)?;
    let bytes = match args.format {
        ReceiptFormat::Text58 => render(&receipt, ThermalWidth::Mm58).into_bytes(),
        ReceiptFormat::Text80 => render(&receipt, ThermalWidth::Mm80).into_bytes(),
        ReceiptFormat::Pdf => {
            if args.out.is_none() {
                return Err(CliError::new(
                    Failure::Usage,
                    "a PDF receipt needs a file: pass --out FILE",
                ));
            }
            giggatek_documents::receipt_pdf(&receipt).map_err(|error| {
                CliError::new(
                    Failure::Internal,
                    format!("the PDF of receipt {}: {error}", receipt.receipt_number),
                )
            })?
        }
    };
    match &args.out {
        Some(path) => {
            std::fs::write(path, &bytes)
                .map_err(|error| CliError::new(Failure::File, format!("writing {} failed: {error}", path.display())))?;
            let written = serde_json::json!({ "receipt_number": receipt.receipt_number, "file": path });
            emit(context.json, &written, |_| format!("Wrote {}.", path.display()))
        }
        None if context.json => emit(true, &receipt, |_| String::new()),
        None => write_stdout(&bytes),
    }
}
