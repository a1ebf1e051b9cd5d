//! Printing a receipt: the thermal text for the preview, kept as files.

use tauri::State;

use giggatek_domain::ThermalWidth;
use giggatek_domain::receipt_text;

use crate::error::{CommandError, ErrorKind};
use crate::receipt_files;
use crate::state::AppState;
use crate::views::PrintedReceipt;

/// Prints the receipt of a sale or refund: writes its 80 mm thermal text
/// into the app data folder's `receipts/` and returns the text for the
/// on-screen preview.
#[tauri::command(rename_all = "snake_case")]
pub fn print_receipt(state: State<'_, AppState>, receipt_number: String) -> Result<PrintedReceipt, CommandError> {
    state.staff()?;
    let receipt = state.with_store(|store| store.receipt(&receipt_number))?;
    let text = receipt_text::render(&receipt, ThermalWidth::Mm80);
    // TODO: add the PDF from the documents crate once it has a receipt renderer.
    let saved = receipt_files::save(&state.paths.receipts, &receipt.receipt_number, &text, None).map_err(|error| {
        tracing::error!(
            receipt_number = %receipt.receipt_number,
            folder = %state.paths.receipts.display(),
            %error,
            "cannot save the printed receipt"
        );
        CommandError::new(
            ErrorKind::Storage,
            format!(
                "The receipt could not be saved in {}. Check the disk, then print again.",
                state.paths.receipts.display()
            ),
        )
    })?;
    tracing::info!(receipt_number = %receipt.receipt_number, "receipt printed");
    Ok(PrintedReceipt {
        receipt_number: receipt.receipt_number,
        text,
        text_file: saved.text_file.display().to_string(),
        pdf_file: saved.pdf_file.map(|path| path.display().to_string()),
    })
}
