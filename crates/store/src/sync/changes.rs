//! Applying a page of the server's change feed.

use giggatek_protocol::{
    Change, ChangesPage, ConflictChange, ContractChange, CustomerPayload, EntityKind, ProductChange, StockChange,
    UnitPayload,
};
use rusqlite::{Connection, OptionalExtension, params};
use serde::de::DeserializeOwned;

use super::rentals;
use crate::clock::format_instant;
use crate::db::Store;
use crate::error::StoreError;

impl Store {
    /// Returns the last change-feed sequence number applied here.
    pub fn changes_cursor(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT changes_cursor FROM sync_state WHERE id = 1", [], |row| {
                row.get(0)
            })?)
    }

    /// Applies a page of changes and moves the cursor to its end, in one
    /// transaction, so a crash applies the page whole or not at all.
    /// Changes of an entity this terminal does not know are skipped.
    /// Returns how many changes were applied.
    pub fn apply_changes(&mut self, page: &ChangesPage) -> Result<usize, StoreError> {
        let now = format_instant(self.now());
        let tx = self.write()?;
        let cursor: i64 = tx.query_row("SELECT changes_cursor FROM sync_state WHERE id = 1", [], |row| {
            row.get(0)
        })?;
        let mut applied = 0;
        for change in page.changes.iter().filter(|change| change.seq > cursor) {
            match change.entity.as_str() {
                EntityKind::PRODUCT => upsert_product(&tx, &parse_change::<ProductChange>(change)?, &now)?,
                EntityKind::STOCK => set_stock(&tx, &parse_change::<StockChange>(change)?)?,
                EntityKind::CUSTOMER => rentals::apply_customer(&tx, &parse_change::<CustomerPayload>(change)?, &now)?,
                EntityKind::UNIT => rentals::apply_unit(&tx, &parse_change::<UnitPayload>(change)?, &now)?,
                EntityKind::CONTRACT => rentals::apply_contract(&tx, &parse_change::<ContractChange>(change)?, &now)?,
                EntityKind::CONFLICT => rentals::apply_conflict(&tx, &parse_change::<ConflictChange>(change)?)?,
                other => {
                    tracing::debug!(
                        seq = change.seq,
                        entity = other,
                        "skipping a change of an unknown entity"
                    );
                    continue;
                }
            }
            applied += 1;
        }
        if page.next_cursor > cursor {
            tx.execute(
                "UPDATE sync_state SET changes_cursor = ?1 WHERE id = 1",
                [page.next_cursor],
            )?;
        }
        tx.commit()?;
        Ok(applied)
    }
}

fn parse_change<T: DeserializeOwned>(change: &Change) -> Result<T, StoreError> {
    serde_json::from_value(change.data.clone()).map_err(|error| {
        StoreError::Invalid(format!(
            "{} change {} is invalid: {error}",
            change.entity.as_str(),
            change.seq
        ))
    })
}

fn upsert_product(conn: &Connection, product: &ProductChange, now: &str) -> Result<(), StoreError> {
    let existing: Option<i64> = conn
        .prepare_cached("SELECT id FROM products WHERE sku = ?1")?
        .query_row([&product.sku], |row| row.get(0))
        .optional()?;
    match existing {
        Some(id) => {
            conn.prepare_cached(
                "UPDATE products SET barcode = ?2, name = ?3, category = ?4, price_cents = ?5, taxable = ?6,
                     change_seq = change_seq + 1, updated_at = ?7
                 WHERE id = ?1",
            )?
            .execute(params![
                id,
                product.barcode,
                product.name,
                product.category,
                product.price_cents,
                product.taxable,
                now
            ])?;
        }
        None => {
            conn.prepare_cached(
                "INSERT INTO products (sku, barcode, name, category, price_cents, taxable, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                product.sku,
                product.barcode,
                product.name,
                product.category,
                product.price_cents,
                product.taxable,
                now
            ])?;
        }
    }
    Ok(())
}

/// Sets a product's stock to the server's count plus the stock moved by
/// local records the server does not have yet, so an unsynced sale is not
/// undone by a count that predates it. SKUs not in the local catalog are
/// skipped.
fn set_stock(conn: &Connection, stock: &StockChange) -> Result<(), StoreError> {
    let product_id: Option<i64> = conn
        .prepare_cached("SELECT id FROM products WHERE sku = ?1")?
        .query_row([&stock.sku], |row| row.get(0))
        .optional()?;
    let Some(product_id) = product_id else {
        return Ok(());
    };
    let unsynced: i64 = conn
        .prepare_cached(UNSYNCED_STOCK_SQL)?
        .query_row([product_id], |row| row.get(0))?;
    conn.prepare_cached("UPDATE products SET stock_on_hand = ?1 WHERE id = ?2")?
        .execute(params![stock.on_hand.saturating_add(unsynced), product_id])?;
    Ok(())
}

/// Stock moved by outbox records not yet acknowledged: sales and stock
/// receipts list their movements, returns carry theirs on each line.
const UNSYNCED_STOCK_SQL: &str = "
    SELECT COALESCE(SUM(delta), 0) FROM (
        SELECT json_extract(m.value, '$.delta') AS delta
        FROM outbox o, json_each(o.payload, '$.stock_movements') m
        WHERE o.synced_at IS NULL AND o.kind IN ('sale', 'stock_received')
          AND json_extract(m.value, '$.product_id') = ?1
        UNION ALL
        SELECT json_extract(l.value, '$.stock_delta') AS delta
        FROM outbox o, json_each(o.payload, '$.lines') l
        WHERE o.synced_at IS NULL AND o.kind = 'return'
          AND json_extract(l.value, '$.product_id') = ?1
    )";
