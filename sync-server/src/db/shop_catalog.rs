//! The shop's view of the stores' catalog: search and look-up, with the
//! shop's own attributes of each product.
//!
//! Names, categories, prices and the taxable flag come from
//! `catalog_products` and the stock count from `stock_levels`, the tables
//! terminal sync and the `giggatek-server admin` commands keep. The shop's
//! row in `shop_products` adds the product's numeric id, whether it is
//! published online, the units held for unpaid orders and the rent-to-own
//! terms.

use sqlx::Row;

use crate::db::Database;
use crate::db::shop_sql::with_pool;

/// A product as the shop sells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductRow {
    pub id: i64,
    pub sku: String,
    pub name: String,
    pub category: String,
    /// The catalog price; 0 when the catalog has none (then `on_sale` is
    /// false).
    pub price_cents: i64,
    pub taxable: bool,
    /// The stores' stock count less units held for unpaid online orders.
    pub stock_available: i64,
    /// Published online and priced in the catalog.
    pub on_sale: bool,
    pub rto_payment_cents: Option<i64>,
    pub rto_payment_count: Option<i64>,
    pub rto_interval: Option<String>,
}

/// The shop's own attributes of a catalog product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopListing {
    pub published: bool,
    pub rto_payment_cents: Option<i64>,
    pub rto_payment_count: Option<i64>,
    /// `weekly` or `monthly`.
    pub rto_interval: Option<String>,
}

/// Filters and page of a product search.
#[derive(Debug, Clone, Default)]
pub struct ProductQuery {
    /// Words that must all appear in the name, matched case-insensitively.
    pub words: Vec<String>,
    pub category: Option<String>,
    pub min_price_cents: Option<i64>,
    pub max_price_cents: Option<i64>,
    pub in_stock_only: bool,
    pub limit: i64,
    pub offset: i64,
}

/// The joins from the shop's row `p` to the catalog's row `c` and the
/// stock count `s`, which a SKU may not have yet.
pub(crate) const PRODUCT_JOINS: &str =
    "JOIN catalog_products c ON c.sku = p.sku LEFT JOIN stock_levels s ON s.sku = p.sku";

/// The columns [`product_from_row`] reads. The casts give both databases
/// BIGINT results, because PostgreSQL stores `taxable` as a boolean.
pub(crate) const PRODUCT_COLUMNS: &str = "p.id, p.sku, c.name, c.category, \
     CAST(COALESCE(c.price_cents, 0) AS BIGINT) AS price_cents, \
     CAST(CASE WHEN c.taxable THEN 1 ELSE 0 END AS BIGINT) AS taxable, \
     CAST(COALESCE(s.on_hand, 0) - p.stock_reserved AS BIGINT) AS stock_available, \
     CAST(CASE WHEN p.published = 1 AND c.price_cents IS NOT NULL THEN 1 ELSE 0 END AS BIGINT) AS on_sale, \
     p.rto_payment_cents, p.rto_payment_count, p.rto_interval";

/// The condition that keeps products customers may find and buy.
const ON_SALE: &str = "p.published = 1 AND c.price_cents IS NOT NULL";

/// Reads a [`ProductRow`] from a row with [`PRODUCT_COLUMNS`].
macro_rules! product_from_row {
    ($row:expr) => {{
        let row = $row;
        let taxable: i64 = row.try_get("taxable")?;
        let on_sale: i64 = row.try_get("on_sale")?;
        Ok::<$crate::db::shop_catalog::ProductRow, sqlx::Error>($crate::db::shop_catalog::ProductRow {
            id: row.try_get("id")?,
            sku: row.try_get("sku")?,
            name: row.try_get("name")?,
            category: row.try_get("category")?,
            price_cents: row.try_get("price_cents")?,
            taxable: taxable != 0,
            stock_available: row.try_get("stock_available")?,
            on_sale: on_sale != 0,
            rto_payment_cents: row.try_get("rto_payment_cents")?,
            rto_payment_count: row.try_get("rto_payment_count")?,
            rto_interval: row.try_get("rto_interval")?,
        })
    }};
}
pub(crate) use product_from_row;

/// Escapes `%`, `_` and `\` for a `LIKE ... ESCAPE '\'` pattern.
fn like_pattern(word: &str) -> String {
    let mut escaped = String::with_capacity(word.len() + 2);
    escaped.push('%');
    for character in word.to_lowercase().chars() {
        if matches!(character, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(character);
    }
    escaped.push('%');
    escaped
}

/// Returns one page of matching products on sale, by name, and the number
/// of all matches.
pub async fn search(db: &Database, query: &ProductQuery) -> Result<(Vec<ProductRow>, i64), sqlx::Error> {
    let mut conditions = vec![ON_SALE.to_owned()];
    let mut texts: Vec<String> = Vec::new();
    let mut numbers: Vec<i64> = Vec::new();
    // Text parameters come first ($1..), then numbers; each condition names
    // its parameter's final position.
    for word in &query.words {
        texts.push(like_pattern(word));
        conditions.push(format!("LOWER(c.name) LIKE ${} ESCAPE '\\'", texts.len()));
    }
    if let Some(category) = &query.category {
        texts.push(category.clone());
        conditions.push(format!("c.category = ${}", texts.len()));
    }
    let mut number_conditions = Vec::new();
    if let Some(min) = query.min_price_cents {
        numbers.push(min);
        number_conditions.push(("c.price_cents >=", numbers.len()));
    }
    if let Some(max) = query.max_price_cents {
        numbers.push(max);
        number_conditions.push(("c.price_cents <=", numbers.len()));
    }
    for (condition, index) in number_conditions {
        conditions.push(format!("{condition} ${}", texts.len() + index));
    }
    if query.in_stock_only {
        conditions.push("COALESCE(s.on_hand, 0) - p.stock_reserved > 0".to_owned());
    }
    let filter = conditions.join(" AND ");
    let count_sql = format!("SELECT COUNT(*) FROM shop_products p {PRODUCT_JOINS} WHERE {filter}");
    let limit_index = texts.len() + numbers.len() + 1;
    let page_sql = format!(
        "SELECT {PRODUCT_COLUMNS} FROM shop_products p {PRODUCT_JOINS} WHERE {filter} ORDER BY c.name, p.id LIMIT ${limit_index} OFFSET ${}",
        limit_index + 1
    );
    with_pool!(db, pool => {
        let mut count = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(count_sql.as_str()));
        let mut page = sqlx::query(sqlx::AssertSqlSafe(page_sql.as_str()));
        for text in &texts {
            count = count.bind(text.as_str());
            page = page.bind(text.as_str());
        }
        for number in &numbers {
            count = count.bind(*number);
            page = page.bind(*number);
        }
        let total = count.fetch_one(pool).await?;
        let rows = page.bind(query.limit).bind(query.offset).fetch_all(pool).await?;
        let products = rows.iter().map(|row| product_from_row!(row)).collect::<Result<Vec<_>, _>>()?;
        Ok((products, total))
    })
}

/// Finds a product customers may buy; unpublished and unpriced products
/// are not found.
pub async fn find(db: &Database, id: i64) -> Result<Option<ProductRow>, sqlx::Error> {
    let sql = format!("SELECT {PRODUCT_COLUMNS} FROM shop_products p {PRODUCT_JOINS} WHERE p.id = $1 AND {ON_SALE}");
    with_pool!(db, pool => {
        let row = sqlx::query(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_optional(pool).await?;
        row.map(|row| product_from_row!(&row)).transpose()
    })
}

/// Finds a product by SKU whether or not it is on sale, for staff.
pub async fn find_by_sku(db: &Database, sku: &str) -> Result<Option<ProductRow>, sqlx::Error> {
    let sql = format!("SELECT {PRODUCT_COLUMNS} FROM shop_products p {PRODUCT_JOINS} WHERE p.sku = $1");
    with_pool!(db, pool => {
        let row = sqlx::query(sqlx::AssertSqlSafe(sql.as_str())).bind(sku).fetch_optional(pool).await?;
        row.map(|row| product_from_row!(&row)).transpose()
    })
}

/// Returns the catalog's barcode of a SKU, if the catalog has the SKU.
pub async fn catalog_barcode(db: &Database, sku: &str) -> Result<Option<String>, sqlx::Error> {
    let sql = "SELECT barcode FROM catalog_products WHERE sku = $1";
    with_pool!(db, pool => sqlx::query_scalar::<_, String>(sql).bind(sku).fetch_optional(pool).await)
}

/// Lists the categories of the products on sale, by name.
pub async fn categories(db: &Database) -> Result<Vec<String>, sqlx::Error> {
    let sql =
        format!("SELECT DISTINCT c.category FROM shop_products p {PRODUCT_JOINS} WHERE {ON_SALE} ORDER BY c.category");
    with_pool!(db, pool => sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql.as_str())).fetch_all(pool).await)
}
