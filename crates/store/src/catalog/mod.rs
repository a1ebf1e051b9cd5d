//! Catalog import: the store's products from a folder of CSV files, one file
//! per category.
//!
//! Every file is read and checked before anything is written; then all rows
//! are written in one transaction. A bad file or row therefore stops the
//! import with its file and line, and the store keeps what it had.

mod read;
mod write;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::db::Store;
use crate::error::StoreError;

pub use read::CatalogRow;

/// How often, in rows, an import reports progress within a file.
const PROGRESS_EVERY: usize = 5_000;

/// Which half of the import is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportPhase {
    Reading,
    Writing,
}

/// A progress report: the file being handled and its rows done so far.
/// Each phase reports every file at least once, when the file is done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportProgress {
    pub phase: ImportPhase,
    pub file: String,
    pub rows_done: usize,
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub files: usize,
    pub rows: usize,
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Rows with a price (for sale).
    pub priced: usize,
    /// Rows without a price (kept, not for sale).
    pub unpriced: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{file} line {line}: {message}")]
    Row { file: String, line: u64, message: String },
    #[error("{file}: {message}")]
    File { file: String, message: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for ImportError {
    fn from(error: rusqlite::Error) -> ImportError {
        ImportError::Store(StoreError::Database(error))
    }
}

impl Store {
    /// Imports every `*.csv` file of `dir`, in name order. The category is
    /// the file name without `.csv`; column `name` is the product name and
    /// `price` the sale price in dollars (empty: not for sale). The other
    /// columns are kept as the product's attributes.
    ///
    /// Importing the same files again writes nothing; a changed price is
    /// updated in place, keeping the product's id, SKU and barcode.
    pub fn import_catalog(
        &mut self,
        dir: &Path,
        progress: &mut dyn FnMut(&ImportProgress),
    ) -> Result<ImportSummary, ImportError> {
        let paths = catalog_files(dir)?;
        let mut files = Vec::with_capacity(paths.len());
        for path in &paths {
            files.push(read::read_file(path, progress)?);
        }
        let summary = write::write_files(self, &files, progress)?;
        tracing::info!(
            files = summary.files,
            rows = summary.rows,
            inserted = summary.inserted,
            updated = summary.updated,
            unchanged = summary.unchanged,
            "catalog imported"
        );
        Ok(summary)
    }
}

/// Lists the folder's CSV files in name order.
fn catalog_files(dir: &Path) -> Result<Vec<PathBuf>, ImportError> {
    let folder_error = |message: String| ImportError::File {
        file: dir.display().to_string(),
        message,
    };
    let entries = std::fs::read_dir(dir).map_err(|error| folder_error(format!("cannot read the folder: {error}")))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|error| folder_error(format!("cannot read the folder: {error}")))?
            .path();
        if path.is_file() && path.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("csv")) {
            files.push(path);
        }
    }
    if files.is_empty() {
        return Err(folder_error(
            "no .csv files found: give the folder that holds the catalog files".to_string(),
        ));
    }
    files.sort();
    Ok(files)
}
