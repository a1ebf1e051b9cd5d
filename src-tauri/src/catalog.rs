//! Catalog reads for the till: a product by scanned code, and name search.
//!
//! NOTE: these read the products table through `Store::connection()` because
//! the store crate has no catalog queries yet; move them there (and call its
//! `lookup` and `search_products`) once it does.

use rusqlite::{Connection, OptionalExtension, Row};

use giggatek_domain::{CartItem, Money};
use giggatek_store::StoreError;

/// The maximum number of search hits returned at once.
pub const SEARCH_LIMIT: u32 = 20;

/// A product as the till needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub id: i64,
    pub sku: String,
    pub barcode: String,
    pub name: String,
    /// `None` when the catalog row had no price: the product is not for sale.
    pub price: Option<Money>,
    pub taxable: bool,
}

impl Product {
    /// Builds the cart item for this product, or `None` when it has no price.
    pub fn cart_item(&self) -> Option<CartItem> {
        Some(CartItem {
            product_id: self.id,
            sku: self.sku.clone(),
            barcode: self.barcode.clone(),
            name: self.name.clone(),
            unit_price: self.price?,
            taxable: self.taxable,
        })
    }
}

const COLUMNS: &str = "id, sku, barcode, name, price_cents, taxable";

/// Finds the product whose barcode or SKU is `scanned`; SKUs match in any case.
pub fn lookup(conn: &Connection, scanned: &str) -> Result<Option<Product>, StoreError> {
    let code = scanned.trim();
    let sql = format!("SELECT {COLUMNS} FROM products WHERE barcode = ?1 OR sku = upper(?1) ORDER BY id LIMIT 1");
    Ok(conn.query_row(&sql, [code], product_row).optional()?)
}

/// Finds the product with this id.
pub fn by_id(conn: &Connection, product_id: i64) -> Result<Option<Product>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM products WHERE id = ?1");
    Ok(conn.query_row(&sql, [product_id], product_row).optional()?)
}

/// Searches names and SKUs: every word typed must start a word of the name
/// or SKU, best matches first.
pub fn search(conn: &Connection, query: &str, limit: u32) -> Result<Vec<Product>, StoreError> {
    let Some(pattern) = fts_pattern(query) else {
        return Ok(Vec::new());
    };
    let sql = format!(
        "SELECT {COLUMNS} FROM products
         WHERE id IN (SELECT rowid FROM products_fts WHERE products_fts MATCH ?1 ORDER BY rank LIMIT ?2)
         ORDER BY price_cents IS NULL, name, id"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map(rusqlite::params![pattern, limit], product_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Turns typed words into an FTS5 query of quoted prefixes: `ryzen 76` becomes
/// `"ryzen"* "76"*`. Quoting keeps FTS5 operators and punctuation inert.
fn fts_pattern(query: &str) -> Option<String> {
    let terms: Vec<String> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| format!("\"{word}\"*"))
        .collect();
    if terms.is_empty() { None } else { Some(terms.join(" ")) }
}

fn product_row(row: &Row<'_>) -> rusqlite::Result<Product> {
    let price_cents: Option<i64> = row.get(4)?;
    Ok(Product {
        id: row.get(0)?,
        sku: row.get(1)?,
        barcode: row.get(2)?,
        name: row.get(3)?,
        price: price_cents.map(Money::from_cents),
        taxable: row.get(5)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use giggatek_store::Store;

    fn store_with_products() -> Store {
        let store = Store::open_in_memory().unwrap();
        let rows = [
            ("GG0000001", "2000000000015", "AMD Ryzen 5 7600", Some(1999)),
            ("GG0000002", "2000000000022", "Intel Core i9-9900K", None),
            ("GG0000003", "2000000000039", "G.Skill Ripjaws V 8 GB", Some(829)),
        ];
        for (sku, barcode, name, price) in rows {
            store
                .connection()
                .execute(
                    "INSERT INTO products (sku, barcode, name, category, price_cents, updated_at)
                     VALUES (?1, ?2, ?3, 'test', ?4, '2026-12-01T00:00:00.000Z')",
                    rusqlite::params![sku, barcode, name, price],
                )
                .unwrap();
        }
        store
    }

    #[test]
    fn lookup_by_barcode() {
        let store = store_with_products();
        let product = lookup(store.connection(), " 2000000000039 ").unwrap().unwrap();
        assert_eq!(product.name, "G.Skill Ripjaws V 8 GB");
        assert_eq!(product.price, Some(Money::from_cents(829)));
    }

    #[test]
    fn lookup_by_sku_any_case() {
        let store = store_with_products();
        let product = lookup(store.connection(), "gg0000001").unwrap().unwrap();
        assert_eq!(product.id, 1);
    }

    #[test]
    fn lookup_unknown_is_none() {
        let store = store_with_products();
        assert_eq!(lookup(store.connection(), "999").unwrap(), None);
    }

    #[test]
    fn unpriced_product_has_no_cart_item() {
        let store = store_with_products();
        let product = by_id(store.connection(), 2).unwrap().unwrap();
        assert_eq!(product.cart_item(), None);
    }

    #[test]
    fn search_matches_word_prefixes() {
        let store = store_with_products();
        let names: Vec<String> = search(store.connection(), "ryz 76", 10)
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(names, vec!["AMD Ryzen 5 7600".to_string()]);
    }

    #[test]
    fn search_ignores_fts_syntax() {
        let store = store_with_products();
        let found = search(store.connection(), "\"ripjaws\" (", 10).unwrap();
        assert_eq!(found.len(), 1);
        // OR is a word to find, not an operator, so nothing has it.
        assert_eq!(search(store.connection(), "ripjaws OR intel", 10).unwrap(), Vec::new());
        assert_eq!(search(store.connection(), "  -- ", 10).unwrap(), Vec::new());
    }
}
