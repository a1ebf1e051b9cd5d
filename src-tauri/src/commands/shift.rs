//! The shift: opening float, paid in and out, no-sale, X and Z reports.

use tauri::State;

use giggatek_domain::{ShiftCount, ShiftReport};

use crate::commands::parse_amount;
use crate::commands::session::session_view;
use crate::error::CommandError;
use crate::state::AppState;
use crate::views::{ManagerApproval, SessionView};

/// Opens a shift with the cash float the clerk counted into the drawer.
#[tauri::command(rename_all = "snake_case")]
pub fn open_shift(state: State<'_, AppState>, opening_float: String) -> Result<SessionView, CommandError> {
    let staff = state.staff()?;
    let float = parse_amount("Opening float", &opening_float)?;
    let shift = state.with_store(|store| store.open_shift(&staff, float))?;
    tracing::info!(shift_id = shift.id, staff_id = staff.id, "shift opened from the window");
    session_view(&state)
}

/// Records cash put into the drawer and returns the X report after it.
#[tauri::command(rename_all = "snake_case")]
pub fn paid_in(state: State<'_, AppState>, amount: String, reason: String) -> Result<ShiftReport, CommandError> {
    let staff = state.staff()?;
    let amount = parse_amount("Paid in", &amount)?;
    state.with_store(|store| store.paid_in(&staff, amount, &reason))?;
    current_report(&state)
}

/// Records cash taken out of the drawer and returns the X report after it.
#[tauri::command(rename_all = "snake_case")]
pub fn paid_out(state: State<'_, AppState>, amount: String, reason: String) -> Result<ShiftReport, CommandError> {
    let staff = state.staff()?;
    let amount = parse_amount("Paid out", &amount)?;
    state.with_store(|store| store.paid_out(&staff, amount, &reason))?;
    current_report(&state)
}

/// Records a drawer open without a sale, approved by a manager.
#[tauri::command(rename_all = "snake_case")]
pub fn no_sale(
    state: State<'_, AppState>,
    reason: String,
    manager: ManagerApproval,
) -> Result<ShiftReport, CommandError> {
    let staff = state.staff()?;
    state.with_store(|store| {
        let manager = store.approve(&manager.code, &manager.pin)?;
        store.no_sale(&staff, &manager, &reason)
    })?;
    current_report(&state)
}

/// Returns the X report of the open shift.
#[tauri::command(rename_all = "snake_case")]
pub fn x_report(state: State<'_, AppState>) -> Result<ShiftReport, CommandError> {
    state.staff()?;
    current_report(&state)
}

/// Closes the shift with the manager's count and returns the Z report.
/// `counted_card` may be blank when the card batch total is not at hand.
#[tauri::command(rename_all = "snake_case")]
pub fn close_shift(
    state: State<'_, AppState>,
    counted_cash: String,
    counted_card: String,
    manager: ManagerApproval,
) -> Result<ShiftReport, CommandError> {
    state.staff()?;
    if !state.session().cart.is_empty() {
        return Err(CommandError::conflict(
            "The cart still has items: finish the sale or void the cart before closing the shift.",
        ));
    }
    let cash = parse_amount("Counted cash", &counted_cash)?;
    let card = match counted_card.trim() {
        "" => None,
        text => Some(parse_amount("Card batch total", text)?),
    };
    let report = state.with_store(|store| {
        let manager = store.approve(&manager.code, &manager.pin)?;
        store.close_shift(&manager, ShiftCount { cash, card })
    })?;
    tracing::info!(
        cash_over_short_cents = report.cash.over_short.map(|m| m.cents()),
        "shift closed from the window"
    );
    Ok(report)
}

fn current_report(state: &AppState) -> Result<ShiftReport, CommandError> {
    state.with_store(|store| {
        let shift = store
            .current_shift()?
            .ok_or_else(|| giggatek_store::StoreError::Conflict("no shift is open: open a shift first".to_string()))?;
        store.shift_report(shift.id)
    })
}
