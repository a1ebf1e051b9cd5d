//! Enrolling a terminal with a one-time code.

use serde::{Deserialize, Serialize};

/// A terminal's request to enrol.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnrolRequest {
    /// The one-time code a manager created on the server.
    pub code: String,
    /// The store code this terminal is set up with. The server enrols the
    /// terminal only when it equals the store code the code was made for.
    pub store_code: String,
    /// The terminal code this terminal is set up with, checked like
    /// `store_code`.
    pub terminal_code: String,
}

/// The device credential. `token` is a secret: it is shown once and must go
/// to the keyring, never to a log.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct EnrolResponse {
    pub terminal_id: i64,
    pub store_code: String,
    pub terminal_code: String,
    pub token: String,
}

impl std::fmt::Debug for EnrolResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EnrolResponse")
            .field("terminal_id", &self.terminal_id)
            .field("store_code", &self.store_code)
            .field("terminal_code", &self.terminal_code)
            .field("token", &"<redacted>")
            .finish()
    }
}
