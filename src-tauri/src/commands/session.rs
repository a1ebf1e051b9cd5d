//! Signing in and out, and the session the window starts from.

use tauri::State;

use giggatek_store::Role;

use crate::commands::cart::cart_view;
use crate::error::CommandError;
use crate::state::AppState;
use crate::views::{SessionView, ShiftView, StaffView};

/// Returns who is signed in, the open shift and the cart.
#[tauri::command(rename_all = "snake_case")]
pub fn session_status(state: State<'_, AppState>) -> Result<SessionView, CommandError> {
    session_view(&state)
}

/// Signs a staff member in with their code and PIN.
#[tauri::command(rename_all = "snake_case")]
pub fn sign_in(state: State<'_, AppState>, code: String, pin: String) -> Result<SessionView, CommandError> {
    let staff = state.with_store(|store| store.sign_in(&code, &pin))?;
    tracing::info!(staff_id = staff.id, "staff signed in");
    state.session().staff = Some(staff);
    session_view(&state)
}

/// Signs the staff member out; the cart must be empty first.
#[tauri::command(rename_all = "snake_case")]
pub fn sign_out(state: State<'_, AppState>) -> Result<SessionView, CommandError> {
    {
        let mut session = state.session();
        if !session.cart.is_empty() {
            return Err(CommandError::conflict(
                "The cart still has items: finish the sale or void the cart before signing out.",
            ));
        }
        if let Some(staff) = session.staff.take() {
            tracing::info!(staff_id = staff.id, "staff signed out");
        }
        session.approver = None;
        session.pending_sale = None;
        session.completed_sale = None;
        session.pending_return = None;
    }
    session_view(&state)
}

/// Builds the session view from the store and the session.
pub(crate) fn session_view(state: &AppState) -> Result<SessionView, CommandError> {
    let settings = state.settings()?;
    let shift = state.with_store(|store| store.current_shift())?;
    let (staff, cart) = {
        let session = state.session();
        (session.staff.clone(), session.cart.clone())
    };
    Ok(SessionView {
        store_name: settings.store_name.clone(),
        staff: staff.map(|staff| StaffView {
            code: staff.code,
            name: staff.name,
            is_manager: staff.role == Role::Manager,
        }),
        shift: shift.map(|shift| ShiftView {
            id: shift.id,
            opened_at: shift.opened_at,
            opening_float: shift.opening_float,
        }),
        cart: cart_view(&cart, &settings)?,
    })
}
