//! A sync round: upload every waiting record in batches, then pull the
//! change feed, with retries after transient failures.

use std::time::{Duration, Instant};

use giggatek_protocol::{
    CHANGES_PATH, ChangesPage, ENROL_PATH, EnrolRequest, EnrolResponse, MAX_BATCH_RECORDS, UPLOAD_PATH, UploadBatch,
    UploadResponse,
};
use giggatek_store::{PendingRecord, Store, SyncRound};
use serde::Serialize;

use crate::backoff::Backoff;
use crate::error::SyncError;
use crate::transport::{Transport, pause_before_acks};

/// Settings of a sync client.
#[derive(Debug, Clone)]
pub struct SyncOptions {
    /// Records per upload request, at most [`MAX_BATCH_RECORDS`].
    pub batch_size: usize,
    /// Timeout of each HTTP request, connecting included.
    pub request_timeout: Duration,
    /// First retry delay; it doubles up to `max_retry_delay`.
    pub initial_retry_delay: Duration,
    pub max_retry_delay: Duration,
    /// How long [`SyncClient::sync_with_retry`] keeps retrying.
    pub retry_for: Duration,
    /// A terminal clock further than this from the server's gets a warning.
    pub clock_skew_limit: Duration,
}

impl Default for SyncOptions {
    fn default() -> SyncOptions {
        SyncOptions {
            batch_size: MAX_BATCH_RECORDS,
            request_timeout: Duration::from_secs(30),
            initial_retry_delay: Duration::from_millis(500),
            max_retry_delay: Duration::from_secs(15),
            retry_for: Duration::from_secs(60),
            clock_skew_limit: Duration::from_secs(120),
        }
    }
}

/// What a sync round did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    pub stored: u64,
    pub already_stored: u64,
    pub rejected: u64,
    pub changes_applied: u64,
    /// Records still waiting after the round, rejected ones included.
    pub waiting: u64,
    /// Server clock minus terminal clock, in milliseconds.
    pub clock_offset_ms: Option<i64>,
    /// Set when the terminal's clock is off by more than the limit.
    pub clock_warning: Option<String>,
    pub requests: u64,
    /// Request and response bodies as sent, compressed.
    pub bytes_sent: u64,
    pub bytes_received: u64,
    /// Failed attempts that were retried.
    pub retries: u64,
}

/// Syncs one terminal store with one server.
pub struct SyncClient {
    base_url: String,
    token: String,
    options: SyncOptions,
}

impl SyncClient {
    pub fn new(base_url: &str, token: String, options: SyncOptions) -> SyncClient {
        SyncClient {
            base_url: base_url.to_owned(),
            token,
            options,
        }
    }

    /// Runs one round and logs it in the store; fails on the first error.
    pub fn sync_once(&self, store: &mut Store) -> Result<SyncReport, SyncError> {
        let mut transport = Transport::new(&self.base_url, Some(self.token.clone()), self.options.request_timeout)?;
        let mut report = SyncReport::default();
        let started_at = store.now_text();
        let mut server_time = None;
        let result = self.run_round(store, &mut transport, &mut report, &mut server_time);
        report.requests = transport.requests;
        report.bytes_sent = transport.bytes_sent;
        report.bytes_received = transport.bytes_received;
        let round = SyncRound {
            started_at,
            server_time,
            stored: report.stored,
            already_stored: report.already_stored,
            rejected: report.rejected,
            changes_applied: report.changes_applied,
            clock_offset_ms: report.clock_offset_ms,
            error: result.as_ref().err().map(ToString::to_string),
        };
        store.record_sync_round(&round)?;
        result?;
        report.waiting = store.waiting_count()?;
        Ok(report)
    }

    /// Runs rounds until one succeeds, retrying transient failures with
    /// backoff for up to `retry_for`. Final errors (4xx, a bad credential,
    /// a store failure) return at once.
    pub fn sync_with_retry(&self, store: &mut Store) -> Result<SyncReport, SyncError> {
        let deadline = Instant::now() + self.options.retry_for;
        let mut backoff = Backoff::new(self.options.initial_retry_delay, self.options.max_retry_delay);
        let mut retries = 0;
        loop {
            match self.sync_once(store) {
                Ok(mut report) => {
                    report.retries = retries;
                    return Ok(report);
                }
                Err(error) if error.is_transient() => {
                    let delay = backoff.next_delay();
                    if Instant::now() + delay > deadline {
                        tracing::warn!(%error, retries, "sync failed; giving up until the next round");
                        return Err(error);
                    }
                    retries += 1;
                    tracing::warn!(%error, retry = retries, delay_ms = delay.as_millis(), "sync failed; retrying");
                    std::thread::sleep(delay);
                }
                Err(error) => return Err(error),
            }
        }
    }

    fn run_round(
        &self,
        store: &mut Store,
        transport: &mut Transport,
        report: &mut SyncReport,
        server_time: &mut Option<String>,
    ) -> Result<(), SyncError> {
        let batch_size = self.options.batch_size.clamp(1, MAX_BATCH_RECORDS);
        loop {
            let pending = store.pending_upload(batch_size)?;
            if pending.is_empty() {
                break;
            }
            let sent_at = store.now_text();
            let batch = UploadBatch {
                batch_id: uuid::Uuid::now_v7(),
                terminal_time: sent_at.clone(),
                records: pending.iter().map(|p| p.record.clone()).collect(),
            };
            let response: UploadResponse = transport.post_json(UPLOAD_PATH, &batch, true)?;
            check_acks(&pending, &response)?;
            pause_before_acks();
            let pairs: Vec<(&PendingRecord, &giggatek_protocol::AckStatus)> = pending
                .iter()
                .zip(response.acks.iter().map(|ack| &ack.status))
                .collect();
            let tally = store.record_acks(&pairs)?;
            report.stored += tally.stored;
            report.already_stored += tally.already_stored;
            report.rejected += tally.rejected;
            self.note_clock(report, &sent_at, &store.now_text(), &response.server_time);
            *server_time = Some(response.server_time);
            if tally.stored + tally.already_stored == 0 {
                // Everything left was rejected; it stays for the user.
                break;
            }
        }

        loop {
            let cursor = store.changes_cursor()?;
            let page: ChangesPage = transport.get_json(CHANGES_PATH, &[("cursor", cursor.to_string())])?;
            report.changes_applied += u64::try_from(store.apply_changes(&page)?).unwrap_or(0);
            *server_time = Some(page.server_time.clone());
            if !page.has_more || page.next_cursor <= cursor {
                break;
            }
        }
        Ok(())
    }

    /// Works out the clock offset from one exchange, taking the midpoint of
    /// send and receive as the moment the server read its clock.
    fn note_clock(&self, report: &mut SyncReport, sent_at: &str, received_at: &str, server_time: &str) {
        let (Some(sent), Some(received), Some(server)) = (
            parse_millis(sent_at),
            parse_millis(received_at),
            parse_millis(server_time),
        ) else {
            return;
        };
        let offset = server - (sent + received) / 2;
        report.clock_offset_ms = Some(offset);
        let limit = i64::try_from(self.options.clock_skew_limit.as_millis()).unwrap_or(i64::MAX);
        if offset.abs() > limit {
            let message = format!(
                "this terminal's clock is {} s {} the server's: set the system clock",
                offset.abs() / 1000,
                if offset > 0 { "behind" } else { "ahead of" }
            );
            tracing::warn!(offset_ms = offset, "terminal clock is off");
            report.clock_warning = Some(message);
        }
    }
}

/// Checks that the server acknowledged exactly the records sent, in order.
fn check_acks(pending: &[PendingRecord], response: &UploadResponse) -> Result<(), SyncError> {
    if pending.len() != response.acks.len() {
        return Err(SyncError::Protocol(format!(
            "{} records were sent but {} acknowledged",
            pending.len(),
            response.acks.len()
        )));
    }
    for (sent, ack) in pending.iter().zip(&response.acks) {
        if sent.record.client_id != ack.client_id {
            return Err(SyncError::Protocol(format!(
                "acknowledgement for {} arrived where {} was expected",
                ack.client_id, sent.record.client_id
            )));
        }
    }
    Ok(())
}

/// Parses a UTC RFC 3339 instant to milliseconds since the Unix epoch.
fn parse_millis(text: &str) -> Option<i64> {
    let timestamp: jiff::Timestamp = text.parse().ok()?;
    Some(timestamp.as_millisecond())
}

/// Enrols this terminal with a one-time code and returns its credential.
/// The server rejects the request (422) unless the code was made for the
/// request's store and terminal codes, and the answer is checked for them
/// too.
pub fn enrol(base_url: &str, request: &EnrolRequest, timeout: Duration) -> Result<EnrolResponse, SyncError> {
    let mut transport = Transport::new(base_url, None, timeout)?;
    let response: EnrolResponse = transport.post_json(ENROL_PATH, request, false)?;
    if response.store_code != request.store_code || response.terminal_code != request.terminal_code {
        return Err(SyncError::Protocol(format!(
            "the server enrolled terminal {} of store {}, but this terminal is {} of store {}",
            response.terminal_code, response.store_code, request.terminal_code, request.store_code
        )));
    }
    Ok(response)
}
