//! The shop's products: search, look-up and the staff's upsert.

use sqlx::Row;

use crate::db::Database;
use crate::db::shop_sql::with_pool;

/// A product as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductRow {
    pub id: i64,
    pub sku: String,
    pub name: String,
    pub category: String,
    pub price_cents: i64,
    pub taxable: bool,
    /// Units on hand less units held for unpaid orders.
    pub stock_available: i64,
    pub rto_payment_cents: Option<i64>,
    pub rto_payment_count: Option<i64>,
    pub rto_interval: Option<String>,
}

/// A product to create or replace, keyed by SKU.
#[derive(Debug, Clone)]
pub struct ProductUpsert {
    pub sku: String,
    pub name: String,
    pub category: String,
    pub price_cents: i64,
    pub taxable: bool,
    pub stock_on_hand: i64,
    pub rto_payment_cents: Option<i64>,
    pub rto_payment_count: Option<i64>,
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

const PRODUCT_COLUMNS: &str = "id, sku, name, category, price_cents, taxable, stock_on_hand - stock_reserved AS stock_available, \
     rto_payment_cents, rto_payment_count, rto_interval";

macro_rules! product_from_row {
    ($row:expr) => {{
        let row = $row;
        let taxable: i64 = row.try_get("taxable")?;
        Ok::<ProductRow, sqlx::Error>(ProductRow {
            id: row.try_get("id")?,
            sku: row.try_get("sku")?,
            name: row.try_get("name")?,
            category: row.try_get("category")?,
            price_cents: row.try_get("price_cents")?,
            taxable: taxable != 0,
            stock_available: row.try_get("stock_available")?,
            rto_payment_cents: row.try_get("rto_payment_cents")?,
            rto_payment_count: row.try_get("rto_payment_count")?,
            rto_interval: row.try_get("rto_interval")?,
        })
    }};
}

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

/// Returns one page of matching products, by name, and the number of all
/// matches.
pub async fn search(db: &Database, query: &ProductQuery) -> Result<(Vec<ProductRow>, i64), sqlx::Error> {
    let mut conditions = vec!["1 = 1".to_owned()];
    let mut texts: Vec<String> = Vec::new();
    let mut numbers: Vec<i64> = Vec::new();
    // Text parameters come first ($1..), then numbers; each condition names
    // its parameter's final position.
    for word in &query.words {
        texts.push(like_pattern(word));
        conditions.push(format!("LOWER(name) LIKE ${} ESCAPE '\\'", texts.len()));
    }
    if let Some(category) = &query.category {
        texts.push(category.clone());
        conditions.push(format!("category = ${}", texts.len()));
    }
    let mut number_conditions = Vec::new();
    if let Some(min) = query.min_price_cents {
        numbers.push(min);
        number_conditions.push(("price_cents >=", numbers.len()));
    }
    if let Some(max) = query.max_price_cents {
        numbers.push(max);
        number_conditions.push(("price_cents <=", numbers.len()));
    }
    for (condition, index) in number_conditions {
        conditions.push(format!("{condition} ${}", texts.len() + index));
    }
    if query.in_stock_only {
        conditions.push("stock_on_hand - stock_reserved > 0".to_owned());
    }
    let filter = conditions.join(" AND ");
    let count_sql = format!("SELECT COUNT(*) FROM shop_products WHERE {filter}");
    let limit_index = texts.len() + numbers.len() + 1;
    let page_sql = format!(
        "SELECT {PRODUCT_COLUMNS} FROM shop_products WHERE {filter} ORDER BY name, id LIMIT ${limit_index} OFFSET ${}",
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

pub async fn find(db: &Database, id: i64) -> Result<Option<ProductRow>, sqlx::Error> {
    let sql = format!("SELECT {PRODUCT_COLUMNS} FROM shop_products WHERE id = $1");
    with_pool!(db, pool => {
        let row = sqlx::query(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_optional(pool).await?;
        row.map(|row| product_from_row!(&row)).transpose()
    })
}

/// Lists the product categories in use, by name.
pub async fn categories(db: &Database) -> Result<Vec<String>, sqlx::Error> {
    let sql = "SELECT DISTINCT category FROM shop_products ORDER BY category";
    with_pool!(db, pool => sqlx::query_scalar::<_, String>(sql).fetch_all(pool).await)
}

/// Creates or replaces the product with `product.sku`; returns its id.
pub async fn upsert(db: &Database, product: &ProductUpsert, now: &str) -> Result<i64, sqlx::Error> {
    let sql = "INSERT INTO shop_products (sku, name, category, price_cents, taxable, stock_on_hand, \
               rto_payment_cents, rto_payment_count, rto_interval, created_at, updated_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) \
               ON CONFLICT (sku) DO UPDATE SET name = excluded.name, category = excluded.category, \
               price_cents = excluded.price_cents, taxable = excluded.taxable, stock_on_hand = excluded.stock_on_hand, \
               rto_payment_cents = excluded.rto_payment_cents, rto_payment_count = excluded.rto_payment_count, \
               rto_interval = excluded.rto_interval, updated_at = excluded.updated_at \
               RETURNING id";
    with_pool!(db, pool => {
        sqlx::query_scalar::<_, i64>(sql)
            .bind(&product.sku)
            .bind(&product.name)
            .bind(&product.category)
            .bind(product.price_cents)
            .bind(i64::from(product.taxable))
            .bind(product.stock_on_hand)
            .bind(product.rto_payment_cents)
            .bind(product.rto_payment_count)
            .bind(product.rto_interval.as_deref())
            .bind(now)
            .fetch_one(pool)
            .await
    })
}
