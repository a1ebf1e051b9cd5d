//! Reading and checking one catalog file.

use std::collections::HashMap;
use std::path::Path;

use giggatek_domain::Money;

use super::{ImportError, ImportPhase, ImportProgress, PROGRESS_EVERY};

/// The longest product name accepted, in characters.
const MAX_NAME_CHARS: usize = 500;

/// One checked catalog row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogRow {
    pub category: String,
    pub name: String,
    pub price: Option<Money>,
    /// The other columns as a JSON object of strings.
    pub attributes: String,
    /// The row's identity across imports: category, the non-price fields,
    /// and the occurrence among identical rows of the file.
    pub source_key: String,
}

/// The checked rows of one catalog file.
#[derive(Debug)]
pub(super) struct CatalogFile {
    /// The file name, as progress reports and errors show it.
    pub name: String,
    pub rows: Vec<CatalogRow>,
}

/// Reads and checks every row of one file; the first bad row stops it.
pub(super) fn read_file(path: &Path, progress: &mut dyn FnMut(&ImportProgress)) -> Result<CatalogFile, ImportError> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let category = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file_error = |message: String| ImportError::File {
        file: file_name.clone(),
        message,
    };
    let row_error = |line: u64, message: String| ImportError::Row {
        file: file_name.clone(),
        line,
        message,
    };

    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(|error| file_error(format!("cannot open: {error}")))?;
    let headers = reader
        .byte_headers()
        .map_err(|error| file_error(format!("cannot read the header: {error}")))?
        .clone();
    let headers: Vec<String> = headers
        .iter()
        .map(|field| std::str::from_utf8(field).map(|s| s.trim().to_string()))
        .collect::<Result<_, _>>()
        .map_err(|_| {
            row_error(
                1,
                "the header is not valid UTF-8 text: save the file as UTF-8".to_string(),
            )
        })?;
    if let Some(repeated) = repeated_header(&headers) {
        return Err(row_error(
            1,
            format!("the header has two \"{repeated}\" columns: give every column its own name"),
        ));
    }
    let column = |name: &str| headers.iter().position(|h| h == name);
    let (Some(name_at), Some(price_at)) = (column("name"), column("price")) else {
        return Err(row_error(
            1,
            "the header needs a \"name\" and a \"price\" column".to_string(),
        ));
    };

    let mut rows = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut record = csv::ByteRecord::new();
    loop {
        let line = reader.position().line() + 1;
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => return Err(row_error(line, format!("unreadable CSV: {error}"))),
        }
        let line = record.position().map_or(line, csv::Position::line);
        if record.len() != headers.len() {
            return Err(row_error(
                line,
                format!(
                    "{} fields where the header has {}: check the quoting of fields with commas",
                    record.len(),
                    headers.len()
                ),
            ));
        }
        let fields: Vec<&str> = record
            .iter()
            .map(std::str::from_utf8)
            .collect::<Result<_, _>>()
            .map_err(|_| {
                row_error(
                    line,
                    "the row is not valid UTF-8 text: save the file as UTF-8".to_string(),
                )
            })?;
        let row =
            check_row(&category, &headers, &fields, name_at, price_at, &mut seen).map_err(|m| row_error(line, m))?;
        rows.push(row);
        if rows.len().is_multiple_of(PROGRESS_EVERY) {
            progress(&ImportProgress {
                phase: ImportPhase::Reading,
                file: file_name.clone(),
                rows_done: rows.len(),
            });
        }
    }
    // Every file is reported once it is read, unless the loop just did.
    if rows.is_empty() || !rows.len().is_multiple_of(PROGRESS_EVERY) {
        progress(&ImportProgress {
            phase: ImportPhase::Reading,
            file: file_name.clone(),
            rows_done: rows.len(),
        });
    }
    Ok(CatalogFile { name: file_name, rows })
}

/// Returns the first column name that appears twice; each column becomes
/// one attribute, so a repeated name would lose a field.
fn repeated_header(headers: &[String]) -> Option<&str> {
    let mut seen = std::collections::HashSet::new();
    headers
        .iter()
        .find(|header| !seen.insert(header.as_str()))
        .map(String::as_str)
}

fn check_row(
    category: &str,
    headers: &[String],
    fields: &[&str],
    name_at: usize,
    price_at: usize,
    seen: &mut HashMap<String, usize>,
) -> Result<CatalogRow, String> {
    let name = fields.get(name_at).copied().unwrap_or_default();
    if name.trim().is_empty() {
        return Err("the name is empty: every product needs a name".to_string());
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(format!("the name is longer than {MAX_NAME_CHARS} characters"));
    }
    let price_text = fields.get(price_at).copied().unwrap_or_default().trim();
    let price = if price_text.is_empty() {
        None
    } else {
        Some(Money::parse(price_text).map_err(|error| format!("price: {error}"))?)
    };
    let mut attributes = serde_json::Map::new();
    let mut identity = vec![category];
    for (index, (header, value)) in headers.iter().zip(fields).enumerate() {
        if index == price_at {
            continue;
        }
        identity.push(*value);
        if index != name_at {
            attributes.insert(header.clone(), serde_json::Value::String((*value).to_string()));
        }
    }
    // A JSON array keeps the fields apart whatever characters they contain,
    // so two different rows never share an identity.
    let identity = serde_json::Value::from(identity).to_string();
    let occurrence = seen.entry(identity.clone()).or_insert(0);
    *occurrence += 1;
    Ok(CatalogRow {
        category: category.to_string(),
        name: name.to_string(),
        price,
        attributes: serde_json::Value::Object(attributes).to_string(),
        source_key: format!("{identity}#{occurrence}"),
    })
}
