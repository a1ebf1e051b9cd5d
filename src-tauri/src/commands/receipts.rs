//! Printing a receipt: the thermal text for the preview, kept as files with
//! the PDF.

use tauri::State;

use giggatek_domain::ThermalWidth;
use giggatek_domain::receipt_text;

use crate::error::{CommandError, ErrorKind};
use crate::receipt_files;
use crate::state::AppState;
use crate::views::PrintedReceipt;

/// Prints the receipt of a sale or refund: writes its 80 mm thermal text and
/// its PDF into the app data folder's `receipts/`, and returns the text for
/// the on-screen preview.
///
/// A PDF that cannot be made (a name with characters the PDF font lacks)
/// does not stop the print: the text is saved and `pdf_error` gives the reason.
#[tauri::command(rename_all = "snake_case")]
pub fn print_receipt(state: State<'_, AppState>, receipt_number: String) -> Result<PrintedReceipt, CommandError> {
    state.staff()?;
    let receipt = state.with_store(|store| store.receipt(&receipt_number))?;
    let text = receipt_text::render(&receipt, ThermalWidth::Mm80);
    let (pdf, pdf_error) = match giggatek_documents::receipt_pdf(&receipt) {
        Ok(bytes) => (Some(bytes), None),
        Err(error) => {
            tracing::warn!(receipt_number = %receipt.receipt_number, %error, "receipt PDF not made");
            (None, Some(format!("The PDF copy was not made: {error}")))
        }
    };
    let folder = &state.paths.receipts;
    let saved = receipt_files::save(folder, &receipt.receipt_number, &text, pdf.as_deref()).map_err(|error| {
        tracing::error!(
            receipt_number = %receipt.receipt_number,
            folder = %folder.display(),
            %error,
            "cannot save the printed receipt"
        );
        CommandError::new(
            ErrorKind::Storage,
            format!(
                "The receipt could not be saved in {}. Check the disk, then print again.",
                folder.display()
            ),
        )
    })?;
    tracing::info!(receipt_number = %receipt.receipt_number, "receipt printed");
    Ok(PrintedReceipt {
        receipt_number: receipt.receipt_number,
        text,
        text_file: saved.text_file.display().to_string(),
        pdf_file: saved.pdf_file.map(|path| path.display().to_string()),
        pdf_error,
    })
}
