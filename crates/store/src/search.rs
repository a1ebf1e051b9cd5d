//! Product search by name words and SKU through the FTS5 index.

use crate::db::Store;
use crate::error::StoreError;
use crate::products::{PRODUCT_COLUMNS, Product};

/// The most results one search returns.
pub const MAX_SEARCH_RESULTS: usize = 200;

/// The maximum number of query words passed to FTS5, each as a prefix term.
const MAX_QUERY_WORDS: usize = 16;

impl Store {
    /// Searches product names and SKUs: every word typed must start a word
    /// of the name (or the SKU). Products for sale come first, then by
    /// relevance. Returns at most `limit` products, capped at
    /// [`MAX_SEARCH_RESULTS`], and nothing for a query without letters or
    /// digits. Only the first 16 words of the query count.
    ///
    /// The clerk's text never reaches FTS5 as syntax: each word is quoted, so
    /// characters such as `"`, `*`, `-`, `(` or the word `NEAR` are searched
    /// for as text.
    pub fn search_products(&self, query: &str, limit: usize) -> Result<Vec<Product>, StoreError> {
        let Some(fts_query) = fts_prefix_query(query) else {
            return Ok(Vec::new());
        };
        let limit = i64::try_from(limit.min(MAX_SEARCH_RESULTS)).unwrap_or(0);
        let sql = format!(
            "SELECT {PRODUCT_COLUMNS} FROM products_fts
             JOIN products ON products.id = products_fts.rowid
             WHERE products_fts MATCH ?1
             ORDER BY products.price_cents IS NULL, products_fts.rank, products.id
             LIMIT ?2"
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map(rusqlite::params![fts_query, limit], Product::from_row)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}

/// Builds an FTS5 query that matches every word of `text` as a prefix:
/// `ryzen 7"` becomes `"ryzen"* "7"*`. Words without a letter or digit are
/// dropped, because the index contains none.
pub(crate) fn fts_prefix_query(text: &str) -> Option<String> {
    // FTS5 reads its query as a C string, so a NUL would cut a quoted term
    // short; control characters are treated as spaces.
    let terms: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .take(MAX_QUERY_WORDS)
        .map(|word| format!("\"{}\"*", word.replace('"', "\"\"")))
        .collect();
    if terms.is_empty() { None } else { Some(terms.join(" ")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_query_quotes_each_word() {
        assert_eq!(fts_prefix_query("ryzen 7").as_deref(), Some("\"ryzen\"* \"7\"*"));
        assert_eq!(
            fts_prefix_query("say \"hi\"").as_deref(),
            Some("\"say\"* \"\"\"hi\"\"\"*")
        );
        assert_eq!(fts_prefix_query("  - * ( ").as_deref(), None);
        assert_eq!(fts_prefix_query("").as_deref(), None);
        let many = "w ".repeat(20);
        assert_eq!(fts_prefix_query(&many).map(|q| q.matches("\"w\"*").count()), Some(16));
        assert_eq!(fts_prefix_query("ryzen\0 7\t").as_deref(), Some("\"ryzen\"* \"7\"*"));
    }
}
