//! Storing an upload batch: each record once under its client id, its stock
//! movements, oversell alerts, its rental rows, the changes for the feed
//! and a line in the sync log, all in one transaction.

use std::collections::HashSet;

use giggatek_protocol::{Ack, AckStatus, EntityKind, Record, StockChange};
use time::OffsetDateTime;

use super::rentals::{RentalContext, RentalFeed, RentalWriter};
use super::terminals::Terminal;
use super::{Database, in_write_transaction};
use crate::sync::validate::{Effects, Rejection};

/// A record with the outcome of its checks.
pub struct CheckedRecord {
    pub record: Record,
    pub checked: Result<Effects, Rejection>,
}

/// What the terminal sent besides its records.
pub struct BatchHeader<'a> {
    pub batch_id: &'a str,
    pub terminal_time: &'a str,
}

/// Stores a batch from `terminal` and returns one acknowledgement per
/// record, in the batch's order. A record whose client id is already stored
/// is acknowledged as such and changes nothing, unless that id belongs to a
/// record of another kind, which is rejected.
pub async fn store_batch(
    db: &Database,
    terminal: &Terminal,
    header: &BatchHeader<'_>,
    records: Vec<CheckedRecord>,
    now: OffsetDateTime,
) -> Result<Vec<Ack>, sqlx::Error> {
    let mut acks = Vec::with_capacity(records.len());
    let mut seen_skus: HashSet<String> = HashSet::new();
    let mut touched_skus: Vec<String> = Vec::new();
    let mut rental_feed = RentalFeed::default();
    let (mut stored, mut already_stored, mut rejected) = (0_i64, 0_i64, 0_i64);
    let record_count = i64::try_from(records.len()).unwrap_or(i64::MAX);

    in_write_transaction!(db, tx => {
        for CheckedRecord { record, checked } in records {
            let client_id = record.client_id.hyphenated().to_string();
            let effects = match checked {
                Ok(effects) => effects,
                Err(rejection) => {
                    rejected += 1;
                    tracing::warn!(
                        client_id = %client_id,
                        kind = record.kind.as_str(),
                        field = %rejection.field,
                        message = %rejection.message,
                        "record rejected"
                    );
                    acks.push(rejected_ack(record.client_id, rejection));
                    continue;
                }
            };
            let payload = record.payload.to_string();
            let inserted: Option<i64> = sqlx::query_scalar(
                "INSERT INTO sync_records (client_id, kind, terminal_id, store_code, terminal_code, business_date,
                     sales_cents, payload, terminal_created_at, received_at, batch_id)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                 ON CONFLICT (client_id) DO NOTHING
                 RETURNING id",
            )
            .bind(&client_id)
            .bind(record.kind.as_str())
            .bind(terminal.id)
            .bind(&terminal.store_code)
            .bind(&terminal.terminal_code)
            .bind(&effects.business_date)
            .bind(effects.sales_cents)
            .bind(&payload)
            .bind(&record.created_at)
            .bind(now)
            .bind(header.batch_id)
            .fetch_optional(&mut *tx)
            .await?;

            let Some(record_id) = inserted else {
                let stored_kind: String = sqlx::query_scalar("SELECT kind FROM sync_records WHERE client_id = $1")
                    .bind(&client_id)
                    .fetch_one(&mut *tx)
                    .await?;
                if stored_kind == record.kind.as_str() {
                    // The terminal may have missed the stock changes of the
                    // first upload (it crashed before storing the
                    // acknowledgement), so its SKUs get a fresh stock change.
                    for (sku, _) in &effects.stock {
                        if seen_skus.insert(sku.clone()) {
                            touched_skus.push(sku.clone());
                        }
                    }
                    already_stored += 1;
                    acks.push(Ack { client_id: record.client_id, status: AckStatus::AlreadyStored });
                } else {
                    rejected += 1;
                    let rejection = Rejection {
                        field: "client_id".to_owned(),
                        message: format!(
                            "client id {client_id} already belongs to a {stored_kind} record: this {} needs a new id",
                            record.kind.as_str()
                        ),
                    };
                    tracing::warn!(client_id = %client_id, stored_kind = %stored_kind, "record rejected: client id clash");
                    acks.push(rejected_ack(record.client_id, rejection));
                }
                continue;
            };

            if let Some(rental) = &effects.rental {
                let context = RentalContext {
                    terminal,
                    record_client_id: &client_id,
                    record_created_at: &record.created_at,
                    now,
                };
                RentalWriter::apply_rental(&mut *tx, &context, rental, &mut rental_feed).await?;
            }

            for (sku, delta) in &effects.stock {
                if seen_skus.insert(sku.clone()) {
                    sqlx::query(
                        "INSERT INTO stock_levels (sku, on_hand, updated_at) VALUES ($1, 0, $2)
                         ON CONFLICT (sku) DO NOTHING",
                    )
                    .bind(sku)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                    touched_skus.push(sku.clone());
                }
                let on_hand: i64 = sqlx::query_scalar(
                    "UPDATE stock_levels SET on_hand = on_hand + $1, updated_at = $2 WHERE sku = $3 RETURNING on_hand",
                )
                .bind(delta)
                .bind(now)
                .bind(sku)
                .fetch_one(&mut *tx)
                .await?;
                sqlx::query("INSERT INTO stock_movements (record_id, sku, delta, on_hand_after) VALUES ($1, $2, $3, $4)")
                    .bind(record_id)
                    .bind(sku)
                    .bind(delta)
                    .bind(on_hand)
                    .execute(&mut *tx)
                    .await?;
                if *delta < 0 && on_hand < 0 {
                    if on_hand - delta >= 0 {
                        // Stock just went below zero: the alert names every
                        // sale since it was last above zero, the ones that
                        // competed for the last units.
                        sqlx::query(
                            "INSERT INTO oversell_alerts (sku, record_client_id, on_hand_after, raised_at)
                             SELECT m.sku, r.client_id, m.on_hand_after, $2
                             FROM stock_movements m JOIN sync_records r ON r.id = m.record_id
                             WHERE m.sku = $1 AND m.delta < 0
                               AND m.id > COALESCE(
                                   (SELECT MAX(id) FROM stock_movements WHERE sku = $1 AND on_hand_after > 0), 0)
                             ORDER BY m.id
                             ON CONFLICT (record_client_id, sku) DO NOTHING",
                        )
                        .bind(sku)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                        tracing::warn!(sku = %sku, client_id = %client_id, on_hand, "stock oversold");
                    } else {
                        // Already below zero: this sale joins the alert.
                        sqlx::query(
                            "INSERT INTO oversell_alerts (sku, record_client_id, on_hand_after, raised_at)
                             VALUES ($1, $2, $3, $4) ON CONFLICT (record_client_id, sku) DO NOTHING",
                        )
                        .bind(sku)
                        .bind(&client_id)
                        .bind(on_hand)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                    }
                }
            }
            stored += 1;
            acks.push(Ack { client_id: record.client_id, status: AckStatus::Stored });
        }

        for sku in &touched_skus {
            let on_hand: Option<i64> = sqlx::query_scalar("SELECT on_hand FROM stock_levels WHERE sku = $1")
                .bind(sku)
                .fetch_optional(&mut *tx)
                .await?;
            let Some(on_hand) = on_hand else {
                continue;
            };
            let data = serde_json::to_string(&StockChange { sku: sku.clone(), on_hand })
                .map_err(|error| sqlx::Error::Encode(error.into()))?;
            sqlx::query("INSERT INTO changes (entity, entity_key, data, changed_at) VALUES ($1, $2, $3, $4)")
                .bind(EntityKind::STOCK)
                .bind(sku)
                .bind(data)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }

        RentalWriter::append_rental_changes(&mut *tx, &rental_feed, now).await?;

        sqlx::query(
            "INSERT INTO sync_log (terminal_id, batch_id, terminal_time, server_time, records, stored, already_stored, rejected)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(terminal.id)
        .bind(header.batch_id)
        .bind(header.terminal_time)
        .bind(now)
        .bind(record_count)
        .bind(stored)
        .bind(already_stored)
        .bind(rejected)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE terminals SET last_seen_at = $1 WHERE id = $2")
            .bind(now)
            .bind(terminal.id)
            .execute(&mut *tx)
            .await?;
        pause_before_commit().await;
    });
    tracing::info!(
        terminal_id = terminal.id,
        batch_id = header.batch_id,
        records = record_count,
        stored,
        already_stored,
        rejected,
        "batch stored"
    );
    Ok(acks)
}

fn rejected_ack(client_id: uuid::Uuid, rejection: Rejection) -> Ack {
    Ack {
        client_id,
        status: AckStatus::Rejected {
            field: rejection.field,
            message: rejection.message,
        },
    }
}

/// Test hook: when this variable names a number of milliseconds, every
/// batch waits that long before its commit, so a test can kill the server
/// while a batch is open. It logs a warning each time.
pub const PAUSE_BEFORE_COMMIT_VAR: &str = "GIGGATEK_SERVER_TEST_PAUSE_BEFORE_COMMIT_MS";

async fn pause_before_commit() {
    let Some(millis) = std::env::var(PAUSE_BEFORE_COMMIT_VAR)
        .ok()
        .and_then(|value| value.parse::<u64>().ok())
    else {
        return;
    };
    tracing::warn!(millis, "pausing before the batch's commit");
    tokio::time::sleep(std::time::Duration::from_millis(millis)).await;
}
