//! Writing checked catalog rows in one transaction.

use std::collections::HashMap;

use giggatek_domain::{Ean13, sku_for};
use rusqlite::params;

use super::read::CatalogRow;
use super::{ImportError, ImportPhase, ImportProgress, ImportSummary, PROGRESS_EVERY};
use crate::clock::format_instant;
use crate::db::Store;
use crate::error::StoreError;

/// A product already in the store, as the import compares it.
struct Existing {
    id: i64,
    price_cents: Option<i64>,
    attributes: String,
}

/// Inserts new rows and updates changed ones; unchanged rows are not written.
pub(super) fn write_rows(
    store: &mut Store,
    rows: &[CatalogRow],
    progress: &mut dyn FnMut(&ImportProgress),
) -> Result<ImportSummary, ImportError> {
    let now = format_instant(store.now());
    let tx = store.write()?;
    let existing = load_existing(&tx)?;
    let mut next_id: i64 = tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM products", [], |row| row.get(0))?;
    let mut next_change: i64 = tx.query_row(
        "SELECT coalesce((SELECT value FROM counters WHERE name = 'product_change'), 0) + 1",
        [],
        |row| row.get(0),
    )?;

    let mut summary = ImportSummary {
        rows: rows.len(),
        ..ImportSummary::default()
    };
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO products (id, sku, barcode, name, category, price_cents, attributes, source_key, change_seq, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        let mut update = tx.prepare_cached(
            "UPDATE products SET price_cents = ?2, attributes = ?3, change_seq = ?4, updated_at = ?5 WHERE id = ?1",
        )?;
        for (index, row) in rows.iter().enumerate() {
            let price_cents = row.price.map(|p| p.cents());
            if price_cents.is_some() {
                summary.priced += 1;
            } else {
                summary.unpriced += 1;
            }
            match existing.get(row.source_key.as_str()) {
                Some(old) if old.price_cents == price_cents && old.attributes == row.attributes => {
                    summary.unchanged += 1
                }
                Some(old) => {
                    update.execute(params![old.id, price_cents, row.attributes, next_change, now])?;
                    next_change += 1;
                    summary.updated += 1;
                }
                None => {
                    let number = u64::try_from(next_id).unwrap_or(0);
                    let barcode = Ean13::in_store(number).map_err(StoreError::invalid)?;
                    insert.execute(params![
                        next_id,
                        sku_for(number),
                        barcode.as_str(),
                        row.name,
                        row.category,
                        price_cents,
                        row.attributes,
                        row.source_key,
                        next_change,
                        now,
                    ])?;
                    next_id += 1;
                    next_change += 1;
                    summary.inserted += 1;
                }
            }
            if (index + 1).is_multiple_of(PROGRESS_EVERY) {
                progress(&ImportProgress {
                    phase: ImportPhase::Writing,
                    file: row.category.clone(),
                    rows_done: index + 1,
                });
            }
        }
    }
    tx.execute(
        "INSERT INTO counters (name, value) VALUES ('product_change', ?1)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        [next_change - 1],
    )?;
    tx.commit().map_err(StoreError::Database)?;
    progress(&ImportProgress {
        phase: ImportPhase::Writing,
        file: String::new(),
        rows_done: rows.len(),
    });
    Ok(summary)
}

fn load_existing(conn: &rusqlite::Connection) -> Result<HashMap<String, Existing>, StoreError> {
    let mut statement =
        conn.prepare("SELECT source_key, id, price_cents, attributes FROM products WHERE source_key IS NOT NULL")?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            Existing {
                id: row.get(1)?,
                price_cents: row.get(2)?,
                attributes: row.get(3)?,
            },
        ))
    })?;
    Ok(rows.collect::<Result<HashMap<_, _>, _>>()?)
}
