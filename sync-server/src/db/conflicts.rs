//! Sync conflicts: records that cannot both hold, such as one serialized
//! unit on two active contracts. Both records stay stored. A manager lists
//! the conflicts and resolves each once the cause is fixed, and every
//! change reaches the terminals through the change feed.

use giggatek_protocol::{ConflictChange, EntityKind, UNIT_DOUBLE_RENTAL};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::{Database, in_write_transaction, with_pool};

/// Reads one conflict by id (`$1`), as a [`ConflictRow`].
pub(crate) const SELECT_CONFLICT: &str =
    "SELECT id, kind, subject, record_client_id, other_client_id, message, raised_at, resolved_at, resolution
     FROM sync_conflicts WHERE id = $1";

/// Reads every conflict when `$1` is true, else the open ones, oldest first.
const SELECT_CONFLICTS: &str =
    "SELECT id, kind, subject, record_client_id, other_client_id, message, raised_at, resolved_at, resolution
     FROM sync_conflicts WHERE $1 OR resolved_at IS NULL ORDER BY id";

/// A `sync_conflicts` row as [`SELECT_CONFLICT`] reads it.
pub(crate) type ConflictRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    OffsetDateTime,
    Option<OffsetDateTime>,
    Option<String>,
);

/// The maximum length of a resolution note, in characters.
const MAX_RESOLUTION_CHARS: usize = 500;

/// The reasons a conflict cannot be resolved.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    #[error("there is no conflict {0}: list them with `admin conflicts --all`")]
    NotFound(i64),
    #[error("conflict {id} was already resolved at {resolved_at}")]
    AlreadyResolved { id: i64, resolved_at: String },
    #[error("the resolution note is invalid: say what was done in 1 to {MAX_RESOLUTION_CHARS} characters")]
    InvalidNote,
    #[error(
        "conflict {id} is still open: unit {serial} is on two active contracts; return it on one of them, \
         sync that terminal, then resolve the conflict"
    )]
    StillActive { id: i64, serial: String },
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

pub(crate) fn conflict_change(row: ConflictRow) -> ConflictChange {
    let (id, kind, subject, record_client_id, other_client_id, message, raised_at, resolved_at, resolution) = row;
    ConflictChange {
        id,
        kind,
        subject,
        record_client_id,
        other_client_id,
        message,
        raised_at: format_instant(raised_at),
        resolved_at: resolved_at.map(format_instant),
        resolution,
    }
}

fn format_instant(instant: OffsetDateTime) -> String {
    instant
        .format(&Rfc3339)
        .unwrap_or_else(|_| instant.unix_timestamp().to_string())
}

/// Lists conflicts, oldest first: only open ones unless `include_resolved`.
pub async fn list(db: &Database, include_resolved: bool) -> Result<Vec<ConflictChange>, sqlx::Error> {
    let rows: Vec<ConflictRow> = with_pool!(db, pool => {
        sqlx::query_as(SELECT_CONFLICTS).bind(include_resolved).fetch_all(pool).await?
    });
    Ok(rows.into_iter().map(conflict_change).collect())
}

/// Marks a conflict resolved with the manager's note and sends the change
/// to the terminals.
pub async fn resolve(db: &Database, id: i64, note: &str) -> Result<ConflictChange, ResolveError> {
    let note = note.trim();
    if note.is_empty() || note.chars().count() > MAX_RESOLUTION_CHARS {
        return Err(ResolveError::InvalidNote);
    }
    let now = OffsetDateTime::now_utc();
    let conflict = in_write_transaction!(db, tx => {
        let row: Option<ConflictRow> = sqlx::query_as(SELECT_CONFLICT).bind(id).fetch_optional(&mut *tx).await?;
        let Some(row) = row else {
            return Err(ResolveError::NotFound(id));
        };
        if let Some(resolved_at) = row.7 {
            return Err(ResolveError::AlreadyResolved { id, resolved_at: format_instant(resolved_at) });
        }
        if row.1 == UNIT_DOUBLE_RENTAL {
            let active: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM rental_contracts WHERE client_id IN ($1, $2) AND status = 'active'",
            )
            .bind(&row.3)
            .bind(&row.4)
            .fetch_one(&mut *tx)
            .await?;
            if active >= 2 {
                return Err(ResolveError::StillActive { id, serial: row.2 });
            }
        }
        sqlx::query("UPDATE sync_conflicts SET resolved_at = $1, resolution = $2 WHERE id = $3")
            .bind(now)
            .bind(note)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let row: ConflictRow = sqlx::query_as(SELECT_CONFLICT).bind(id).fetch_one(&mut *tx).await?;
        let conflict = conflict_change(row);
        let data = serde_json::to_string(&conflict).map_err(|error| sqlx::Error::Encode(error.into()))?;
        sqlx::query("INSERT INTO changes (entity, entity_key, data, changed_at) VALUES ($1, $2, $3, $4)")
            .bind(EntityKind::CONFLICT)
            .bind(id.to_string())
            .bind(data)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        conflict
    });
    tracing::info!(conflict_id = id, "conflict resolved");
    Ok(conflict)
}
