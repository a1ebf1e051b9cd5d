//! Terminal sync: `POST /v1/sync/upload` stores a batch of records, and
//! `GET /v1/sync/changes` returns the change feed after a cursor.

use std::io::Read;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::HeaderMap;
use axum::http::header::CONTENT_ENCODING;
use axum::routing::{get, post};
use axum::{Json, Router};
use giggatek_protocol::{
    CHANGES_PATH, ChangesPage, MAX_BATCH_RECORDS, MAX_CHANGES_PAGE, UPLOAD_PATH, UploadBatch, UploadResponse,
    ZSTD_ENCODING,
};
use serde::Deserialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::auth::AuthenticatedTerminal;
use crate::db::changes;
use crate::db::sync::{BatchHeader, CheckedRecord, store_batch};
use crate::error::ApiError;
use crate::state::AppState;
use crate::sync::validate;

/// The largest request body accepted, compressed or not.
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;
/// The largest body after decompression.
const MAX_DECODED_BYTES: u64 = 64 * 1024 * 1024;
/// The longest batch id or terminal time accepted.
const MAX_HEADER_FIELD_LEN: usize = 64;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route(UPLOAD_PATH, post(upload))
        .route(CHANGES_PATH, get(changes_page))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
}

async fn upload(
    State(state): State<AppState>,
    AuthenticatedTerminal(terminal): AuthenticatedTerminal,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<UploadResponse>, ApiError> {
    let json = decode_body(&headers, &body)?;
    let batch: UploadBatch = serde_json::from_slice(&json)
        .map_err(|error| ApiError::invalid("body", format!("the upload batch is invalid JSON: {error}")))?;
    if batch.records.len() > MAX_BATCH_RECORDS {
        return Err(ApiError::PayloadTooLarge(format!(
            "a batch may carry at most {MAX_BATCH_RECORDS} records, this one has {}: send smaller batches",
            batch.records.len()
        )));
    }
    if batch.terminal_time.len() > MAX_HEADER_FIELD_LEN {
        return Err(ApiError::invalid("terminal_time", "terminal_time is too long"));
    }
    let batch_id = batch.batch_id.hyphenated().to_string();
    let header = BatchHeader {
        batch_id: &batch_id,
        terminal_time: &batch.terminal_time,
    };
    let records = batch
        .records
        .into_iter()
        .map(|record| CheckedRecord {
            checked: validate::check(&record),
            record,
        })
        .collect();
    let now = OffsetDateTime::now_utc();
    let acks = store_batch(&state.db, &terminal, &header, records, now).await?;
    Ok(Json(UploadResponse {
        server_time: format_instant(now)?,
        acks,
    }))
}

/// Returns the body as JSON bytes, decompressing a `zstd` body with a cap
/// on its decoded size.
fn decode_body(headers: &HeaderMap, body: &Bytes) -> Result<Vec<u8>, ApiError> {
    let encoding = headers.get(CONTENT_ENCODING).and_then(|value| value.to_str().ok());
    match encoding {
        None | Some("identity") => Ok(body.to_vec()),
        Some(ZSTD_ENCODING) => {
            let decoder = zstd::stream::read::Decoder::new(&body[..])
                .map_err(|error| ApiError::invalid("body", format!("the zstd body is invalid: {error}")))?;
            let mut decoded = Vec::new();
            decoder
                .take(MAX_DECODED_BYTES + 1)
                .read_to_end(&mut decoded)
                .map_err(|error| ApiError::invalid("body", format!("the zstd body is invalid: {error}")))?;
            if decoded.len() as u64 > MAX_DECODED_BYTES {
                return Err(ApiError::PayloadTooLarge(format!(
                    "the decompressed body is over {MAX_DECODED_BYTES} bytes: send smaller batches"
                )));
            }
            Ok(decoded)
        }
        Some(other) => Err(ApiError::invalid(
            "content-encoding",
            format!("content encoding {other:?} is not supported: send zstd or none"),
        )),
    }
}

#[derive(Debug, Deserialize)]
struct ChangesQuery {
    #[serde(default)]
    cursor: i64,
    limit: Option<u32>,
}

async fn changes_page(
    State(state): State<AppState>,
    AuthenticatedTerminal(_terminal): AuthenticatedTerminal,
    Query(query): Query<ChangesQuery>,
) -> Result<Json<ChangesPage>, ApiError> {
    if query.cursor < 0 {
        return Err(ApiError::invalid("cursor", "the cursor must be 0 or more"));
    }
    let limit = query.limit.unwrap_or(MAX_CHANGES_PAGE).clamp(1, MAX_CHANGES_PAGE);
    let (changes, has_more) = changes::page(&state.db, query.cursor, limit).await?;
    let next_cursor = changes.last().map_or(query.cursor, |change| change.seq);
    Ok(Json(ChangesPage {
        changes,
        next_cursor,
        has_more,
        server_time: format_instant(OffsetDateTime::now_utc())?,
    }))
}

fn format_instant(instant: OffsetDateTime) -> Result<String, ApiError> {
    instant
        .format(&Rfc3339)
        .map_err(|error| ApiError::Internal(anyhow::anyhow!("formatting the server time failed: {error}")))
}
