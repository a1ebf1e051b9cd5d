//! Stock of paid online orders: the units an order holds leave the stores'
//! stock count as stock movements, and each new count goes to the change
//! feed so the terminals receive it.

/// Consumes every reservation of order `$order_id` that is not consumed
/// yet, inside the open write transaction `$tx`.
///
/// Held units leave both the shop's held count and the stock count. Units
/// whose hold was already released (a payment that arrived after the
/// reservation expired) leave the stock count only. The count may go below
/// zero, because a paid order is never refused for want of stock. The
/// caller must hold the change feed's write lock (see
/// [`crate::db::in_write_transaction`]) so feed sequence numbers commit in
/// order. `stock_movements_order_sku_key` makes a second run for the same
/// order fail instead of moving the stock twice.
macro_rules! consume_reservations {
    ($tx:ident, $order_id:expr, $now:expr) => {{
        let order_id: i64 = $order_id;
        let now: &str = $now;
        let instant = time::OffsetDateTime::now_utc();
        let reservations: Vec<(i64, String, i64, String)> = sqlx::query_as(
            "SELECT r.product_id, p.sku, r.quantity, r.status FROM stock_reservations r \
             JOIN shop_products p ON p.id = r.product_id \
             WHERE r.order_id = $1 AND r.status <> 'consumed' ORDER BY r.id",
        )
        .bind(order_id)
        .fetch_all(&mut *$tx)
        .await?;
        for (product_id, sku, quantity, status) in reservations {
            if status == "held" {
                sqlx::query("UPDATE shop_products SET stock_reserved = stock_reserved - $2 WHERE id = $1")
                    .bind(product_id)
                    .bind(quantity)
                    .execute(&mut *$tx)
                    .await?;
            }
            sqlx::query("INSERT INTO stock_levels (sku, on_hand, updated_at) VALUES ($1, 0, $2) ON CONFLICT (sku) DO NOTHING")
                .bind(&sku)
                .bind(instant)
                .execute(&mut *$tx)
                .await?;
            let on_hand: i64 = sqlx::query_scalar(
                "UPDATE stock_levels SET on_hand = on_hand - $1, updated_at = $2 WHERE sku = $3 RETURNING on_hand",
            )
            .bind(quantity)
            .bind(instant)
            .bind(&sku)
            .fetch_one(&mut *$tx)
            .await?;
            sqlx::query("INSERT INTO stock_movements (order_id, sku, delta, on_hand_after) VALUES ($1, $2, $3, $4)")
                .bind(order_id)
                .bind(&sku)
                .bind(-quantity)
                .bind(on_hand)
                .execute(&mut *$tx)
                .await?;
            let data = serde_json::to_string(&giggatek_protocol::StockChange { sku: sku.clone(), on_hand })
                .map_err(|error| sqlx::Error::Encode(error.into()))?;
            sqlx::query("INSERT INTO changes (entity, entity_key, data, changed_at) VALUES ($1, $2, $3, $4)")
                .bind(giggatek_protocol::EntityKind::STOCK)
                .bind(&sku)
                .bind(data)
                .bind(instant)
                .execute(&mut *$tx)
                .await?;
            if on_hand < 0 {
                // NOTE: no oversell_alerts row is written, because that table
                // names terminal records. `admin report` lists the SKU only
                // once a store sale is stored while the count is below zero.
                tracing::warn!(sku = %sku, order_id, on_hand, "a paid online order took the stock below zero");
            }
        }
        sqlx::query(
            "UPDATE stock_reservations SET status = 'consumed', settled_at = $2 WHERE order_id = $1 AND status <> 'consumed'",
        )
        .bind(order_id)
        .bind(now)
        .execute(&mut *$tx)
        .await?;
    }};
}
pub(crate) use consume_reservations;
