//! Carts and their items.

use sqlx::Row;

use crate::db::Database;
use crate::db::shop_catalog::{PRODUCT_COLUMNS, PRODUCT_JOINS, ProductRow, product_from_row};
use crate::db::shop_sql::with_pool;

/// A stored cart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CartRow {
    pub id: i64,
    pub public_id: String,
    pub token_hash: String,
    pub customer_id: Option<i64>,
}

/// A cart item with its product as it is now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CartItemRow {
    pub product: ProductRow,
    pub quantity: i64,
}

pub async fn create(
    db: &Database,
    public_id: &str,
    token_hash: &str,
    customer_id: Option<i64>,
    now: &str,
) -> Result<i64, sqlx::Error> {
    let sql = "INSERT INTO carts (public_id, token_hash, customer_id, created_at, updated_at) \
               VALUES ($1, $2, $3, $4, $4) RETURNING id";
    with_pool!(db, pool => {
        sqlx::query_scalar::<_, i64>(sql)
            .bind(public_id)
            .bind(token_hash)
            .bind(customer_id)
            .bind(now)
            .fetch_one(pool)
            .await
    })
}

pub async fn find(db: &Database, public_id: &str) -> Result<Option<CartRow>, sqlx::Error> {
    let sql = "SELECT id, public_id, token_hash, customer_id FROM carts WHERE public_id = $1";
    with_pool!(db, pool => {
        let row = sqlx::query(sql).bind(public_id).fetch_optional(pool).await?;
        row.map(|row| {
            Ok(CartRow {
                id: row.try_get("id")?,
                public_id: row.try_get("public_id")?,
                token_hash: row.try_get("token_hash")?,
                customer_id: row.try_get("customer_id")?,
            })
        })
        .transpose()
    })
}

/// Sets an item's quantity; zero takes it out of the cart.
pub async fn set_quantity(
    db: &Database,
    cart_id: i64,
    product_id: i64,
    quantity: i64,
    now: &str,
) -> Result<(), sqlx::Error> {
    let sql = "INSERT INTO cart_items (cart_id, product_id, quantity, updated_at) VALUES ($1, $2, $3, $4) \
               ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = excluded.quantity, updated_at = excluded.updated_at";
    with_pool!(db, pool => {
        sqlx::query(sql).bind(cart_id).bind(product_id).bind(quantity).bind(now).execute(pool).await.map(drop)
    })
}

/// Lists the cart's items with a quantity above zero, in the order they
/// were first added, with each product as the catalog has it now (on sale
/// or not).
pub async fn items(db: &Database, cart_id: i64) -> Result<Vec<CartItemRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {PRODUCT_COLUMNS}, i.quantity FROM cart_items i JOIN shop_products p ON p.id = i.product_id {PRODUCT_JOINS} \
         WHERE i.cart_id = $1 AND i.quantity > 0 ORDER BY i.id"
    );
    with_pool!(db, pool => {
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql.as_str())).bind(cart_id).fetch_all(pool).await?;
        rows.iter()
            .map(|row| {
                Ok(CartItemRow {
                    product: product_from_row!(row)?,
                    quantity: row.try_get("quantity")?,
                })
            })
            .collect()
    })
}
