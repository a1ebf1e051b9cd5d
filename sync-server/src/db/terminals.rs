//! Terminals: enrolment codes, enrolment, token checks and revocation.

use serde::Serialize;
use time::{Duration, OffsetDateTime};

use super::{Database, in_write_transaction, with_pool};
use crate::credentials::{hash_secret, new_enrolment_code, new_token, normalize_code};

/// A terminal the server knows, as a token check returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Terminal {
    pub id: i64,
    pub store_code: String,
    pub terminal_code: String,
}

/// A terminal with its enrolment state, for the admin listing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TerminalListing {
    pub id: i64,
    pub store_code: String,
    pub terminal_code: String,
    #[serde(with = "time::serde::rfc3339")]
    pub enrolled_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub revoked_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_seen_at: Option<OffsetDateTime>,
}

/// Why a token or an enrolment code was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialError {
    #[error("the device token is not valid: enrol this terminal with a new code")]
    UnknownToken,
    #[error("this terminal was revoked by a manager: enrol it again with a new code")]
    Revoked,
    #[error("the enrolment code is not valid: check it, or ask a manager for a new one")]
    UnknownCode,
    #[error("the enrolment code was already used: ask a manager for a new one")]
    CodeUsed,
    #[error("the enrolment code has expired: ask a manager for a new one")]
    CodeExpired,
    /// The code was made for other store and terminal codes than the ones
    /// the terminal is set up with. The code stays unused.
    #[error(
        "the enrolment code is for terminal {code_terminal} of store {code_store}, but this terminal is set up as \
         {terminal} of store {store}: ask a manager for a code for {store}/{terminal}, or fix the terminal's settings"
    )]
    CodeForOtherTerminal {
        code_store: String,
        code_terminal: String,
        store: String,
        terminal: String,
    },
}

/// A new terminal's credential; `token` is shown once and never stored.
#[derive(Clone, PartialEq, Eq)]
pub struct Enrolment {
    pub terminal: Terminal,
    pub token: String,
}

/// Result of a credential check: a database failure, or a credential the
/// server does not accept.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Credential(#[from] CredentialError),
}

/// Creates a one-time code that enrols a terminal as `terminal_code` of
/// `store_code`, valid for `valid_for`, and returns the code.
pub async fn create_enrolment_code(
    db: &Database,
    store_code: &str,
    terminal_code: &str,
    valid_for: Duration,
) -> Result<String, sqlx::Error> {
    let code = new_enrolment_code();
    let now = OffsetDateTime::now_utc();
    with_pool!(db, pool => {
        sqlx::query(
            "INSERT INTO enrolment_codes (code_hash, store_code, terminal_code, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(hash_secret(&code))
        .bind(store_code)
        .bind(terminal_code)
        .bind(now)
        .bind(now + valid_for)
        .execute(pool)
        .await?;
    });
    tracing::info!(store_code, terminal_code, "enrolment code created");
    Ok(code)
}

/// Uses up an enrolment code and makes the terminal's token, when the code
/// was made for `store_code` and `terminal_code`, the codes the terminal is
/// set up with. An active terminal with the same store and terminal code is
/// revoked, because the new one replaces it.
pub async fn enrol(db: &Database, code: &str, store_code: &str, terminal_code: &str) -> Result<Enrolment, CheckError> {
    let code_hash = hash_secret(&normalize_code(code));
    let token = new_token();
    let now = OffsetDateTime::now_utc();
    let terminal = in_write_transaction!(db, tx => {
        let row: Option<(i64, String, String, OffsetDateTime, Option<OffsetDateTime>)> = sqlx::query_as(
            "SELECT id, store_code, terminal_code, expires_at, used_at FROM enrolment_codes WHERE code_hash = $1",
        )
        .bind(&code_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((code_id, code_store, code_terminal, expires_at, used_at)) = row else {
            return Err(CredentialError::UnknownCode.into());
        };
        if used_at.is_some() {
            return Err(CredentialError::CodeUsed.into());
        }
        if expires_at < now {
            return Err(CredentialError::CodeExpired.into());
        }
        if code_store != store_code || code_terminal != terminal_code {
            return Err(CredentialError::CodeForOtherTerminal {
                code_store,
                code_terminal,
                store: store_code.to_owned(),
                terminal: terminal_code.to_owned(),
            }
            .into());
        }
        let (store_code, terminal_code) = (code_store, code_terminal);
        sqlx::query(
            "UPDATE terminals SET revoked_at = $1
             WHERE store_code = $2 AND terminal_code = $3 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(&store_code)
        .bind(&terminal_code)
        .execute(&mut *tx)
        .await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO terminals (store_code, terminal_code, token_hash, enrolled_at)
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(&store_code)
        .bind(&terminal_code)
        .bind(hash_secret(&token))
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("UPDATE enrolment_codes SET used_at = $1, terminal_id = $2 WHERE id = $3")
            .bind(now)
            .bind(id)
            .bind(code_id)
            .execute(&mut *tx)
            .await?;
        Terminal { id, store_code, terminal_code }
    });
    tracing::info!(
        terminal_id = terminal.id,
        store_code = %terminal.store_code,
        terminal_code = %terminal.terminal_code,
        "terminal enrolled"
    );
    Ok(Enrolment { terminal, token })
}

/// Finds the active terminal a device token belongs to.
pub async fn authenticate(db: &Database, token: &str) -> Result<Terminal, CheckError> {
    let row: Option<(i64, String, String, Option<OffsetDateTime>)> = with_pool!(db, pool => {
        sqlx::query_as("SELECT id, store_code, terminal_code, revoked_at FROM terminals WHERE token_hash = $1")
            .bind(hash_secret(token))
            .fetch_optional(pool)
            .await?
    });
    match row {
        None => Err(CredentialError::UnknownToken.into()),
        Some((_, _, _, Some(_))) => Err(CredentialError::Revoked.into()),
        Some((id, store_code, terminal_code, None)) => Ok(Terminal {
            id,
            store_code,
            terminal_code,
        }),
    }
}

/// Revokes the active terminal with these codes; returns whether one was.
pub async fn revoke(db: &Database, store_code: &str, terminal_code: &str) -> Result<bool, sqlx::Error> {
    let now = OffsetDateTime::now_utc();
    let changed = with_pool!(db, pool => {
        sqlx::query(
            "UPDATE terminals SET revoked_at = $1
             WHERE store_code = $2 AND terminal_code = $3 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(store_code)
        .bind(terminal_code)
        .execute(pool)
        .await?
        .rows_affected()
    });
    if changed > 0 {
        tracing::info!(store_code, terminal_code, "terminal revoked");
    }
    Ok(changed > 0)
}

/// Lists every terminal ever enrolled, oldest first.
pub async fn list(db: &Database) -> Result<Vec<TerminalListing>, sqlx::Error> {
    type Row = (
        i64,
        String,
        String,
        OffsetDateTime,
        Option<OffsetDateTime>,
        Option<OffsetDateTime>,
    );
    let rows: Vec<Row> = with_pool!(db, pool => {
        sqlx::query_as(
            "SELECT id, store_code, terminal_code, enrolled_at, revoked_at, last_seen_at FROM terminals ORDER BY id",
        )
        .fetch_all(pool)
        .await?
    });
    Ok(rows
        .into_iter()
        .map(
            |(id, store_code, terminal_code, enrolled_at, revoked_at, last_seen_at)| TerminalListing {
                id,
                store_code,
                terminal_code,
                enrolled_at,
                revoked_at,
                last_seen_at,
            },
        )
        .collect())
}
