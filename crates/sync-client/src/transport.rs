//! HTTP calls to the server, with the status codes sorted into retryable
//! and final errors, and the bytes on the wire counted.

use std::io::Read;
use std::time::Duration;

use giggatek_protocol::ZSTD_ENCODING;
use reqwest::blocking::{Client, RequestBuilder, Response};
use reqwest::header::{ACCEPT_ENCODING, AUTHORIZATION, CONTENT_ENCODING, CONTENT_TYPE};
use serde::de::DeserializeOwned;

use crate::error::SyncError;

/// zstd level for upload bodies: level 3 is zstd's default, a good ratio
/// at low CPU cost.
const ZSTD_LEVEL: i32 = 3;
/// The largest response body read, after decompression.
const MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

/// Test hook: when this variable names a number of milliseconds, the client
/// waits that long after the server acknowledged a batch and before it
/// stores the acknowledgements, so a test can kill the terminal there.
pub const PAUSE_BEFORE_ACKS_VAR: &str = "GIGGATEK_SYNC_TEST_PAUSE_BEFORE_ACKS_MS";

/// A blocking HTTP client bound to one server and device token.
pub(crate) struct Transport {
    http: Client,
    base_url: String,
    token: Option<String>,
    pub bytes_sent: u64,
    pub bytes_received: u64,
    pub requests: u64,
}

impl Transport {
    pub fn new(base_url: &str, token: Option<String>, timeout: Duration) -> Result<Transport, SyncError> {
        // reqwest is built without a default TLS provider; ring serves it.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .build()
            .map_err(|error| SyncError::Transient(format!("building the HTTP client failed: {error}")))?;
        Ok(Transport {
            http,
            base_url: base_url.trim_end_matches('/').to_owned(),
            token,
            bytes_sent: 0,
            bytes_received: 0,
            requests: 0,
        })
    }

    /// Sends `body` as JSON, zstd-compressed when `compress` is set (the
    /// upload route reads zstd), and decodes the JSON answer.
    pub fn post_json<B: serde::Serialize, T: DeserializeOwned>(
        &mut self,
        path: &str,
        body: &B,
        compress: bool,
    ) -> Result<T, SyncError> {
        let json = serde_json::to_vec(body).map_err(|error| SyncError::Protocol(error.to_string()))?;
        let mut request = self
            .http
            .post(format!("{}{path}", self.base_url))
            .header(CONTENT_TYPE, "application/json");
        let body = if compress {
            request = request.header(CONTENT_ENCODING, ZSTD_ENCODING);
            zstd::bulk::compress(&json, ZSTD_LEVEL)
                .map_err(|error| SyncError::Protocol(format!("compressing the request failed: {error}")))?
        } else {
            json
        };
        self.bytes_sent += u64::try_from(body.len()).unwrap_or(u64::MAX);
        self.send(request.body(body))
    }

    /// Sends a GET with query parameters and decodes the JSON answer.
    pub fn get_json<T: DeserializeOwned>(&mut self, path: &str, query: &[(&str, String)]) -> Result<T, SyncError> {
        let request = self.http.get(format!("{}{path}", self.base_url)).query(query);
        self.send(request)
    }

    fn send<T: DeserializeOwned>(&mut self, request: RequestBuilder) -> Result<T, SyncError> {
        let mut request = request.header(ACCEPT_ENCODING, ZSTD_ENCODING);
        if let Some(token) = &self.token {
            request = request.header(AUTHORIZATION, format!("Bearer {token}"));
        }
        self.requests += 1;
        let response = request.send().map_err(|error| SyncError::Transient(describe(&error)))?;
        let status = response.status();
        let body = self.read_body(response)?;
        if status.is_success() {
            return serde_json::from_slice(&body).map_err(|error| SyncError::Protocol(error.to_string()));
        }
        let message = serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .and_then(|value| value.get("message").and_then(|m| m.as_str()).map(str::to_owned))
            .unwrap_or_else(|| format!("HTTP {status}"));
        if status.is_server_error() || status.as_u16() == 408 || status.as_u16() == 429 {
            Err(SyncError::Transient(format!("HTTP {}: {message}", status.as_u16())))
        } else if status.as_u16() == 401 {
            Err(SyncError::Unauthorized(message))
        } else {
            Err(SyncError::Rejected {
                status: status.as_u16(),
                message,
            })
        }
    }

    /// Reads a response body, decompressing zstd, and counts its bytes as
    /// they came over the wire.
    fn read_body(&mut self, response: Response) -> Result<Vec<u8>, SyncError> {
        let zstd = response
            .headers()
            .get(CONTENT_ENCODING)
            .is_some_and(|value| value.as_bytes() == ZSTD_ENCODING.as_bytes());
        let raw = response
            .bytes()
            .map_err(|error| SyncError::Transient(format!("reading the response failed: {}", describe(&error))))?;
        self.bytes_received += u64::try_from(raw.len()).unwrap_or(u64::MAX);
        if !zstd {
            return Ok(raw.to_vec());
        }
        let decoder = zstd::stream::read::Decoder::new(&raw[..])
            .map_err(|error| SyncError::Protocol(format!("the zstd response is invalid: {error}")))?;
        let mut decoded = Vec::new();
        decoder
            .take(MAX_RESPONSE_BYTES)
            .read_to_end(&mut decoded)
            .map_err(|error| SyncError::Protocol(format!("the zstd response is invalid: {error}")))?;
        Ok(decoded)
    }
}

/// Describes a reqwest error with its cause chain, which holds the useful
/// part ("connection refused", "operation timed out").
fn describe(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Waits as [`PAUSE_BEFORE_ACKS_VAR`] asks, if it is set.
pub(crate) fn pause_before_acks() {
    let Some(millis) = std::env::var(PAUSE_BEFORE_ACKS_VAR)
        .ok()
        .and_then(|value| value.parse::<u64>().ok())
    else {
        return;
    };
    tracing::warn!(millis, "pausing before storing the acknowledgements");
    std::thread::sleep(Duration::from_millis(millis));
}
