//! Stripe's webhook signature scheme, checked on the raw request body.
//!
//! Stripe sends `Stripe-Signature: t=TIMESTAMP,v1=HEX[,v1=HEX...]`, where each
//! `v1` is HMAC-SHA256 keyed with the endpoint's signing secret (the whole
//! `whsec_...` string) over `TIMESTAMP.BODY`. The body must be the exact bytes
//! received: JSON that was parsed and written back out no longer matches.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// How far a signature's timestamp may be from the server's clock, in
/// seconds. Stripe's own libraries use the same 5 minutes by default.
pub const DEFAULT_TOLERANCE_SECONDS: i64 = 300;

type HmacSha256 = Hmac<Sha256>;

/// Reasons a webhook request is not accepted as coming from Stripe.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the Stripe-Signature header is missing")]
    MissingHeader,
    #[error("the Stripe-Signature header is malformed: expected t=TIMESTAMP,v1=SIGNATURE")]
    MalformedHeader,
    #[error("the Stripe-Signature timestamp {timestamp} is more than {tolerance} s from the server's clock {now}")]
    OutsideTolerance { timestamp: i64, now: i64, tolerance: i64 },
    #[error("no v1 signature in the Stripe-Signature header matches the body")]
    NoMatch,
}

/// Checks `header` against `body`, signed with `secret`, at Unix time `now`.
///
/// Accepts the request when any `v1` entry matches; other schemes (`v0`) are
/// ignored, as Stripe's libraries do. A timestamp more than `tolerance`
/// seconds before or after `now` is rejected, so a captured request cannot
/// be replayed later. The comparison runs in constant time.
pub fn verify(body: &[u8], header: Option<&str>, secret: &str, now: i64, tolerance: i64) -> Result<(), SignatureError> {
    let header = header.ok_or(SignatureError::MissingHeader)?;
    let mut timestamp: Option<i64> = None;
    let mut signatures: Vec<Vec<u8>> = Vec::new();
    for part in header.split(',') {
        let Some((key, value)) = part.trim().split_once('=') else {
            return Err(SignatureError::MalformedHeader);
        };
        match key {
            "t" => timestamp = Some(value.parse().map_err(|_| SignatureError::MalformedHeader)?),
            // A v1 entry that is not hex cannot match; skip it like any other.
            "v1" => signatures.extend(hex::decode(value).ok()),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(SignatureError::MalformedHeader)?;
    if signatures.is_empty() {
        return Err(SignatureError::MalformedHeader);
    }
    if now.abs_diff(timestamp) > tolerance.unsigned_abs() {
        return Err(SignatureError::OutsideTolerance {
            timestamp,
            now,
            tolerance,
        });
    }
    for signature in &signatures {
        if keyed_mac(secret, timestamp, body).verify_slice(signature).is_ok() {
            return Ok(());
        }
    }
    Err(SignatureError::NoMatch)
}

/// Builds a `Stripe-Signature` header value for `body` at `timestamp`, the
/// way Stripe signs its deliveries. Tests and tools use it to send events.
pub fn sign(body: &[u8], secret: &str, timestamp: i64) -> String {
    let signature = keyed_mac(secret, timestamp, body).finalize().into_bytes();
    format!("t={timestamp},v1={}", hex::encode(signature))
}

fn keyed_mac(secret: &str, timestamp: i64, body: &[u8]) -> HmacSha256 {
    // HMAC accepts keys of any length, so this constructor cannot fail.
    let mut mac = <HmacSha256 as Mac>::new_from_slice(secret.as_bytes()).unwrap_or_else(|_| unreachable!());
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_test_secret";
    const NOW: i64 = 1_790_000_000;

    #[test]
    fn verify_accepts_own_signature() {
        let body = br#"{"id": "evt_1"}"#;
        let header = sign(body, SECRET, NOW);
        assert_eq!(verify(body, Some(&header), SECRET, NOW, 300), Ok(()));
    }

    #[test]
    fn sign_matches_independent_hmac() {
        // Computed with Python's hmac module, independently of this code:
        // hmac.new(b"whsec_test_secret", b'1790000000.{"id": "evt_1"}', sha256).hexdigest()
        let expected = "t=1790000000,v1=7360fed1c5795a40804887e3d5689f0edcbd19c2e46ef58014807825cf89ef7c";
        assert_eq!(sign(br#"{"id": "evt_1"}"#, SECRET, NOW), expected);
        assert_eq!(verify(br#"{"id": "evt_1"}"#, Some(expected), SECRET, NOW, 300), Ok(()));
    }

    #[test]
    fn verify_accepts_any_matching_v1() {
        let body = b"{}";
        let good = sign(body, SECRET, NOW);
        let good_hex = good
            .split_once(",v1=")
            .map(|(_, hex)| hex.to_string())
            .unwrap_or_default();
        let header = format!("t={NOW},v0=abcd,v1={},v1={good_hex}", "00".repeat(32));
        assert_eq!(verify(body, Some(&header), SECRET, NOW, 300), Ok(()));
    }

    #[test]
    fn verify_rejects_missing_and_malformed_headers() {
        assert_eq!(
            verify(b"{}", None, SECRET, NOW, 300),
            Err(SignatureError::MissingHeader)
        );
        assert_eq!(
            verify(b"{}", Some(""), SECRET, NOW, 300),
            Err(SignatureError::MalformedHeader)
        );
        assert_eq!(
            verify(b"{}", Some("t=abc,v1=00"), SECRET, NOW, 300),
            Err(SignatureError::MalformedHeader)
        );
        assert_eq!(
            verify(b"{}", Some(&format!("t={NOW}")), SECRET, NOW, 300),
            Err(SignatureError::MalformedHeader)
        );
    }

    #[test]
    fn verify_rejects_wrong_secret() {
        let header = sign(b"{}", "whsec_other", NOW);
        assert_eq!(
            verify(b"{}", Some(&header), SECRET, NOW, 300),
            Err(SignatureError::NoMatch)
        );
    }

    #[test]
    fn verify_tolerance_edges() {
        let body = b"{}";
        let at_edge = sign(body, SECRET, NOW - 300);
        assert_eq!(verify(body, Some(&at_edge), SECRET, NOW, 300), Ok(()));
        let past_edge = sign(body, SECRET, NOW - 301);
        assert_eq!(
            verify(body, Some(&past_edge), SECRET, NOW, 300),
            Err(SignatureError::OutsideTolerance {
                timestamp: NOW - 301,
                now: NOW,
                tolerance: 300
            })
        );
        let future = sign(body, SECRET, NOW + 301);
        assert!(matches!(
            verify(body, Some(&future), SECRET, NOW, 300),
            Err(SignatureError::OutsideTolerance { .. })
        ));
    }
}
