//! Stock movements: every change of a product's stock as a signed delta.
//!
//! Deltas, not absolute counts, are what terminals upload, so sales made on
//! several terminals while offline add up on the server. Stock may go
//! negative: a sale already paid for is never refused for want of stock.
//! Sales and returns leave `products.change_seq` alone, because their stock
//! changes reach the server as these deltas in the outbox.

use rusqlite::{Connection, params};

use crate::clock::format_instant;
use crate::error::StoreError;

/// The cause of a stock movement, stored as `stock_movements.reason`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StockReason {
    Sale,
    Return,
    Receiving,
}

impl StockReason {
    fn as_str(self) -> &'static str {
        match self {
            StockReason::Sale => "sale",
            StockReason::Return => "return",
            StockReason::Receiving => "receiving",
        }
    }
}

/// A stock change about to be written.
pub(crate) struct Movement {
    pub product_id: i64,
    pub delta: i64,
    pub reason: StockReason,
    pub sale_id: Option<i64>,
    pub return_id: Option<i64>,
}

/// Writes the movement and applies it to the product's `stock_on_hand`;
/// call it inside the transaction of the sale or return.
pub(crate) fn record(conn: &Connection, now: jiff::Timestamp, movement: &Movement) -> Result<(), StoreError> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO stock_movements (product_id, delta, reason, sale_id, return_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    insert.execute(params![
        movement.product_id,
        movement.delta,
        movement.reason.as_str(),
        movement.sale_id,
        movement.return_id,
        format_instant(now),
    ])?;
    let mut update = conn.prepare_cached("UPDATE products SET stock_on_hand = stock_on_hand + ?1 WHERE id = ?2")?;
    let changed = update.execute(params![movement.delta, movement.product_id])?;
    if changed != 1 {
        return Err(StoreError::NotFound(format!(
            "product {} is not in the catalog",
            movement.product_id
        )));
    }
    Ok(())
}
