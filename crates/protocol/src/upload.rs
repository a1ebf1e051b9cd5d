//! Upload batches and their acknowledgements.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::records::Record;

/// The most records one batch may carry; a terminal with more sends several.
pub const MAX_BATCH_RECORDS: usize = 2_000;

/// One upload request.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UploadBatch {
    /// Made by the terminal for each attempt; logged with the server's
    /// request id so both sides of one attempt can be matched.
    pub batch_id: Uuid,
    /// The terminal's clock when it sent the batch (UTC RFC 3339).
    pub terminal_time: String,
    pub records: Vec<Record>,
}

/// The answer to an [`UploadBatch`]: one acknowledgement per record, in the
/// batch's order, and the server's clock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UploadResponse {
    pub server_time: String,
    pub acks: Vec<Ack>,
}

/// What the server did with one record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ack {
    pub client_id: Uuid,
    #[serde(flatten)]
    pub status: AckStatus,
}

/// A record's outcome. `Stored` and `AlreadyStored` both mean the server
/// holds it, so the terminal may mark it synced; `Rejected` records stay in
/// the outbox and their message is shown to the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum AckStatus {
    Stored,
    AlreadyStored,
    Rejected { field: String, message: String },
}

impl AckStatus {
    /// Whether the server now holds the record.
    pub fn is_held(&self) -> bool {
        matches!(self, AckStatus::Stored | AckStatus::AlreadyStored)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ack_status_wire_shape() {
        let ack = Ack {
            client_id: Uuid::nil(),
            status: AckStatus::Rejected {
                field: "payload.total_cents".to_owned(),
                message: "missing".to_owned(),
            },
        };
        let json = serde_json::to_value(&ack).unwrap();
        assert_eq!(json["status"], "rejected");
        assert_eq!(json["field"], "payload.total_cents");
        let stored = serde_json::to_value(Ack {
            client_id: Uuid::nil(),
            status: AckStatus::AlreadyStored,
        })
        .unwrap();
        assert_eq!(stored["status"], "already_stored");
    }
}
