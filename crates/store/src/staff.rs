//! Staff, their PINs and manager approval.
//!
//! A PIN is hashed with Argon2id at the `argon2` crate's default parameters
//! (19 MiB, two passes, one lane: OWASP's minimum) and only the PHC string is
//! stored. A PIN is never logged, stored in the clear or put in an error.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::audit::{self, NewAuditEntry};
use crate::clock::format_instant;
use crate::db::Store;
use crate::error::StoreError;

/// Maximum length of a staff code, in characters.
const MAX_CODE_CHARS: usize = 16;
/// Maximum length of a staff name, in characters.
const MAX_NAME_CHARS: usize = 80;

/// A staff member's permission level. Managers approve price overrides,
/// refunds, no-sale opens and shift closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Clerk,
    Manager,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Clerk => "clerk",
            Role::Manager => "manager",
        }
    }

    fn parse(text: &str) -> Result<Role, StoreError> {
        match text {
            "clerk" => Ok(Role::Clerk),
            "manager" => Ok(Role::Manager),
            other => Err(StoreError::Corrupt(format!("stored staff role \"{other}\" is unknown"))),
        }
    }
}

/// A staff member as signed in. Every action that takes a `Staff` checks the
/// stored row again, so a value built by hand grants nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staff {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub role: Role,
}

impl Store {
    /// Adds a staff member with a PIN of 4 to 8 digits, approved by
    /// `manager`. A store without an active manager accepts only a manager,
    /// with no approval, so the first manager can be set up.
    pub fn add_staff_approved(
        &mut self,
        manager: Option<&Staff>,
        code: &str,
        name: &str,
        role: Role,
        pin: &str,
    ) -> Result<Staff, StoreError> {
        match manager {
            Some(manager) => require_manager(&self.conn, manager)?,
            None if self.has_active_manager()? => {
                return Err(StoreError::ManagerRequired(
                    "new staff are added with a manager's approval".to_string(),
                ));
            }
            None if role != Role::Manager => {
                return Err(StoreError::Invalid(
                    "the store has no manager yet: add a manager first".to_string(),
                ));
            }
            None => {}
        }
        self.insert_staff(manager.map(|m| m.id), code, name, role, pin)
    }

    /// Whether any active manager can sign in to this store.
    pub fn has_active_manager(&self) -> Result<bool, StoreError> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM staff WHERE role = 'manager' AND active = 1)",
            [],
            |row| row.get(0),
        )?)
    }

    /// Adds a staff member with a PIN of 4 to 8 digits without checking who
    /// approves it, for setting up a demo or test store. Screens and the CLI
    /// use [`Store::add_staff_approved`].
    pub fn add_staff(&mut self, code: &str, name: &str, role: Role, pin: &str) -> Result<Staff, StoreError> {
        self.insert_staff(None, code, name, role, pin)
    }

    fn insert_staff(
        &mut self,
        approved_by: Option<i64>,
        code: &str,
        name: &str,
        role: Role,
        pin: &str,
    ) -> Result<Staff, StoreError> {
        let code = code.trim();
        if code.is_empty() || code.chars().count() > MAX_CODE_CHARS || !code.chars().all(|c| c.is_ascii_alphanumeric())
        {
            return Err(StoreError::Invalid(format!(
                "staff code \"{code}\" is invalid: use 1 to {MAX_CODE_CHARS} letters or digits"
            )));
        }
        let name = name.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
            return Err(StoreError::Invalid(format!(
                "staff name is invalid: use 1 to {MAX_NAME_CHARS} characters"
            )));
        }
        if !(4..=8).contains(&pin.len()) || !pin.chars().all(|c| c.is_ascii_digit()) {
            return Err(StoreError::Invalid("the PIN is invalid: use 4 to 8 digits".to_string()));
        }

        let pin_hash = hash_pin(pin)?;
        let now = self.now();
        let tx = self.write()?;
        let code_in_use: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM staff WHERE code = ?1)", [code], |row| {
            row.get(0)
        })?;
        if code_in_use {
            return Err(StoreError::Conflict(format!(
                "staff code \"{code}\" is already in use: pick another code"
            )));
        }
        tx.execute(
            "INSERT INTO staff (code, name, role, pin_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![code, name, role.as_str(), pin_hash, format_instant(now)],
        )?;
        let staff = Staff {
            id: tx.last_insert_rowid(),
            code: code.to_string(),
            name: name.to_string(),
            role,
        };
        audit::record(
            &tx,
            now,
            NewAuditEntry {
                staff_id: approved_by,
                approved_by,
                action: "staff_added",
                subject: code,
                detail: json!({ "staff_id": staff.id, "role": role.as_str() }),
            },
        )?;
        tx.commit()?;
        Ok(staff)
    }

    /// Checks a staff code and PIN. Any mismatch, an unknown code and an
    /// inactive staff member all give the same `SignInFailed`.
    pub fn sign_in(&self, code: &str, pin: &str) -> Result<Staff, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT id, code, name, role, pin_hash, active FROM staff WHERE code = ?1",
                [code.trim()],
                |row| {
                    Ok((
                        row.get::<_, i64>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, String>(2)?,
                        row.get::<_, String>(3)?,
                        row.get::<_, String>(4)?,
                        row.get::<_, bool>(5)?,
                    ))
                },
            )
            .optional()?;
        let Some((id, code, name, role, pin_hash, active)) = row else {
            tracing::warn!("sign-in failed: unknown staff code");
            return Err(StoreError::SignInFailed);
        };
        if !verify_pin(pin, &pin_hash)? {
            tracing::warn!(staff_id = id, "sign-in failed: wrong PIN");
            return Err(StoreError::SignInFailed);
        }
        if !active {
            tracing::warn!(staff_id = id, "sign-in failed: staff member is inactive");
            return Err(StoreError::SignInFailed);
        }
        Ok(Staff {
            id,
            code,
            name,
            role: Role::parse(&role)?,
        })
    }

    /// Checks a manager's code and PIN for an approval. A right PIN of a
    /// clerk gives `ManagerRequired`; anything else wrong gives `SignInFailed`.
    pub fn approve(&self, code: &str, pin: &str) -> Result<Staff, StoreError> {
        let staff = self.sign_in(code, pin)?;
        if staff.role != Role::Manager {
            return Err(StoreError::ManagerRequired(format!(
                "{} is a clerk: ask a manager to enter their code and PIN",
                staff.name
            )));
        }
        Ok(staff)
    }

    /// Lists active staff by code.
    pub fn list_staff(&self) -> Result<Vec<Staff>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT id, code, name, role FROM staff WHERE active = 1 ORDER BY code")?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
            ))
        })?;
        let mut staff = Vec::new();
        for row in rows {
            let (id, code, name, role) = row?;
            staff.push(Staff {
                id,
                code,
                name,
                role: Role::parse(&role)?,
            });
        }
        Ok(staff)
    }

    /// Stops a staff member from signing in; the row stays for the history.
    pub fn deactivate_staff(&mut self, manager: &Staff, code: &str) -> Result<(), StoreError> {
        let now = self.now();
        let tx = self.write()?;
        require_manager(&tx, manager)?;
        let changed = tx.execute("UPDATE staff SET active = 0 WHERE code = ?1 AND active = 1", [code])?;
        if changed == 0 {
            return Err(StoreError::NotFound(format!(
                "no active staff member has code \"{code}\""
            )));
        }
        audit::record(
            &tx,
            now,
            NewAuditEntry {
                staff_id: Some(manager.id),
                approved_by: Some(manager.id),
                action: "staff_deactivated",
                subject: code,
                detail: json!({}),
            },
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// Loads the stored row behind `staff` and checks it is still active.
pub(crate) fn require_active(conn: &Connection, staff: &Staff) -> Result<Role, StoreError> {
    let row = conn
        .query_row("SELECT role, active FROM staff WHERE id = ?1", [staff.id], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, bool>(1)?))
        })
        .optional()?;
    match row {
        Some((role, true)) => Role::parse(&role),
        Some((_, false)) | None => Err(StoreError::SignInFailed),
    }
}

/// Checks that `staff` is an active manager according to the stored row.
pub(crate) fn require_manager(conn: &Connection, staff: &Staff) -> Result<(), StoreError> {
    match require_active(conn, staff)? {
        Role::Manager => Ok(()),
        Role::Clerk => Err(StoreError::ManagerRequired(format!(
            "{} is a clerk: ask a manager to approve",
            staff.name
        ))),
    }
}

fn hash_pin(pin: &str) -> Result<String, StoreError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| StoreError::Invalid(format!("the PIN could not be hashed: {error}")))
}

fn verify_pin(pin: &str, stored: &str) -> Result<bool, StoreError> {
    let parsed = PasswordHash::new(stored)
        .map_err(|error| StoreError::Corrupt(format!("a stored PIN hash is unreadable: {error}")))?;
    Ok(Argon2::default().verify_password(pin.as_bytes(), &parsed).is_ok())
}
