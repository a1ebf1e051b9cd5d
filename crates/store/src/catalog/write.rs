//! Writing checked catalog rows in one transaction.

use std::collections::HashMap;

use giggatek_domain::{Ean13, sku_for};
use rusqlite::{CachedStatement, Transaction, params};

use super::read::{CatalogFile, CatalogRow};
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

/// The state of one import's write: prepared statements, the next id and
/// change number to hand out, and the running summary.
struct Writer<'tx> {
    existing: HashMap<String, Existing>,
    insert: CachedStatement<'tx>,
    update: CachedStatement<'tx>,
    now: String,
    next_id: i64,
    next_change: i64,
    summary: ImportSummary,
}

/// Inserts new rows and updates changed ones in one transaction; unchanged
/// rows are not written, and an import that changes nothing writes no row.
///
/// NOTE: a product whose row is gone from the files is left as it was, still
/// for sale at its last price, and the summary does not count it.
pub(super) fn write_files(
    store: &mut Store,
    files: &[CatalogFile],
    progress: &mut dyn FnMut(&ImportProgress),
) -> Result<ImportSummary, ImportError> {
    let now = format_instant(store.now());
    let tx = store.write()?;
    let first_change: i64 = tx.query_row(
        "SELECT coalesce((SELECT value FROM counters WHERE name = 'product_change'), 0) + 1",
        [],
        |row| row.get(0),
    )?;
    let summary = {
        let mut writer = Writer::new(&tx, now, first_change)?;
        writer.summary.files = files.len();
        for file in files {
            writer.write_file(file, progress)?;
        }
        if writer.next_change != first_change {
            tx.execute(
                "INSERT INTO counters (name, value) VALUES ('product_change', ?1)
                 ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                [writer.next_change - 1],
            )?;
        }
        writer.summary
    };
    tx.commit().map_err(StoreError::Database)?;
    Ok(summary)
}

impl<'tx> Writer<'tx> {
    fn new(tx: &'tx Transaction<'_>, now: String, next_change: i64) -> Result<Writer<'tx>, ImportError> {
        let next_id: i64 = tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM products", [], |row| row.get(0))?;
        let insert = tx.prepare_cached(
            "INSERT INTO products (id, sku, barcode, name, category, price_cents, attributes, source_key, change_seq, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        let update = tx.prepare_cached(
            "UPDATE products SET price_cents = ?2, attributes = ?3, change_seq = ?4, updated_at = ?5 WHERE id = ?1",
        )?;
        Ok(Writer {
            existing: load_existing(tx)?,
            insert,
            update,
            now,
            next_id,
            next_change,
            summary: ImportSummary::default(),
        })
    }

    fn write_file(&mut self, file: &CatalogFile, progress: &mut dyn FnMut(&ImportProgress)) -> Result<(), ImportError> {
        for (index, row) in file.rows.iter().enumerate() {
            self.write_row(row)?;
            let done = index + 1;
            if done.is_multiple_of(PROGRESS_EVERY) && done < file.rows.len() {
                report(progress, file, done);
            }
        }
        report(progress, file, file.rows.len());
        Ok(())
    }

    fn write_row(&mut self, row: &CatalogRow) -> Result<(), ImportError> {
        let price_cents = row.price.map(|price| price.cents());
        self.summary.rows += 1;
        if price_cents.is_some() {
            self.summary.priced += 1;
        } else {
            self.summary.unpriced += 1;
        }
        match self.existing.get(row.source_key.as_str()) {
            Some(old) if old.price_cents == price_cents && old.attributes == row.attributes => {
                self.summary.unchanged += 1;
            }
            Some(old) => {
                self.update
                    .execute(params![old.id, price_cents, row.attributes, self.next_change, self.now])?;
                self.next_change += 1;
                self.summary.updated += 1;
            }
            None => {
                // The product number gives both the SKU and the barcode, so the
                // id is chosen here rather than by SQLite.
                let number = u64::try_from(self.next_id)
                    .map_err(|_| StoreError::Corrupt(format!("product id {} is negative", self.next_id)))?;
                let barcode = Ean13::in_store(number).map_err(StoreError::invalid)?;
                self.insert.execute(params![
                    self.next_id,
                    sku_for(number),
                    barcode.as_str(),
                    row.name,
                    row.category,
                    price_cents,
                    row.attributes,
                    row.source_key,
                    self.next_change,
                    self.now,
                ])?;
                self.next_id += 1;
                self.next_change += 1;
                self.summary.inserted += 1;
            }
        }
        Ok(())
    }
}

fn report(progress: &mut dyn FnMut(&ImportProgress), file: &CatalogFile, rows_done: usize) {
    progress(&ImportProgress {
        phase: ImportPhase::Writing,
        file: file.name.clone(),
        rows_done,
    });
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
