//! The rent-to-own policy a store follows, kept as a settings row.

use giggatek_domain::rental::Policy;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

use crate::audit::{self, NewAuditEntry};
use crate::db::Store;
use crate::error::StoreError;
use crate::staff::{Staff, require_manager};

const POLICY_KEY: &str = "rental_policy";

/// Reads the store's policy; the default policy until a manager picks one.
pub(crate) fn load_policy(conn: &Connection) -> Result<&'static Policy, StoreError> {
    let code: Option<String> = conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [POLICY_KEY], |row| {
            row.get(0)
        })
        .optional()?;
    match code {
        Some(code) => Policy::find(&code)
            .map_err(|_| StoreError::Corrupt(format!("the stored rental policy \"{code}\" is unknown"))),
        None => Ok(Policy::default_policy()),
    }
}

impl Store {
    /// Returns the rent-to-own policy new contracts follow.
    pub fn rental_policy(&self) -> Result<&'static Policy, StoreError> {
        load_policy(&self.conn)
    }

    /// Sets the policy for contracts written from now on. Contracts already
    /// written keep the policy they were written under.
    pub fn set_rental_policy(&mut self, manager: &Staff, code: &str) -> Result<&'static Policy, StoreError> {
        let policy = Policy::find(code).map_err(StoreError::invalid)?;
        let now = self.now();
        let tx = self.write()?;
        require_manager(&tx, manager)?;
        let before = load_policy(&tx)?;
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![POLICY_KEY, policy.code],
        )?;
        audit::record(
            &tx,
            now,
            NewAuditEntry {
                staff_id: Some(manager.id),
                approved_by: None,
                action: "rental_policy_changed",
                subject: "store",
                detail: json!({ "before": before.code, "after": policy.code }),
            },
        )?;
        tx.commit()?;
        tracing::info!(policy = policy.code, "rental policy changed");
        Ok(policy)
    }
}
