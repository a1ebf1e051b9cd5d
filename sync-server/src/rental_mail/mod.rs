//! Rental mail from what terminals upload: the agreement of each new
//! contract as a PDF, a receipt for each rent-to-own payment and a reminder before each installment falls due, at a
//! store-local time. A background task runs [`RentalMail::run_pass`] every
//! [`RentalMailConfig::interval`]; the mail workers send what it queues.

mod agreement;
mod config;
mod figures;
mod plan;

use std::sync::Arc;

use tokio::task::JoinHandle;

pub use config::RentalMailConfig;
pub use figures::{ReceiptFigures, receipt_figures};
pub use plan::{PassReport, RentalMail};

/// Starts the task that runs a pass every interval until it is aborted.
/// A pass commits each job in its own transaction, so aborting it between
/// or within passes loses nothing.
pub fn spawn(rental_mail: Arc<RentalMail>) -> JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match rental_mail.run_pass(jiff::Timestamp::now()).await {
                Ok(report) if report != PassReport::default() => {
                    tracing::info!(
                        agreements = report.agreements,
                        receipts = report.receipts,
                        returns = report.returns,
                        reminders = report.reminders,
                        "rental mail queued"
                    );
                }
                Ok(_) => {}
                Err(error) => tracing::error!(%error, "queuing rental mail failed; retrying after the interval"),
            }
            tokio::time::sleep(rental_mail.config().interval).await;
        }
    })
}
