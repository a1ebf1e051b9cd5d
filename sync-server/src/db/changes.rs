//! The change feed: reading pages after a cursor, and the catalog changes
//! a manager makes on the server.

use giggatek_protocol::{Change, EntityKind, ProductChange};
use time::OffsetDateTime;

use super::shop_catalog::ShopListing;
use super::{Database, in_write_transaction, with_pool};

/// Reads up to `limit` changes after `cursor`, in sequence order, and
/// whether more follow.
pub async fn page(db: &Database, cursor: i64, limit: u32) -> Result<(Vec<Change>, bool), sqlx::Error> {
    // One extra row tells whether another page follows.
    let fetch = i64::from(limit) + 1;
    let rows: Vec<(i64, String, String, String)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT seq, entity, entity_key, data FROM changes WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(cursor)
        .bind(fetch)
        .fetch_all(pool)
        .await?
    });
    let has_more = rows.len() > usize::try_from(limit).unwrap_or(usize::MAX);
    let mut changes = Vec::with_capacity(rows.len());
    for (seq, entity, key, data) in rows.into_iter().take(usize::try_from(limit).unwrap_or(usize::MAX)) {
        let data = serde_json::from_str(&data).map_err(|error| sqlx::Error::Decode(error.into()))?;
        changes.push(Change {
            seq,
            entity: EntityKind(entity),
            key,
            data,
        });
    }
    Ok((changes, has_more))
}

/// Adds or updates a product in the server's catalog and appends it to the
/// change feed, so every terminal gets it on its next pull. A new product
/// is published in the online shop.
pub async fn upsert_product(db: &Database, product: &ProductChange) -> Result<i64, sqlx::Error> {
    upsert_listed_product(db, product, None).await
}

/// Does what [`upsert_product`] does and, in the same transaction, replaces
/// the online shop's attributes of the product with `listing` when given.
pub async fn upsert_listed_product(
    db: &Database,
    product: &ProductChange,
    listing: Option<&ShopListing>,
) -> Result<i64, sqlx::Error> {
    let now = OffsetDateTime::now_utc();
    let listed_at = crate::shop::clock::now();
    let data = serde_json::to_string(product).map_err(|error| sqlx::Error::Encode(error.into()))?;
    let seq = in_write_transaction!(db, tx => {
        sqlx::query(
            "INSERT INTO catalog_products (sku, barcode, name, category, price_cents, taxable, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (sku) DO UPDATE SET barcode = excluded.barcode, name = excluded.name,
                 category = excluded.category, price_cents = excluded.price_cents,
                 taxable = excluded.taxable, updated_at = excluded.updated_at",
        )
        .bind(&product.sku)
        .bind(&product.barcode)
        .bind(&product.name)
        .bind(&product.category)
        .bind(product.price_cents)
        .bind(product.taxable)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let seq: i64 = sqlx::query_scalar(
            "INSERT INTO changes (entity, entity_key, data, changed_at) VALUES ($1, $2, $3, $4) RETURNING seq",
        )
        .bind(EntityKind::PRODUCT)
        .bind(&product.sku)
        .bind(&data)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let listing_sql = match listing {
            None => "INSERT INTO shop_products (sku, created_at, updated_at) VALUES ($1, $2, $2)
                     ON CONFLICT (sku) DO NOTHING",
            Some(_) => "INSERT INTO shop_products (sku, created_at, updated_at, published, rto_payment_cents,
                         rto_payment_count, rto_interval)
                     VALUES ($1, $2, $2, $3, $4, $5, $6)
                     ON CONFLICT (sku) DO UPDATE SET published = excluded.published,
                         rto_payment_cents = excluded.rto_payment_cents, rto_payment_count = excluded.rto_payment_count,
                         rto_interval = excluded.rto_interval, updated_at = excluded.updated_at",
        };
        let mut insert_listing = sqlx::query(listing_sql).bind(&product.sku).bind(&listed_at);
        if let Some(listing) = listing {
            insert_listing = insert_listing
                .bind(i64::from(listing.published))
                .bind(listing.rto_payment_cents)
                .bind(listing.rto_payment_count)
                .bind(listing.rto_interval.as_deref());
        }
        insert_listing.execute(&mut *tx).await?;
        seq
    });
    tracing::info!(sku = %product.sku, seq, "product changed");
    Ok(seq)
}

/// Sets a SKU's stock count on the server (a count after a stocktake) and
/// appends it to the change feed.
pub async fn set_stock(db: &Database, sku: &str, on_hand: i64) -> Result<i64, sqlx::Error> {
    let now = OffsetDateTime::now_utc();
    let data = serde_json::json!({ "sku": sku, "on_hand": on_hand }).to_string();
    let seq = in_write_transaction!(db, tx => {
        sqlx::query(
            "INSERT INTO stock_levels (sku, on_hand, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (sku) DO UPDATE SET on_hand = excluded.on_hand, updated_at = excluded.updated_at",
        )
        .bind(sku)
        .bind(on_hand)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let seq: i64 = sqlx::query_scalar(
            "INSERT INTO changes (entity, entity_key, data, changed_at) VALUES ($1, $2, $3, $4) RETURNING seq",
        )
        .bind(EntityKind::STOCK)
        .bind(sku)
        .bind(&data)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        seq
    });
    tracing::info!(sku, on_hand, seq, "stock count set");
    Ok(seq)
}
