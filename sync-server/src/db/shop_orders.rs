//! Orders: the checkout transaction and the reads customers and staff use.

use sqlx::Row;

use crate::db::Database;
use crate::db::shop_sql::with_pool;

/// A stored order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRow {
    pub id: i64,
    pub cart_id: i64,
    pub customer_id: Option<i64>,
    pub email: String,
    pub status: String,
    pub subtotal_cents: i64,
    pub tax_cents: i64,
    pub total_cents: i64,
    pub paid_cents: i64,
    pub refunded_cents: i64,
    pub payment_intent_id: Option<String>,
    pub reservation_expires_at: String,
    pub created_at: String,
}

/// A stored order line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderLineRow {
    pub product_id: i64,
    pub sku: String,
    pub name: String,
    pub quantity: i64,
    pub unit_price_cents: i64,
    pub tax_cents: i64,
    pub total_cents: i64,
}

/// An order to write at checkout, with its priced lines.
#[derive(Debug, Clone)]
pub struct NewOrder {
    pub cart_id: i64,
    pub idempotency_key: Option<String>,
    pub customer_id: Option<i64>,
    pub email: String,
    pub subtotal_cents: i64,
    pub tax_cents: i64,
    pub total_cents: i64,
    pub lines: Vec<OrderLineRow>,
    pub reservation_expires_at: String,
}

/// What the checkout transaction did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreateOutcome {
    Created(i64),
    /// The cart or the idempotency key already has an order; nothing was
    /// written.
    AlreadyExists,
    /// Not enough free stock of this SKU; nothing was written.
    OutOfStock(String),
}

pub(crate) const ORDER_COLUMNS: &str = "id, cart_id, customer_id, email, status, subtotal_cents, tax_cents, total_cents, \
     paid_cents, refunded_cents, payment_intent_id, reservation_expires_at, created_at";

macro_rules! order_from_row {
    ($row:expr) => {{
        let row = $row;
        Ok::<OrderRow, sqlx::Error>(OrderRow {
            id: row.try_get("id")?,
            cart_id: row.try_get("cart_id")?,
            customer_id: row.try_get("customer_id")?,
            email: row.try_get("email")?,
            status: row.try_get("status")?,
            subtotal_cents: row.try_get("subtotal_cents")?,
            tax_cents: row.try_get("tax_cents")?,
            total_cents: row.try_get("total_cents")?,
            paid_cents: row.try_get("paid_cents")?,
            refunded_cents: row.try_get("refunded_cents")?,
            payment_intent_id: row.try_get("payment_intent_id")?,
            reservation_expires_at: row.try_get("reservation_expires_at")?,
            created_at: row.try_get("created_at")?,
        })
    }};
}

/// Writes the order, its lines, the stock reservation of every line and its
/// first status in one transaction. The confirmation mail is queued when the
/// order is paid (see `shop_order_updates`).
pub async fn create(db: &Database, order: &NewOrder, now: &str) -> Result<CreateOutcome, sqlx::Error> {
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        // Any unique key (cart, idempotency key) that exists already makes
        // this insert do nothing, so a repeated checkout writes nothing.
        let order_id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO orders (cart_id, idempotency_key, customer_id, email, status, subtotal_cents, tax_cents, \
             total_cents, reservation_expires_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, 'awaiting_payment', $5, $6, $7, $8, $9, $9) ON CONFLICT DO NOTHING RETURNING id",
        )
        .bind(order.cart_id)
        .bind(order.idempotency_key.as_deref())
        .bind(order.customer_id)
        .bind(&order.email)
        .bind(order.subtotal_cents)
        .bind(order.tax_cents)
        .bind(order.total_cents)
        .bind(&order.reservation_expires_at)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(order_id) = order_id else {
            tx.rollback().await?;
            return Ok(CreateOutcome::AlreadyExists);
        };
        for line in &order.lines {
            // The stores' stock count less what other orders hold is what
            // the shop can sell.
            let reserved = sqlx::query(
                "UPDATE shop_products SET stock_reserved = stock_reserved + $2 \
                 WHERE id = $1 AND published = 1 \
                 AND COALESCE((SELECT on_hand FROM stock_levels WHERE sku = shop_products.sku), 0) - stock_reserved >= $2",
            )
            .bind(line.product_id)
            .bind(line.quantity)
            .execute(&mut *tx)
            .await?;
            if reserved.rows_affected() != 1 {
                tx.rollback().await?;
                return Ok(CreateOutcome::OutOfStock(line.sku.clone()));
            }
            sqlx::query(
                "INSERT INTO stock_reservations (order_id, product_id, quantity, status, created_at) \
                 VALUES ($1, $2, $3, 'held', $4)",
            )
            .bind(order_id)
            .bind(line.product_id)
            .bind(line.quantity)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO order_lines (order_id, product_id, sku, name, quantity, unit_price_cents, tax_cents, total_cents) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(order_id)
            .bind(line.product_id)
            .bind(&line.sku)
            .bind(&line.name)
            .bind(line.quantity)
            .bind(line.unit_price_cents)
            .bind(line.tax_cents)
            .bind(line.total_cents)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO order_status_changes (order_id, from_status, to_status, cause, changed_at) \
             VALUES ($1, '', 'awaiting_payment', 'checkout', $2)",
        )
        .bind(order_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(CreateOutcome::Created(order_id))
    })
}

/// Finds an order by one of its keys; `column` is a fixed column name.
async fn find_by(db: &Database, column: &'static str, key: Key<'_>) -> Result<Option<OrderRow>, sqlx::Error> {
    let sql = format!("SELECT {ORDER_COLUMNS} FROM orders WHERE {column} = $1");
    with_pool!(db, pool => {
        let query = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()));
        let query = match key {
            Key::Number(number) => query.bind(number),
            Key::Text(text) => query.bind(text),
        };
        let row = query.fetch_optional(pool).await?;
        row.map(|row| order_from_row!(&row)).transpose()
    })
}

enum Key<'a> {
    Number(i64),
    Text(&'a str),
}

pub async fn find(db: &Database, id: i64) -> Result<Option<OrderRow>, sqlx::Error> {
    find_by(db, "id", Key::Number(id)).await
}

pub async fn find_by_cart(db: &Database, cart_id: i64) -> Result<Option<OrderRow>, sqlx::Error> {
    find_by(db, "cart_id", Key::Number(cart_id)).await
}

pub async fn find_by_idempotency_key(db: &Database, key: &str) -> Result<Option<OrderRow>, sqlx::Error> {
    find_by(db, "idempotency_key", Key::Text(key)).await
}

pub async fn find_by_payment_intent(db: &Database, payment_intent_id: &str) -> Result<Option<OrderRow>, sqlx::Error> {
    find_by(db, "payment_intent_id", Key::Text(payment_intent_id)).await
}

/// Lists a customer's orders, newest first.
pub async fn list_for_customer(db: &Database, customer_id: i64, limit: i64) -> Result<Vec<OrderRow>, sqlx::Error> {
    let sql = format!("SELECT {ORDER_COLUMNS} FROM orders WHERE customer_id = $1 ORDER BY id DESC LIMIT $2");
    with_pool!(db, pool => {
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql.as_str())).bind(customer_id).bind(limit).fetch_all(pool).await?;
        rows.iter().map(|row| order_from_row!(row)).collect()
    })
}

pub async fn lines(db: &Database, order_id: i64) -> Result<Vec<OrderLineRow>, sqlx::Error> {
    let sql = "SELECT product_id, sku, name, quantity, unit_price_cents, tax_cents, total_cents \
               FROM order_lines WHERE order_id = $1 ORDER BY id";
    with_pool!(db, pool => {
        let rows = sqlx::query(sql).bind(order_id).fetch_all(pool).await?;
        rows.iter()
            .map(|row| {
                Ok(OrderLineRow {
                    product_id: row.try_get("product_id")?,
                    sku: row.try_get("sku")?,
                    name: row.try_get("name")?,
                    quantity: row.try_get("quantity")?,
                    unit_price_cents: row.try_get("unit_price_cents")?,
                    tax_cents: row.try_get("tax_cents")?,
                    total_cents: row.try_get("total_cents")?,
                })
            })
            .collect()
    })
}

/// Links a PaymentIntent to an order that has none; an order keeps the
/// first PaymentIntent it was linked to.
pub async fn link_payment_intent(
    db: &Database,
    order_id: i64,
    payment_intent_id: &str,
    now: &str,
) -> Result<(), sqlx::Error> {
    let sql = "UPDATE orders SET payment_intent_id = $2, updated_at = $3 WHERE id = $1 AND payment_intent_id IS NULL";
    with_pool!(db, pool => {
        sqlx::query(sql).bind(order_id).bind(payment_intent_id).bind(now).execute(pool).await.map(drop)
    })
}

/// Ids of unpaid orders whose reservation ran out before `now`.
pub async fn expired_reservations(db: &Database, now: &str, limit: i64) -> Result<Vec<i64>, sqlx::Error> {
    let sql =
        "SELECT id FROM orders WHERE status = 'awaiting_payment' AND reservation_expires_at < $1 ORDER BY id LIMIT $2";
    with_pool!(db, pool => sqlx::query_scalar::<_, i64>(sql).bind(now).bind(limit).fetch_all(pool).await)
}

/// Counts rows of a table that belong to an order; for tests and checks.
pub async fn count_for_order(db: &Database, table: OrderTable, order_id: i64) -> Result<i64, sqlx::Error> {
    let sql = format!("SELECT COUNT(*) FROM {} WHERE order_id = $1", table.name());
    with_pool!(db, pool => sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql.as_str())).bind(order_id).fetch_one(pool).await)
}

/// The tables [`count_for_order`] can count in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderTable {
    Payments,
    Refunds,
    StatusChanges,
    Reservations,
}

impl OrderTable {
    fn name(self) -> &'static str {
        match self {
            OrderTable::Payments => "order_payments",
            OrderTable::Refunds => "order_refunds",
            OrderTable::StatusChanges => "order_status_changes",
            OrderTable::Reservations => "stock_reservations",
        }
    }
}

/// Returns the public id of an order's cart.
pub async fn find_cart_public_id(db: &Database, cart_id: i64) -> Result<String, sqlx::Error> {
    let sql = "SELECT public_id FROM carts WHERE id = $1";
    with_pool!(db, pool => sqlx::query_scalar::<_, String>(sql).bind(cart_id).fetch_one(pool).await)
}

/// Returns the token hash of an order's cart, which lets a guest see the order.
pub async fn find_cart_token_hash(db: &Database, cart_id: i64) -> Result<String, sqlx::Error> {
    let sql = "SELECT token_hash FROM carts WHERE id = $1";
    with_pool!(db, pool => sqlx::query_scalar::<_, String>(sql).bind(cart_id).fetch_one(pool).await)
}
