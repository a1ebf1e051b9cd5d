//! Products: finding one by barcode, SKU or id, and receiving stock.

use giggatek_domain::{CartItem, MAX_QUANTITY, Money};
use rusqlite::{OptionalExtension, Row, params};
use serde::Serialize;
use serde_json::json;

use crate::clock::format_instant;
use crate::db::Store;
use crate::error::StoreError;
use crate::outbox::{self, new_client_id};
use crate::stock::{self, Movement, StockReason};

/// Expands to the columns every product query selects, in
/// [`Product::from_row`]'s order, so that queries can be built with `concat!`.
macro_rules! product_columns {
    () => {
        "products.id, products.sku, products.barcode, products.name, products.category, \
         products.price_cents, products.taxable, products.stock_on_hand"
    };
}

/// The columns every product query selects, in [`Product::from_row`]'s order.
pub(crate) const PRODUCT_COLUMNS: &str = product_columns!();

// Written out whole so a scan neither formats nor allocates its SQL text.
const BY_BARCODE: &str = concat!("SELECT ", product_columns!(), " FROM products WHERE barcode = ?1");
const BY_SKU: &str = concat!("SELECT ", product_columns!(), " FROM products WHERE sku = ?1");
const BY_ID: &str = concat!("SELECT ", product_columns!(), " FROM products WHERE id = ?1");

/// A product of the store's catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Product {
    pub id: i64,
    pub sku: String,
    pub barcode: String,
    pub name: String,
    pub category: String,
    /// The sale price; `None` when the product is not for sale.
    pub price: Option<Money>,
    pub taxable: bool,
    /// May be negative: a sale is never refused for want of stock.
    pub stock_on_hand: i64,
}

impl Product {
    pub(crate) fn from_row(row: &Row<'_>) -> rusqlite::Result<Product> {
        Ok(Product {
            id: row.get(0)?,
            sku: row.get(1)?,
            barcode: row.get(2)?,
            name: row.get(3)?,
            category: row.get(4)?,
            price: row.get::<_, Option<i64>>(5)?.map(Money::from_cents),
            taxable: row.get(6)?,
            stock_on_hand: row.get(7)?,
        })
    }

    /// Turns the product into what a cart line needs; a product without a
    /// price is not for sale.
    pub fn cart_item(&self) -> Result<CartItem, StoreError> {
        let Some(unit_price) = self.price else {
            return Err(StoreError::Invalid(format!(
                "{} ({}) has no price and is not for sale: ask a manager to price it",
                self.name, self.sku
            )));
        };
        Ok(CartItem {
            product_id: self.id,
            sku: self.sku.clone(),
            barcode: self.barcode.clone(),
            name: self.name.clone(),
            unit_price,
            taxable: self.taxable,
        })
    }
}

impl Store {
    /// Finds the product whose barcode equals `barcode`, once surrounding
    /// whitespace such as a scanner's newline is trimmed.
    pub fn find_by_barcode(&self, barcode: &str) -> Result<Option<Product>, StoreError> {
        self.find_one(BY_BARCODE, barcode.trim())
    }

    /// Finds the product with this SKU; letters are matched in capitals.
    pub fn find_by_sku(&self, sku: &str) -> Result<Option<Product>, StoreError> {
        self.find_one(BY_SKU, &sku.trim().to_ascii_uppercase())
    }

    /// Finds what the scan box received: a 13-digit code is a barcode,
    /// anything else a SKU. One indexed query either way.
    pub fn lookup(&self, scanned: &str) -> Result<Option<Product>, StoreError> {
        let code = scanned.trim();
        if code.is_empty() {
            return Ok(None);
        }
        if code.len() == 13 && code.chars().all(|c| c.is_ascii_digit()) {
            self.find_by_barcode(code)
        } else {
            self.find_by_sku(code)
        }
    }

    /// Loads one product by id.
    pub fn product(&self, id: i64) -> Result<Product, StoreError> {
        let mut statement = self.conn.prepare_cached(BY_ID)?;
        statement
            .query_row([id], Product::from_row)
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("product {id} is not in the catalog")))
    }

    fn find_one(&self, sql: &str, value: &str) -> Result<Option<Product>, StoreError> {
        let mut statement = self.conn.prepare_cached(sql)?;
        Ok(statement.query_row([value], Product::from_row).optional()?)
    }

    /// Adds received units to a product's stock, as a `receiving` movement,
    /// and queues a `stock_received` record so the server's stock gets them.
    pub fn receive_stock(&mut self, product_id: i64, quantity: u32) -> Result<Product, StoreError> {
        if quantity == 0 || quantity > MAX_QUANTITY {
            return Err(StoreError::Invalid(format!(
                "quantity {quantity} is not allowed: receive 1 to {MAX_QUANTITY} units at a time"
            )));
        }
        let now = self.now();
        let tx = self.write()?;
        // Checked first so that an unknown id is reported as not found rather
        // than as the movement's foreign-key failure.
        let known = tx
            .prepare_cached("SELECT 1 FROM products WHERE id = ?1")?
            .exists([product_id])?;
        if !known {
            return Err(StoreError::NotFound(format!(
                "product {product_id} is not in the catalog: check the product id"
            )));
        }
        let movement = Movement {
            product_id,
            delta: i64::from(quantity),
            reason: StockReason::Receiving,
            sale_id: None,
            return_id: None,
        };
        stock::record(&tx, now, &movement)?;
        let sku: String = tx.query_row("SELECT sku FROM products WHERE id = ?1", [product_id], |row| row.get(0))?;
        let client_id = new_client_id();
        let payload = json!({
            "client_id": client_id,
            "sku": sku,
            "quantity": quantity,
            "stock_movements": [{ "product_id": product_id, "delta": movement.delta, "reason": "receiving" }],
            "created_at": format_instant(now),
        });
        outbox::enqueue(&tx, now, &client_id, "stock_received", &payload)?;
        tx.commit()?;
        self.product(product_id)
    }

    /// Counts products, and those of them with a price.
    pub fn product_counts(&self) -> Result<(u64, u64), StoreError> {
        let (all, priced): (i64, i64) =
            self.conn
                .query_row("SELECT count(*), count(price_cents) FROM products", params![], |row| {
                    Ok((row.get(0)?, row.get(1)?))
                })?;
        Ok((u64::try_from(all).unwrap_or(0), u64::try_from(priced).unwrap_or(0)))
    }
}
