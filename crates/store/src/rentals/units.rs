//! Serialized units: the individual items rented out, each with a serial
//! number, a status, a condition, its cost to the store and a history of
//! every change.

use giggatek_domain::Money;
use giggatek_domain::rental::{UnitCondition, UnitStatus};
use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::audit::{self, NewAuditEntry};
use crate::clock::format_instant;
use crate::db::Store;
use crate::error::StoreError;
use crate::outbox;
use crate::sales::check_client_id;
use crate::staff::{Staff, require_manager};

/// Maximum length of a serial number, in characters.
const MAX_SERIAL_CHARS: usize = 64;
/// Maximum length of a unit's description, in characters.
const MAX_DESCRIPTION_CHARS: usize = 160;

/// A unit as a manager receives it into rental stock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUnit {
    pub serial_number: String,
    pub description: String,
    /// A catalog barcode or SKU, when the unit is a catalog product.
    pub product: Option<String>,
    pub condition: UnitCondition,
    pub cost: Money,
}

/// A stored unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    pub id: i64,
    pub client_id: String,
    pub serial_number: String,
    pub product_id: Option<i64>,
    pub description: String,
    pub condition: UnitCondition,
    pub status: UnitStatus,
    pub cost: Money,
    pub version: i64,
}

/// One change in a unit's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitEvent {
    pub from_status: Option<UnitStatus>,
    pub to_status: UnitStatus,
    pub condition: UnitCondition,
    pub contract_id: Option<i64>,
    pub note: String,
    /// UTC RFC 3339 instant.
    pub created_at: String,
}

/// Normalizes a scanned serial number: trimmed, upper case, no inner spaces.
pub fn normalize_serial(serial: &str) -> Result<String, StoreError> {
    let serial: String = serial
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let valid = !serial.is_empty()
        && serial.chars().count() <= MAX_SERIAL_CHARS
        && serial
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.'));
    if !valid {
        return Err(StoreError::Invalid(format!(
            "serial number \"{serial}\" is invalid: use 1 to {MAX_SERIAL_CHARS} letters, digits, '-', '/' or '.'"
        )));
    }
    Ok(serial)
}

const UNIT_COLUMNS: &str =
    "id, client_id, serial_number, product_id, description, condition, status, cost_cents, version";

fn unit_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<(Unit, String, String)> {
    Ok((
        Unit {
            id: row.get(0)?,
            client_id: row.get(1)?,
            serial_number: row.get(2)?,
            product_id: row.get(3)?,
            description: row.get(4)?,
            condition: UnitCondition::New,
            status: UnitStatus::InStock,
            cost: Money::from_cents(row.get(7)?),
            version: row.get(8)?,
        },
        row.get(5)?,
        row.get(6)?,
    ))
}

fn finish_unit((mut unit, condition, status): (Unit, String, String)) -> Result<Unit, StoreError> {
    unit.condition = UnitCondition::parse(&condition)
        .map_err(|_| StoreError::Corrupt(format!("unit {} has an unknown condition \"{condition}\"", unit.id)))?;
    unit.status = UnitStatus::parse(&status)
        .ok_or_else(|| StoreError::Corrupt(format!("unit {} has an unknown status \"{status}\"", unit.id)))?;
    Ok(unit)
}

pub(crate) fn load_unit(conn: &Connection, id: i64) -> Result<Unit, StoreError> {
    let sql = format!("SELECT {UNIT_COLUMNS} FROM units WHERE id = ?1");
    let row = conn.query_row(&sql, [id], unit_from_row).optional()?;
    finish_unit(row.ok_or_else(|| StoreError::NotFound(format!("there is no unit {id}")))?)
}

pub(crate) fn unit_by_serial(conn: &Connection, serial: &str) -> Result<Unit, StoreError> {
    let serial = normalize_serial(serial)?;
    let sql = format!("SELECT {UNIT_COLUMNS} FROM units WHERE serial_number = ?1");
    let row = conn.query_row(&sql, [&serial], unit_from_row).optional()?;
    finish_unit(row.ok_or_else(|| {
        StoreError::NotFound(format!(
            "no unit has serial number \"{serial}\": check the label, or receive the unit first"
        ))
    })?)
}

/// Loads the unit with `serial` for renting out.
///
/// # Errors
/// - `NotFound` for an unknown serial number.
/// - `Conflict` when the unit is not in stock (on rent, sold, held or
///   written off) or is damaged.
pub(crate) fn rentable_unit(conn: &Connection, serial: &str) -> Result<Unit, StoreError> {
    let unit = unit_by_serial(conn, serial)?;
    if unit.status != UnitStatus::InStock {
        return Err(StoreError::Conflict(format!(
            "unit {} is {}, not in stock: scan another unit",
            unit.serial_number,
            unit.status.describe()
        )));
    }
    if unit.condition == UnitCondition::Damaged {
        return Err(StoreError::Conflict(format!(
            "unit {} is damaged: scan another unit",
            unit.serial_number
        )));
    }
    Ok(unit)
}

/// A change of a unit's status, written with its history row and outbox
/// record in the caller's transaction.
pub(crate) struct UnitChange<'a> {
    pub to_status: UnitStatus,
    pub condition: UnitCondition,
    pub contract_id: Option<i64>,
    pub staff_id: Option<i64>,
    pub note: &'a str,
}

pub(crate) fn change_unit(
    conn: &Connection,
    now: Timestamp,
    unit: &Unit,
    change: &UnitChange<'_>,
) -> Result<(), StoreError> {
    let at = format_instant(now);
    conn.execute(
        "UPDATE units SET status = ?1, condition = ?2, updated_at = ?3, version = version + 1 WHERE id = ?4",
        params![change.to_status.as_str(), change.condition.as_str(), at, unit.id],
    )?;
    record_event(conn, &at, unit.id, Some(unit.status), change)?;
    let contract_client_id: Option<String> = match change.contract_id {
        Some(id) => Some(conn.query_row("SELECT client_id FROM contracts WHERE id = ?1", [id], |row| row.get(0))?),
        None => None,
    };
    let payload = json!({
        "unit_client_id": unit.client_id,
        "serial_number": unit.serial_number,
        "from_status": unit.status,
        "to_status": change.to_status,
        "condition": change.condition,
        "contract_client_id": contract_client_id,
        "version": unit.version + 1,
    });
    outbox::enqueue(conn, now, &outbox::new_client_id(), "unit_status", &payload)?;
    Ok(())
}

fn record_event(
    conn: &Connection,
    at: &str,
    unit_id: i64,
    from_status: Option<UnitStatus>,
    change: &UnitChange<'_>,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO unit_events (client_id, unit_id, from_status, to_status, condition, contract_id, staff_id, note, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            outbox::new_client_id(),
            unit_id,
            from_status.map(UnitStatus::as_str),
            change.to_status.as_str(),
            change.condition.as_str(),
            change.contract_id,
            change.staff_id,
            change.note,
            at,
        ],
    )?;
    Ok(())
}

impl Store {
    /// Receives a serialized unit into rental stock. A client id already
    /// stored returns that unit; a serial number already stored is a
    /// `Conflict`.
    pub fn add_unit(&mut self, manager: &Staff, client_id: &str, unit: &NewUnit) -> Result<Unit, StoreError> {
        let client_id = check_client_id(client_id)?;
        let serial = normalize_serial(&unit.serial_number)?;
        let description = unit.description.trim();
        if description.is_empty() || description.chars().count() > MAX_DESCRIPTION_CHARS {
            return Err(StoreError::Invalid(format!(
                "the unit description is invalid: use 1 to {MAX_DESCRIPTION_CHARS} characters"
            )));
        }
        let cost = Money::from_cents_checked(unit.cost.cents()).map_err(StoreError::invalid)?;
        if unit.condition == UnitCondition::Damaged {
            return Err(StoreError::Invalid(
                "a damaged unit cannot go into rental stock: receive it as new or used after repair".to_string(),
            ));
        }
        let now = self.now();
        let tx = self.write()?;
        require_manager(&tx, manager)?;
        let existing: Option<i64> = tx
            .query_row("SELECT id FROM units WHERE client_id = ?1", [&client_id], |row| {
                row.get(0)
            })
            .optional()?;
        if let Some(id) = existing {
            return load_unit(&tx, id);
        }
        if unit_by_serial(&tx, &serial).is_ok() {
            return Err(StoreError::Conflict(format!(
                "a unit with serial number {serial} is already stored"
            )));
        }
        let product_id = match unit.product.as_deref().map(str::trim).filter(|text| !text.is_empty()) {
            Some(code) => Some(product_id(&tx, code)?),
            None => None,
        };
        outbox::ensure_unused(&tx, &client_id)?;
        let at = format_instant(now);
        tx.execute(
            "INSERT INTO units (client_id, serial_number, product_id, description, condition, status, cost_cents,
                 created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 'in_stock', ?6, ?7, ?7)",
            params![
                client_id,
                serial,
                product_id,
                description,
                unit.condition.as_str(),
                cost.cents(),
                at
            ],
        )?;
        let stored = load_unit(&tx, tx.last_insert_rowid())?;
        let change = UnitChange {
            to_status: UnitStatus::InStock,
            condition: stored.condition,
            contract_id: None,
            staff_id: Some(manager.id),
            note: "received",
        };
        record_event(&tx, &at, stored.id, None, &change)?;
        outbox::enqueue(&tx, now, &client_id, "unit", &json!({ "unit": stored }))?;
        audit::record(
            &tx,
            now,
            NewAuditEntry {
                staff_id: Some(manager.id),
                approved_by: None,
                action: "unit_received",
                subject: &serial,
                detail: json!({ "unit_id": stored.id, "cost_cents": cost.cents(), "condition": stored.condition }),
            },
        )?;
        tx.commit()?;
        tracing::info!(unit_id = stored.id, serial = %serial, "unit received");
        Ok(stored)
    }

    /// Finds a unit by its serial number.
    pub fn unit(&self, serial: &str) -> Result<Unit, StoreError> {
        unit_by_serial(&self.conn, serial)
    }

    /// Lists a unit's history, oldest first.
    pub fn unit_history(&self, unit_id: i64) -> Result<Vec<UnitEvent>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT from_status, to_status, condition, contract_id, note, created_at
             FROM unit_events WHERE unit_id = ?1 ORDER BY id",
        )?;
        let rows = statement.query_map([unit_id], |row| {
            Ok((
                row.get::<_, Option<String>>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, Option<i64>>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, String>(5)?,
            ))
        })?;
        let mut events = Vec::new();
        for row in rows {
            let (from, to, condition, contract_id, note, created_at) = row?;
            let status = |text: &str| {
                UnitStatus::parse(text)
                    .ok_or_else(|| StoreError::Corrupt(format!("unit {unit_id} history has status \"{text}\"")))
            };
            events.push(UnitEvent {
                from_status: from.as_deref().map(status).transpose()?,
                to_status: status(&to)?,
                condition: UnitCondition::parse(&condition).map_err(StoreError::invalid)?,
                contract_id,
                note,
                created_at,
            });
        }
        Ok(events)
    }
}

fn product_id(conn: &Connection, code: &str) -> Result<i64, StoreError> {
    conn.query_row(
        "SELECT id FROM products WHERE barcode = ?1 OR sku = ?1",
        [code],
        |row| row.get(0),
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("no product has barcode or SKU \"{code}\"")))
}
