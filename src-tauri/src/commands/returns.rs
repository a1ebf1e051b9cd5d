//! Returns against a receipt number, approved by a manager.

use tauri::State;

use giggatek_store::{CompletedReturn, ReturnLine, SaleForReturn};

use crate::error::CommandError;
use crate::state::AppState;
use crate::views::{RefundView, ReturnInput, ReturnView, ReturnableLineView, ReturnableSale};

/// Finds a sale by its receipt number, with what each line can still take
/// back, and makes the client id of the return about to be entered.
#[tauri::command(rename_all = "snake_case")]
pub fn find_sale_for_return(
    state: State<'_, AppState>,
    receipt_number: String,
) -> Result<ReturnableSale, CommandError> {
    state.staff()?;
    let sale = state.with_store(|store| store.sale_for_return(&receipt_number))?;
    state.session().pending_return = Some(uuid::Uuid::now_v7().to_string());
    Ok(returnable_sale(sale))
}

/// Records the return: refunds go to the original tenders and the units go
/// back into stock. A repeated submit of the same return records it once.
#[tauri::command(rename_all = "snake_case")]
pub fn record_return(state: State<'_, AppState>, request: ReturnInput) -> Result<ReturnView, CommandError> {
    let clerk = state.staff()?;
    let client_id = state
        .session()
        .pending_return
        .clone()
        .ok_or_else(|| CommandError::conflict("Look up the sale by its receipt number first."))?;
    let mut lines = Vec::new();
    for line in &request.lines {
        let text = line.quantity.trim();
        if text.is_empty() || text == "0" {
            continue;
        }
        let quantity = text.parse::<u32>().map_err(|_| {
            CommandError::invalid(format!(
                "Quantity \"{text}\" on line {} is invalid: type a whole number of units.",
                line.line_no
            ))
        })?;
        lines.push(ReturnLine {
            line_no: line.line_no,
            quantity,
        });
    }
    if lines.is_empty() {
        return Err(CommandError::invalid(
            "Type how many units come back on at least one line.",
        ));
    }
    let completed = state.with_store(|store| {
        let manager = store.approve(&request.manager.code, &request.manager.pin)?;
        store.record_return(&giggatek_store::ReturnRequest {
            client_id: client_id.clone(),
            receipt_number: request.receipt_number.trim().to_string(),
            lines,
            clerk: clerk.clone(),
            manager,
            reason: request.reason.clone(),
        })
    })?;
    tracing::info!(
        %client_id,
        receipt_number = %completed.receipt_number,
        total_cents = completed.total.cents(),
        "return recorded"
    );
    Ok(return_view(completed))
}

fn returnable_sale(sale: SaleForReturn) -> ReturnableSale {
    ReturnableSale {
        receipt_number: sale.receipt_number,
        sold_at: sale.sold_at,
        lines: sale
            .lines
            .into_iter()
            .map(|line| ReturnableLineView {
                line_no: line.line_no,
                sku: line.sku,
                name: line.name,
                quantity_sold: line.quantity_sold,
                quantity_returned: line.quantity_returned,
                unit_price: line.unit_price,
                net: line.net,
                tax: line.tax,
            })
            .collect(),
        payments: sale.payments,
    }
}

fn return_view(completed: CompletedReturn) -> ReturnView {
    ReturnView {
        receipt_number: completed.receipt_number,
        net: completed.net,
        tax: completed.tax,
        total: completed.total,
        refunds: completed
            .refunds
            .into_iter()
            .map(|(kind, amount)| RefundView { kind, amount })
            .collect(),
        replayed: completed.replayed,
    }
}
