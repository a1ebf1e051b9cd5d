//! Receiving serialized units into rental stock, and short-term rentals:
//! renting a unit out until a due date and taking it back with its late
//! fee.

use tauri::State;

use giggatek_domain::ThermalWidth;
use giggatek_domain::rental::DailyLateFee;
use giggatek_store::{NewUnit, RentOut, ShortTermRental, ShortTermReturnRequest};

use super::parse_amount;
use super::rentals::tenders;
use crate::error::CommandError;
use crate::short_term_views::{
    RentOutInput, ShortTermReturnInput, ShortTermReturnView, ShortTermView, UnitInput, UnitView,
};
use crate::state::AppState;

/// Receives a serialized unit into rental stock; a manager approves.
#[tauri::command(rename_all = "snake_case")]
pub fn receive_unit(state: State<'_, AppState>, unit: UnitInput) -> Result<UnitView, CommandError> {
    state.staff()?;
    let cost = parse_amount("Cost", &unit.cost)?;
    let product = unit.product.trim();
    let new_unit = NewUnit {
        serial_number: unit.serial_number.clone(),
        description: unit.description.clone(),
        product: (!product.is_empty()).then(|| product.to_string()),
        condition: unit.condition,
        cost,
    };
    let stored = state.with_store(|store| {
        let manager = store.approve(&unit.manager.code, &unit.manager.pin)?;
        store.add_unit(&manager, &unit.client_id, &new_unit)
    })?;
    Ok(UnitView {
        serial_number: stored.serial_number,
        description: stored.description,
        condition: stored.condition,
        status: stored.status,
        cost: stored.cost,
    })
}

/// Rents a unit out until the end of a store-local due date.
#[tauri::command(rename_all = "snake_case")]
pub fn rent_out(state: State<'_, AppState>, rental: RentOutInput) -> Result<ShortTermView, CommandError> {
    let clerk = state.staff()?;
    let due_date = rental.due_date.trim().parse().map_err(|_| {
        CommandError::invalid(format!(
            "Due date \"{}\" is invalid: type a date such as 2026-07-30.",
            rental.due_date
        ))
    })?;
    let request = RentOut {
        client_id: rental.client_id.clone(),
        clerk,
        customer_id: rental.customer_id,
        serial_number: rental.serial_number.clone(),
        due_date,
        late_fee_per_day: parse_amount("Late fee per day", &rental.late_fee_per_day)?,
    };
    state.with_store(|store| {
        let stored = store.rent_out(&request)?;
        let fee = store.short_term_late_fee(&stored.rental_number)?;
        Ok(short_term_view(stored, fee))
    })
}

/// Loads a short-term rental with the late fee if it came back now.
#[tauri::command(rename_all = "snake_case")]
pub fn get_short_term_rental(state: State<'_, AppState>, rental_number: String) -> Result<ShortTermView, CommandError> {
    state.staff()?;
    state.with_store(|store| {
        let rental = store.short_term_rental(&rental_number)?;
        let fee = store.short_term_late_fee(&rental_number)?;
        Ok(short_term_view(rental, fee))
    })
}

/// Takes a short-term rental's unit back and charges its late fee.
#[tauri::command(rename_all = "snake_case")]
pub fn return_short_term(
    state: State<'_, AppState>,
    request: ShortTermReturnInput,
) -> Result<ShortTermReturnView, CommandError> {
    let clerk = state.staff()?;
    let tenders = tenders(
        &request.cash,
        &request.card_amount,
        &request.card_approval,
        &request.card_last4,
    )?;
    let done = state.with_store(|store| {
        store.return_short_term(&ShortTermReturnRequest {
            client_id: request.client_id.clone(),
            clerk,
            rental_number: request.rental_number.clone(),
            condition: request.condition,
            note: request.note.clone(),
            tenders,
        })
    })?;
    Ok(ShortTermReturnView {
        receipt_text: done.receipt.render(ThermalWidth::Mm58),
        rental: short_term_view(done.rental, done.late_fee),
        late_fee: done.late_fee,
        receipt: done.receipt,
        replayed: done.replayed,
    })
}

fn short_term_view(rental: ShortTermRental, late_fee_now: DailyLateFee) -> ShortTermView {
    ShortTermView {
        rental_number: rental.rental_number,
        status: rental.status.as_str().to_string(),
        customer_id: rental.customer_id,
        serial_number: rental.unit.serial_number,
        unit_description: rental.unit.description,
        due_date: rental.due_date.to_string(),
        late_fee_per_day: rental.late_fee_per_day,
        late_fee_now,
    }
}
