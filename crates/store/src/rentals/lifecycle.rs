//! Ending a contract by a return or a charge-off, and reinstating a
//! returned one. Each change sets the contract's status, moves the unit,
//! and writes an audit entry and an outbox record in one transaction.

use giggatek_domain::rental::{ContractEvent, ContractStatus, UnitCondition, UnitStatus};
use jiff::{Span, Timestamp};
use rusqlite::{Connection, params};
use serde_json::json;

use crate::audit::{self, NewAuditEntry};
use crate::clock::format_instant;
use crate::db::Store;
use crate::error::StoreError;
use crate::outbox;
use crate::rentals::contracts::{ContractRow, ContractView, contract_row, load_view, today};
use crate::rentals::initial_payment::require_initial_payment;
use crate::rentals::units::{UnitChange, change_unit, load_unit};
use crate::staff::{Staff, require_manager};

/// Maximum length of a return or charge-off note, in characters.
const MAX_NOTE_CHARS: usize = 200;

/// Writes a contract's new status with its audit entry and outbox record.
/// A contract leaving `active` gets `closed_at`; a reinstated one loses it.
pub(crate) fn set_status(
    conn: &Connection,
    now: Timestamp,
    row: &ContractRow,
    status: ContractStatus,
    staff_id: Option<i64>,
    note: Option<&str>,
) -> Result<(), StoreError> {
    let at = format_instant(now);
    let closed_at = (status != ContractStatus::Active).then_some(at.as_str());
    conn.execute(
        "UPDATE contracts SET status = ?1, closed_at = ?2, updated_at = ?3, version = version + 1 WHERE id = ?4",
        params![status.as_str(), closed_at, at, row.id],
    )?;
    outbox::enqueue(
        conn,
        now,
        &outbox::new_client_id(),
        "contract_status",
        &json!({
            "contract_client_id": row.client_id,
            "from": row.status,
            "to": status,
            "version": row.version + 1,
        }),
    )?;
    audit::record(
        conn,
        now,
        NewAuditEntry {
            staff_id,
            approved_by: None,
            action: "contract_status_changed",
            subject: &row.contract_number,
            detail: json!({ "from": row.status, "to": status, "note": note }),
        },
    )
}

fn check_note(note: &str) -> Result<String, StoreError> {
    let note = note.trim();
    if note.is_empty() || note.chars().count() > MAX_NOTE_CHARS {
        return Err(StoreError::Invalid(format!(
            "the note is invalid: say why in 1 to {MAX_NOTE_CHARS} characters"
        )));
    }
    Ok(note.to_string())
}

impl Store {
    /// Takes the unit back and ends the contract as returned. A unit in
    /// good order goes back in stock as used; a damaged one is held out of
    /// stock. Payments made stay credited for a reinstatement.
    pub fn return_contract(
        &mut self,
        manager: &Staff,
        contract_number: &str,
        condition: UnitCondition,
        note: &str,
    ) -> Result<ContractView, StoreError> {
        let note = check_note(note)?;
        if condition == UnitCondition::New {
            return Err(StoreError::Invalid(
                "a returned unit is used or damaged, not new: pick used or damaged".to_string(),
            ));
        }
        let now = self.now();
        let tx = self.write()?;
        require_manager(&tx, manager)?;
        let row = contract_row(&tx, contract_number)?;
        let status = row.status.apply(ContractEvent::Return).map_err(StoreError::invalid)?;
        set_status(&tx, now, &row, status, Some(manager.id), Some(&note))?;
        let unit = load_unit(&tx, row.unit_id)?;
        let to_status = if condition == UnitCondition::Damaged {
            UnitStatus::Returned
        } else {
            UnitStatus::InStock
        };
        change_unit(
            &tx,
            now,
            &unit,
            &UnitChange {
                to_status,
                condition,
                contract_id: Some(row.id),
                staff_id: Some(manager.id),
                note: &format!("returned from {}: {note}", row.contract_number),
            },
        )?;
        let (today, zone) = today(&tx, now)?;
        let view = load_view(&tx, &row.contract_number, today, &zone)?;
        tx.commit()?;
        tracing::info!(contract_number = %row.contract_number, "contract returned");
        Ok(view)
    }

    /// Writes off what a customer owes and ends the contract as charged
    /// off. A unit still with the customer is written off too.
    pub fn charge_off_contract(
        &mut self,
        manager: &Staff,
        contract_number: &str,
        note: &str,
    ) -> Result<ContractView, StoreError> {
        let note = check_note(note)?;
        let now = self.now();
        let tx = self.write()?;
        require_manager(&tx, manager)?;
        let row = contract_row(&tx, contract_number)?;
        let status = row
            .status
            .apply(ContractEvent::ChargeOff)
            .map_err(StoreError::invalid)?;
        set_status(&tx, now, &row, status, Some(manager.id), Some(&note))?;
        let unit = load_unit(&tx, row.unit_id)?;
        change_unit(
            &tx,
            now,
            &unit,
            &UnitChange {
                to_status: UnitStatus::WrittenOff,
                condition: unit.condition,
                contract_id: Some(row.id),
                staff_id: Some(manager.id),
                note: &format!("charged off with {}: {note}", row.contract_number),
            },
        )?;
        let (today, zone) = today(&tx, now)?;
        let view = load_view(&tx, &row.contract_number, today, &zone)?;
        tx.commit()?;
        tracing::info!(contract_number = %row.contract_number, "contract charged off");
        Ok(view)
    }

    /// Makes a returned contract active again within the policy's
    /// reinstatement window, with every payment already made still
    /// credited. The same unit goes back on rent, so it must still be in
    /// stock. What is past due is then paid as a normal payment.
    pub fn reinstate_contract(&mut self, manager: &Staff, contract_number: &str) -> Result<ContractView, StoreError> {
        let now = self.now();
        let tx = self.write()?;
        require_manager(&tx, manager)?;
        let row = contract_row(&tx, contract_number)?;
        let status = row
            .status
            .apply(ContractEvent::Reinstate)
            .map_err(StoreError::invalid)?;
        let (today, zone) = today(&tx, now)?;
        let returned_on = row
            .closed_at
            .map(|closed| closed.to_zoned_datetime(zone.clone()).date())
            .unwrap_or(today);
        let last_day = returned_on.saturating_add(Span::new().days(i64::from(row.policy.reinstatement_days)));
        if today > last_day {
            return Err(StoreError::Conflict(format!(
                "contract {} was returned on {returned_on}; the {}-day reinstatement window ended on {last_day}",
                row.contract_number, row.policy.reinstatement_days
            )));
        }
        require_initial_payment(&tx, &row)?;
        let unit = load_unit(&tx, row.unit_id)?;
        if unit.status != UnitStatus::InStock {
            return Err(StoreError::Conflict(format!(
                "unit {} is {}, not in stock: it cannot go back on rent",
                unit.serial_number,
                unit.status.describe()
            )));
        }
        set_status(&tx, now, &row, status, Some(manager.id), None)?;
        change_unit(
            &tx,
            now,
            &unit,
            &UnitChange {
                to_status: UnitStatus::OnRent,
                condition: unit.condition,
                contract_id: Some(row.id),
                staff_id: Some(manager.id),
                note: &format!("reinstated on {}", row.contract_number),
            },
        )?;
        let view = load_view(&tx, &row.contract_number, today, &zone)?;
        tx.commit()?;
        tracing::info!(contract_number = %row.contract_number, "contract reinstated");
        Ok(view)
    }
}

impl Store {
    /// Computes the per-day late fee of a short-term rental due by the end
    /// of `due_date` and returned at `returned_at`, counting whole days in
    /// the store's time zone.
    pub fn late_return_fee(
        &self,
        rate_per_day: giggatek_domain::Money,
        due_date: jiff::civil::Date,
        returned_at: Timestamp,
    ) -> Result<giggatek_domain::rental::DailyLateFee, StoreError> {
        let (returned_on, _) = today(&self.conn, returned_at)?;
        Ok(giggatek_domain::rental::daily_late_fee(
            rate_per_day,
            due_date,
            returned_on,
        ))
    }
}
