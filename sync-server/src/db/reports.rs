//! What managers read: sales per store, terminal and business day, stock,
//! oversell alerts.

use serde::Serialize;

use super::{Database, with_pool};

/// Sales of one terminal on one business day: sales minus refunds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DailySales {
    pub store_code: String,
    pub terminal_code: String,
    pub business_date: String,
    pub sales: i64,
    pub returns: i64,
    pub net_cents: i64,
}

/// An oversold SKU: its stock went below zero, and the sales that took
/// its last units, in the order the server stored them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OversellAlert {
    pub sku: String,
    pub on_hand: i64,
    pub sale_client_ids: Vec<String>,
}

/// Sums sales and refunds per store, terminal and business day.
pub async fn daily_sales(db: &Database) -> Result<Vec<DailySales>, sqlx::Error> {
    let rows: Vec<(String, String, String, i64, i64, i64)> = with_pool!(db, pool => {
        // PostgreSQL's SUM of BIGINT is NUMERIC, hence the casts.
        sqlx::query_as(
            "SELECT store_code, terminal_code, business_date,
                    CAST(SUM(CASE WHEN kind = 'sale' THEN 1 ELSE 0 END) AS BIGINT),
                    CAST(SUM(CASE WHEN kind = 'return' THEN 1 ELSE 0 END) AS BIGINT),
                    CAST(SUM(sales_cents) AS BIGINT)
             FROM sync_records WHERE sales_cents IS NOT NULL
             GROUP BY store_code, terminal_code, business_date
             ORDER BY store_code, terminal_code, business_date",
        )
        .fetch_all(pool)
        .await?
    });
    Ok(rows
        .into_iter()
        .map(
            |(store_code, terminal_code, business_date, sales, returns, net_cents)| DailySales {
                store_code,
                terminal_code,
                business_date,
                sales,
                returns,
                net_cents,
            },
        )
        .collect())
}

/// Lists oversold SKUs with alerts not yet resolved, by SKU.
pub async fn open_oversells(db: &Database) -> Result<Vec<OversellAlert>, sqlx::Error> {
    let rows: Vec<(String, String, i64)> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT a.sku, a.record_client_id, s.on_hand FROM oversell_alerts a
             JOIN stock_levels s ON s.sku = a.sku
             WHERE a.resolved_at IS NULL ORDER BY a.sku, a.id",
        )
        .fetch_all(pool)
        .await?
    });
    let mut alerts: Vec<OversellAlert> = Vec::new();
    for (sku, client_id, on_hand) in rows {
        match alerts.last_mut() {
            Some(alert) if alert.sku == sku => alert.sale_client_ids.push(client_id),
            _ => alerts.push(OversellAlert {
                sku,
                on_hand,
                sale_client_ids: vec![client_id],
            }),
        }
    }
    Ok(alerts)
}

/// Returns the server's stock count of a SKU, if any movement or count
/// reached it.
pub async fn stock_on_hand(db: &Database, sku: &str) -> Result<Option<i64>, sqlx::Error> {
    with_pool!(db, pool => {
        sqlx::query_scalar("SELECT on_hand FROM stock_levels WHERE sku = $1")
            .bind(sku)
            .fetch_optional(pool)
            .await
    })
}

/// Counts stored records per kind, for checks that nothing was doubled.
pub async fn record_counts(db: &Database) -> Result<Vec<(String, i64)>, sqlx::Error> {
    with_pool!(db, pool => {
        sqlx::query_as("SELECT kind, COUNT(*) FROM sync_records GROUP BY kind ORDER BY kind")
            .fetch_all(pool)
            .await
    })
}
