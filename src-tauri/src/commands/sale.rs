//! Paying for the cart: the tender dialog and completing the sale.

use tauri::State;

use giggatek_domain::tender::round_cash;
use giggatek_domain::{CardApproval, Tender};
use giggatek_store::{CompletedSale, SaleRequest};

use crate::commands::cart::cart_view;
use crate::commands::parse_amount;
use crate::error::CommandError;
use crate::state::AppState;
use crate::views::{CartView, SaleView, TenderInput, TenderStart};

/// Opens the tender dialog: makes the sale's client id and returns what is due.
#[tauri::command(rename_all = "snake_case")]
pub fn begin_tender(state: State<'_, AppState>) -> Result<TenderStart, CommandError> {
    let settings = state.settings()?;
    let mut session = state.session();
    if session.staff.is_none() {
        return Err(CommandError::signed_out());
    }
    if session.cart.is_empty() {
        return Err(CommandError::conflict(
            "The cart is empty: scan an item before taking payment.",
        ));
    }
    let priced = session.cart.price(settings.tax)?;
    let client_id = uuid::Uuid::now_v7().to_string();
    tracing::debug!(%client_id, total_cents = priced.total.cents(), "tender dialog opened");
    session.pending_sale = Some(client_id);
    Ok(TenderStart {
        total: priced.total,
        cash_due: round_cash(priced.total, settings.cash_rounding),
    })
}

/// Closes the tender dialog without a sale; the cart stays as it was.
#[tauri::command(rename_all = "snake_case")]
pub fn cancel_tender(state: State<'_, AppState>) {
    state.session().pending_sale = None;
}

/// Completes the sale with the tenders typed in the dialog.
///
/// Every call from one opening of the dialog carries the same client id, so
/// a double click on "Charge" or a retry records one sale. The session
/// returns a repeat's result itself, and the store also returns the stored
/// sale for a client id it already has.
#[tauri::command(rename_all = "snake_case")]
pub fn complete_sale(state: State<'_, AppState>, tenders: Vec<TenderInput>) -> Result<SaleView, CommandError> {
    let (client_id, cart, clerk, approver) = {
        let session = state.session();
        let clerk = session.staff.clone().ok_or_else(CommandError::signed_out)?;
        let client_id = session
            .pending_sale
            .clone()
            .ok_or_else(|| CommandError::conflict("No payment is open: press Pay to take payment."))?;
        if let Some((completed_id, sale)) = &session.completed_sale
            && *completed_id == client_id
        {
            tracing::info!(%client_id, receipt_number = %sale.receipt_number, "charge repeated; sale already completed");
            return Ok(SaleView {
                replayed: true,
                ..sale.clone()
            });
        }
        (client_id, session.cart.clone(), clerk, session.approver.clone())
    };
    let tenders = tenders.iter().map(parse_tender).collect::<Result<Vec<_>, _>>()?;
    let request = SaleRequest {
        client_id: client_id.clone(),
        cart,
        tenders,
        clerk,
        approver,
    };
    let completed = state.with_store(|store| store.complete_sale(&request))?;
    state.sync.request_sync();
    let view = sale_view(&completed);
    tracing::info!(
        %client_id,
        receipt_number = %view.receipt_number,
        total_cents = view.total.cents(),
        replayed = view.replayed,
        "sale completed"
    );
    let mut session = state.session();
    session.cart.clear();
    session.approver = None;
    session.completed_sale = Some((client_id, view.clone()));
    Ok(view)
}

/// Leaves the completed sale's screen for an empty cart.
#[tauri::command(rename_all = "snake_case")]
pub fn new_sale(state: State<'_, AppState>) -> Result<CartView, CommandError> {
    let settings = state.settings()?;
    let mut session = state.session();
    session.pending_sale = None;
    session.completed_sale = None;
    cart_view(&session.cart, &settings)
}

/// Reads one tender as typed in the dialog.
fn parse_tender(input: &TenderInput) -> Result<Tender, CommandError> {
    match input {
        TenderInput::Cash { tendered } => Ok(Tender::Cash {
            tendered: parse_amount("Cash received", tendered)?,
        }),
        TenderInput::Card {
            amount,
            approval_code,
            last4,
        } => Ok(Tender::Card {
            amount: parse_amount("Card amount", amount)?,
            approval: CardApproval::parse(approval_code, last4)?,
        }),
    }
}

fn sale_view(completed: &CompletedSale) -> SaleView {
    SaleView {
        receipt_number: completed.receipt_number.clone(),
        total: completed.priced.total,
        amount_due: completed.settlement.amount_due,
        rounding: completed.settlement.rounding,
        change: completed.settlement.change,
        payments: completed.settlement.payments.clone(),
        replayed: completed.replayed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use giggatek_domain::Money;

    #[test]
    fn cash_tender_parses_amount() {
        let tender = parse_tender(&TenderInput::Cash { tendered: "30".into() }).ok();
        assert_eq!(
            tender,
            Some(Tender::Cash {
                tendered: Money::from_cents(3000)
            })
        );
    }

    #[test]
    fn card_tender_rejects_short_last4() {
        let input = TenderInput::Card {
            amount: "10.00".into(),
            approval_code: "A1".into(),
            last4: "42".into(),
        };
        let error = parse_tender(&input).err();
        assert_eq!(error.map(|e| e.kind), Some(crate::error::ErrorKind::Tender));
    }

    #[test]
    fn cash_tender_rejects_negative() {
        let error = parse_tender(&TenderInput::Cash { tendered: "-1".into() }).err();
        assert_eq!(
            error.map(|e| e.message),
            Some("Cash received: -1 is negative: amounts here must be zero or more".to_string())
        );
    }
}
