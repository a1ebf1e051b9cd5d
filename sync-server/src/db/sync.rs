//! Storing an upload batch: each record once under its client id, its stock
//! movements, oversell alerts, its rental rows, the changes for the feed
//! and a line in the sync log, all in one transaction.

use std::collections::{HashMap, HashSet};

use giggatek_protocol::{Ack, AckStatus, Record};
use time::OffsetDateTime;

use super::rentals::{RentalContext, RentalFeed, RentalWriter};
use super::sync_writer::{BatchWriter, Movement, NewRecord, Oversell};
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

/// The outcome of one record of the batch.
enum Outcome {
    /// Newly stored under this `sync_records` id.
    Stored(i64),
    AlreadyStored,
    Rejected(Rejection),
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
    let client_ids: Vec<String> = records
        .iter()
        .map(|checked| checked.record.client_id.hyphenated().to_string())
        .collect();
    let new_records: Vec<NewRecord<'_>> = records
        .iter()
        .zip(&client_ids)
        .filter_map(|(checked, client_id)| {
            let effects = checked.checked.as_ref().ok()?;
            Some(NewRecord {
                client_id,
                kind: checked.record.kind.as_str(),
                business_date: effects.business_date.as_deref(),
                sales_cents: effects.sales_cents,
                payload: checked.record.payload.get(),
                terminal_created_at: &checked.record.created_at,
            })
        })
        .collect();
    let record_count = i64::try_from(records.len()).unwrap_or(i64::MAX);

    let outcomes = in_write_transaction!(db, tx => {
        let inserted = BatchWriter::insert_records(&mut *tx, terminal, header.batch_id, &new_records, now).await?;
        let earlier: Vec<&str> = new_records
            .iter()
            .map(|record| record.client_id)
            .filter(|client_id| !inserted.contains_key(*client_id))
            .collect();
        let stored_kinds = BatchWriter::stored_kinds(&mut *tx, &earlier).await?;
        let outcomes = sort_outcomes(&records, &client_ids, &inserted, stored_kinds);

        let mut rental_feed = RentalFeed::default();
        for ((checked, client_id), outcome) in records.iter().zip(&client_ids).zip(&outcomes) {
            if let (Outcome::Stored(_), Ok(Effects { rental: Some(rental), .. })) = (outcome, &checked.checked) {
                let context = RentalContext {
                    terminal,
                    record_client_id: client_id,
                    record_created_at: &checked.record.created_at,
                    now,
                };
                RentalWriter::apply_rental(&mut *tx, &context, rental, &mut rental_feed).await?;
            }
        }

        let skus = touched_skus(&records, &outcomes);
        let counts = BatchWriter::stock_counts(&mut *tx, &skus).await?;
        let stock = move_stock(&records, &client_ids, &outcomes, counts);
        BatchWriter::write_stock(&mut *tx, &stock.movements, &stock.moved_counts, &stock.oversells, now).await?;
        let feed_counts: Vec<(String, i64)> = skus
            .iter()
            .filter_map(|sku| stock.counts.get(sku).map(|on_hand| (sku.clone(), *on_hand)))
            .collect();
        BatchWriter::append_stock_changes(&mut *tx, &feed_counts, now).await?;
        RentalWriter::append_rental_changes(&mut *tx, &rental_feed, now).await?;

        let tally = Tally::of(&outcomes);
        sqlx::query(
            "INSERT INTO sync_log (terminal_id, batch_id, terminal_time, server_time, records, stored, already_stored, rejected)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(terminal.id)
        .bind(header.batch_id)
        .bind(header.terminal_time)
        .bind(now)
        .bind(record_count)
        .bind(tally.stored)
        .bind(tally.already_stored)
        .bind(tally.rejected)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE terminals SET last_seen_at = $1 WHERE id = $2")
            .bind(now)
            .bind(terminal.id)
            .execute(&mut *tx)
            .await?;
        pause_before_commit().await;
        outcomes
    });

    let tally = Tally::of(&outcomes);
    tracing::info!(
        terminal_id = terminal.id,
        batch_id = header.batch_id,
        records = record_count,
        stored = tally.stored,
        already_stored = tally.already_stored,
        rejected = tally.rejected,
        "batch stored"
    );
    Ok(records
        .into_iter()
        .zip(outcomes)
        .map(|(checked, outcome)| Ack {
            client_id: checked.record.client_id,
            status: match outcome {
                Outcome::Stored(_) => AckStatus::Stored,
                Outcome::AlreadyStored => AckStatus::AlreadyStored,
                Outcome::Rejected(rejection) => AckStatus::Rejected {
                    field: rejection.field,
                    message: rejection.message,
                },
            },
        })
        .collect())
}

/// Works out each record's outcome, in batch order. The first record with
/// a newly inserted client id is stored. A later one with the same id in
/// the same batch counts as already stored, like one stored earlier. A
/// client id stored under another kind is a clash, and is rejected.
fn sort_outcomes(
    records: &[CheckedRecord],
    client_ids: &[String],
    inserted: &HashMap<String, i64>,
    mut stored_kinds: HashMap<String, String>,
) -> Vec<Outcome> {
    let mut outcomes = Vec::with_capacity(records.len());
    for (checked, client_id) in records.iter().zip(client_ids) {
        let kind = checked.record.kind.as_str();
        if let Err(rejection) = &checked.checked {
            tracing::warn!(
                client_id = %client_id,
                kind,
                field = %rejection.field,
                message = %rejection.message,
                "record rejected"
            );
            outcomes.push(Outcome::Rejected(rejection.clone()));
            continue;
        }
        if let Some(stored_kind) = stored_kinds.get(client_id) {
            if stored_kind == kind {
                outcomes.push(Outcome::AlreadyStored);
            } else {
                tracing::warn!(client_id = %client_id, stored_kind = %stored_kind, "record rejected: client id clash");
                outcomes.push(Outcome::Rejected(Rejection {
                    field: "client_id".to_owned(),
                    message: format!(
                        "client id {client_id} already belongs to a {stored_kind} record: this {kind} needs a new id"
                    ),
                }));
            }
            continue;
        }
        match inserted.get(client_id) {
            Some(id) => {
                stored_kinds.insert(client_id.clone(), kind.to_owned());
                outcomes.push(Outcome::Stored(*id));
            }
            // Not inserted and not found: cannot happen inside the write
            // transaction. An "already stored" acknowledgement would lose the
            // record, so it is rejected and stays queued at the terminal.
            None => outcomes.push(Outcome::Rejected(Rejection {
                field: "client_id".to_owned(),
                message: format!("client id {client_id} could not be stored: send the record again"),
            })),
        }
    }
    outcomes
}

/// Lists the SKUs whose stock the batch moves, and those of records stored
/// before: the terminal may have missed the stock changes of the first
/// upload (it crashed before storing the acknowledgement), so they get a
/// fresh stock change. Each SKU once, in first-seen order.
fn touched_skus(records: &[CheckedRecord], outcomes: &[Outcome]) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut skus = Vec::new();
    for (checked, outcome) in records.iter().zip(outcomes) {
        let (Ok(effects), Outcome::Stored(_) | Outcome::AlreadyStored) = (&checked.checked, outcome) else {
            continue;
        };
        for (sku, _) in &effects.stock {
            if seen.insert(sku.as_str()) {
                skus.push(sku.clone());
            }
        }
    }
    skus
}

/// The batch's stock, worked out in memory from the counts before it.
struct StockMoves {
    movements: Vec<Movement>,
    /// The new count of every SKU the batch moved.
    moved_counts: Vec<(String, i64)>,
    oversells: Vec<Oversell>,
    /// Every known count after the batch.
    counts: HashMap<String, i64>,
}

/// Applies the stored records' deltas in batch order. A SKU with no count
/// yet starts at 0. Stock may go negative: a sale already paid for is never
/// refused for want of stock, and the oversell is recorded instead.
fn move_stock(
    records: &[CheckedRecord],
    client_ids: &[String],
    outcomes: &[Outcome],
    mut counts: HashMap<String, i64>,
) -> StockMoves {
    let mut movements = Vec::new();
    let mut oversells = Vec::new();
    let mut moved: Vec<String> = Vec::new();
    for ((checked, client_id), outcome) in records.iter().zip(client_ids).zip(outcomes) {
        let (Ok(effects), Outcome::Stored(record_id)) = (&checked.checked, outcome) else {
            continue;
        };
        for (sku, delta) in &effects.stock {
            let on_hand = counts.entry(sku.clone()).or_insert(0);
            let before = *on_hand;
            *on_hand = before.saturating_add(*delta);
            if !moved.contains(sku) {
                moved.push(sku.clone());
            }
            movements.push(Movement {
                record_id: *record_id,
                sku: sku.clone(),
                delta: *delta,
                on_hand_after: *on_hand,
            });
            if *delta < 0 && *on_hand < 0 {
                oversells.push(Oversell {
                    record_id: *record_id,
                    client_id: client_id.clone(),
                    sku: sku.clone(),
                    on_hand_after: *on_hand,
                    crossed: before >= 0,
                });
            }
        }
    }
    let moved_counts = moved
        .into_iter()
        .map(|sku| {
            let on_hand = counts.get(&sku).copied().unwrap_or(0);
            (sku, on_hand)
        })
        .collect();
    StockMoves {
        movements,
        moved_counts,
        oversells,
        counts,
    }
}

/// Counts of a batch's outcomes, for the sync log.
struct Tally {
    stored: i64,
    already_stored: i64,
    rejected: i64,
}

impl Tally {
    fn of(outcomes: &[Outcome]) -> Tally {
        let mut tally = Tally {
            stored: 0,
            already_stored: 0,
            rejected: 0,
        };
        for outcome in outcomes {
            match outcome {
                Outcome::Stored(_) => tally.stored += 1,
                Outcome::AlreadyStored => tally.already_stored += 1,
                Outcome::Rejected(_) => tally.rejected += 1,
            }
        }
        tally
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
