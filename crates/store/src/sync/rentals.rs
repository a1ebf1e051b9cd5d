//! Applying the rental changes of the server's feed: customers and units
//! made or changed at other terminals, contracts as the server stores them,
//! and sync conflicts. None of these writes an outbox record, so nothing
//! is sent back.
//!
//! Customers and units keep the highest version: a change whose version is
//! not above the local row's is an echo of this terminal's own upload or
//! an older edit, and changes nothing.

use giggatek_protocol::{ConflictChange, ContractChange, CustomerPayload, UnitPayload};
use rusqlite::{Connection, OptionalExtension, params};

use crate::db::Store;
use crate::error::StoreError;

/// A conflict the server found between this terminal's records and
/// another's, such as one unit on two active contracts, as its change feed
/// sent it. Its `id` is what `giggatek-server admin resolve-conflict` takes.
pub type SyncConflict = ConflictChange;

pub(super) fn apply_customer(conn: &Connection, customer: &CustomerPayload, now: &str) -> Result<(), StoreError> {
    let local: Option<i64> = conn
        .prepare_cached("SELECT version FROM customers WHERE client_id = ?1")?
        .query_row([&customer.client_id], |row| row.get(0))
        .optional()?;
    let address = serde_json::to_string(&customer.address).map_err(|error| {
        StoreError::Invalid(format!(
            "customer {} has an invalid address: {error}",
            customer.client_id
        ))
    })?;
    match local {
        Some(version) if version >= customer.version => {}
        Some(_) => {
            conn.prepare_cached(
                "UPDATE customers SET full_name = ?2, address = ?3, phone = ?4, email = ?5, id_document = ?6,
                     version = ?7, updated_at = ?8
                 WHERE client_id = ?1",
            )?
            .execute(params![
                customer.client_id,
                customer.full_name,
                address,
                customer.phone,
                customer.email,
                customer.id_document,
                customer.version,
                now
            ])?;
        }
        None => {
            conn.prepare_cached(
                "INSERT INTO customers (client_id, full_name, address, phone, email, id_document, created_at,
                     updated_at, version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
            )?
            .execute(params![
                customer.client_id,
                customer.full_name,
                address,
                customer.phone,
                customer.email,
                customer.id_document,
                now,
                customer.version
            ])?;
        }
    }
    Ok(())
}

pub(super) fn apply_unit(conn: &Connection, unit: &UnitPayload, now: &str) -> Result<(), StoreError> {
    let local: Option<i64> = conn
        .prepare_cached("SELECT version FROM units WHERE client_id = ?1")?
        .query_row([&unit.client_id], |row| row.get(0))
        .optional()?;
    match local {
        Some(version) if version >= unit.version => {}
        Some(_) => {
            // NOTE: a unit this terminal moved offline to the same version
            // keeps its local status. When that move was a second contract,
            // the server records a conflict.
            conn.prepare_cached(
                "UPDATE units SET description = ?2, condition = ?3, status = ?4, cost_cents = ?5, version = ?6,
                     updated_at = ?7
                 WHERE client_id = ?1",
            )?
            .execute(params![
                unit.client_id,
                unit.description,
                unit.condition,
                unit.status,
                unit.cost_cents,
                unit.version,
                now
            ])?;
        }
        None => {
            let serial_taken: bool = conn
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM units WHERE serial_number = ?1)")?
                .query_row([&unit.serial_number], |row| row.get(0))?;
            if serial_taken {
                tracing::warn!(
                    unit_client_id = %unit.client_id,
                    serial = %unit.serial_number,
                    "skipping a unit from the server: another unit here has its serial number"
                );
                return Ok(());
            }
            conn.prepare_cached(
                "INSERT INTO units (client_id, serial_number, description, condition, status, cost_cents,
                     created_at, updated_at, version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
            )?
            .execute(params![
                unit.client_id,
                unit.serial_number,
                unit.description,
                unit.condition,
                unit.status,
                unit.cost_cents,
                now,
                unit.version
            ])?;
        }
    }
    Ok(())
}

pub(super) fn apply_contract(conn: &Connection, contract: &ContractChange, now: &str) -> Result<(), StoreError> {
    let data = serde_json::to_string(contract)
        .map_err(|error| StoreError::Invalid(format!("contract {} is invalid: {error}", contract.client_id)))?;
    conn.prepare_cached(
        "INSERT INTO server_contracts (client_id, contract_number, store_code, terminal_code, customer_client_id,
             serial_number, status, paid_cents, version, data, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (client_id) DO UPDATE SET contract_number = excluded.contract_number,
             store_code = excluded.store_code, terminal_code = excluded.terminal_code,
             customer_client_id = excluded.customer_client_id, serial_number = excluded.serial_number,
             status = excluded.status, paid_cents = excluded.paid_cents, version = excluded.version,
             data = excluded.data, updated_at = excluded.updated_at",
    )?
    .execute(params![
        contract.client_id,
        contract.contract_number,
        contract.store_code,
        contract.terminal_code,
        contract.customer_client_id,
        contract.serial_number,
        contract.status,
        contract.paid_cents,
        contract.version,
        data,
        now
    ])?;
    Ok(())
}

pub(super) fn apply_conflict(conn: &Connection, conflict: &ConflictChange) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO sync_conflicts (id, kind, subject, record_client_id, other_client_id, message, raised_at,
             resolved_at, resolution)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (id) DO UPDATE SET message = excluded.message, resolved_at = excluded.resolved_at,
             resolution = excluded.resolution",
    )?
    .execute(params![
        conflict.id,
        conflict.kind,
        conflict.subject,
        conflict.record_client_id,
        conflict.other_client_id,
        conflict.message,
        conflict.raised_at,
        conflict.resolved_at,
        conflict.resolution
    ])?;
    if conflict.resolved_at.is_none() {
        tracing::warn!(conflict_id = conflict.id, kind = %conflict.kind, "the server reported a sync conflict");
    }
    Ok(())
}

impl Store {
    /// Lists the conflicts the server reported, oldest first: only open
    /// ones unless `include_resolved`.
    pub fn sync_conflicts(&self, include_resolved: bool) -> Result<Vec<SyncConflict>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, kind, subject, record_client_id, other_client_id, message, raised_at, resolved_at,
                 resolution
             FROM sync_conflicts WHERE ?1 OR resolved_at IS NULL ORDER BY id",
        )?;
        let rows = statement.query_map([include_resolved], |row| {
            Ok(ConflictChange {
                id: row.get(0)?,
                kind: row.get(1)?,
                subject: row.get(2)?,
                record_client_id: row.get(3)?,
                other_client_id: row.get(4)?,
                message: row.get(5)?,
                raised_at: row.get(6)?,
                resolved_at: row.get(7)?,
                resolution: row.get(8)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}
