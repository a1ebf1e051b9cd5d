//! Customer and staff accounts, sessions, failed log-ins and password resets.

use giggatek_mail::jobs::NewMail;
use sqlx::Row;

use crate::db::shop_sql::with_pool;
use crate::db::{Database, mail_jobs};

/// A stored account.
#[derive(Debug, Clone)]
pub struct AccountRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub phone: Option<String>,
    pub password_hash: String,
    pub role: String,
}

/// The account behind a live session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionOwner {
    pub session_id: i64,
    pub customer_id: i64,
}

/// The fields of a new account.
#[derive(Debug)]
pub struct NewAccount<'a> {
    pub email_lookup: &'a str,
    pub email: &'a str,
    pub name: &'a str,
    pub phone: Option<&'a str>,
    pub password_hash: &'a str,
    pub role: &'a str,
    pub now: &'a str,
}

const ACCOUNT_COLUMNS: &str = "id, email, name, phone, password_hash, role";

fn account_from_row<R: Row>(row: &R) -> Result<AccountRow, sqlx::Error>
where
    for<'r> &'r str: sqlx::ColumnIndex<R>,
    for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<String>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    Ok(AccountRow {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        phone: row.try_get("phone")?,
        password_hash: row.try_get("password_hash")?,
        role: row.try_get("role")?,
    })
}

/// Inserts an account; `None` when the email is already registered.
pub async fn insert_account(db: &Database, account: &NewAccount<'_>) -> Result<Option<i64>, sqlx::Error> {
    let sql = "INSERT INTO customers (email_lookup, email, name, phone, password_hash, role, created_at, updated_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (email_lookup) DO NOTHING RETURNING id";
    with_pool!(db, pool => {
        sqlx::query_scalar::<_, i64>(sql)
            .bind(account.email_lookup)
            .bind(account.email)
            .bind(account.name)
            .bind(account.phone)
            .bind(account.password_hash)
            .bind(account.role)
            .bind(account.now)
            .fetch_optional(pool)
            .await
    })
}

/// Finds the account with this email lookup unless it is disabled.
pub async fn find_by_email_lookup(db: &Database, email_lookup: &str) -> Result<Option<AccountRow>, sqlx::Error> {
    let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM customers WHERE email_lookup = $1 AND disabled_at IS NULL");
    with_pool!(db, pool => {
        let row = sqlx::query(sqlx::AssertSqlSafe(sql.as_str())).bind(email_lookup).fetch_optional(pool).await?;
        row.as_ref().map(account_from_row).transpose()
    })
}

pub async fn find_account(db: &Database, id: i64) -> Result<Option<AccountRow>, sqlx::Error> {
    let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM customers WHERE id = $1");
    with_pool!(db, pool => {
        let row = sqlx::query(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_optional(pool).await?;
        row.as_ref().map(account_from_row).transpose()
    })
}

pub async fn update_profile(
    db: &Database,
    id: i64,
    name: &str,
    phone: Option<&str>,
    now: &str,
) -> Result<(), sqlx::Error> {
    let sql = "UPDATE customers SET name = $2, phone = $3, updated_at = $4 WHERE id = $1";
    with_pool!(db, pool => {
        sqlx::query(sql).bind(id).bind(name).bind(phone).bind(now).execute(pool).await.map(drop)
    })
}

/// Stores a new password hash and ends the account's sessions other than
/// `keep_session`, in one transaction.
pub async fn change_password(
    db: &Database,
    id: i64,
    password_hash: &str,
    keep_session: Option<i64>,
    reason: &str,
    now: &str,
) -> Result<(), sqlx::Error> {
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        sqlx::query("UPDATE customers SET password_hash = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(password_hash)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE sessions SET ended_at = $3, end_reason = $4 \
             WHERE customer_id = $1 AND ended_at IS NULL AND id <> $2",
        )
        .bind(id)
        .bind(keep_session.unwrap_or(-1))
        .bind(now)
        .bind(reason)
        .execute(&mut *tx)
        .await?;
        tx.commit().await
    })
}

pub async fn insert_session(
    db: &Database,
    customer_id: i64,
    token_hash: &str,
    now: &str,
    expires_at: &str,
) -> Result<i64, sqlx::Error> {
    let sql =
        "INSERT INTO sessions (customer_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4) RETURNING id";
    with_pool!(db, pool => {
        sqlx::query_scalar::<_, i64>(sql)
            .bind(customer_id)
            .bind(token_hash)
            .bind(now)
            .bind(expires_at)
            .fetch_one(pool)
            .await
    })
}

/// Finds the live session whose token hashes to `token_hash`.
pub async fn find_live_session(
    db: &Database,
    token_hash: &str,
    now: &str,
) -> Result<Option<SessionOwner>, sqlx::Error> {
    let sql = "SELECT id, customer_id FROM sessions WHERE token_hash = $1 AND ended_at IS NULL AND expires_at > $2 \
               AND customer_id IN (SELECT id FROM customers WHERE disabled_at IS NULL)";
    with_pool!(db, pool => {
        let row = sqlx::query(sql).bind(token_hash).bind(now).fetch_optional(pool).await?;
        row.map(|row| {
            Ok(SessionOwner {
                session_id: row.try_get("id")?,
                customer_id: row.try_get("customer_id")?,
            })
        })
        .transpose()
    })
}

pub async fn end_session(db: &Database, session_id: i64, reason: &str, now: &str) -> Result<(), sqlx::Error> {
    let sql = "UPDATE sessions SET ended_at = $2, end_reason = $3 WHERE id = $1 AND ended_at IS NULL";
    with_pool!(db, pool => {
        sqlx::query(sql).bind(session_id).bind(now).bind(reason).execute(pool).await.map(drop)
    })
}

pub async fn record_login_failure(
    db: &Database,
    email_lookup: &str,
    client_address: &str,
    now: &str,
) -> Result<(), sqlx::Error> {
    let sql = "INSERT INTO login_failures (email_lookup, client_address, failed_at) VALUES ($1, $2, $3)";
    with_pool!(db, pool => {
        sqlx::query(sql).bind(email_lookup).bind(client_address).bind(now).execute(pool).await.map(drop)
    })
}

/// Counts failed log-ins since `since` for the account and for the address.
pub async fn count_login_failures(
    db: &Database,
    email_lookup: &str,
    client_address: &str,
    since: &str,
) -> Result<(i64, i64), sqlx::Error> {
    let sql = "SELECT \
               (SELECT COUNT(*) FROM login_failures WHERE email_lookup = $1 AND failed_at > $3), \
               (SELECT COUNT(*) FROM login_failures WHERE client_address = $2 AND failed_at > $3)";
    with_pool!(db, pool => {
        let row = sqlx::query(sql).bind(email_lookup).bind(client_address).bind(since).fetch_one(pool).await?;
        Ok((row.try_get::<i64, _>(0)?, row.try_get::<i64, _>(1)?))
    })
}

/// Stores a reset token and queues the mail that carries it, keyed
/// `password-reset:ID` by the stored reset, in one transaction. Without a
/// mail (an address that cannot be mailed), only the token is stored.
pub async fn insert_password_reset(
    db: &Database,
    customer_id: i64,
    token_hash: &str,
    now: &str,
    expires_at: &str,
    mail: Option<NewMail>,
) -> Result<(), sqlx::Error> {
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        let reset_id: i64 = sqlx::query_scalar(
            "INSERT INTO password_resets (customer_id, token_hash, created_at, expires_at) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(customer_id)
        .bind(token_hash)
        .bind(now)
        .bind(expires_at)
        .fetch_one(&mut *tx)
        .await?;
        if let Some(mail) = mail {
            let mail = mail.idempotency_key(&format!("password-reset:{reset_id}"));
            mail_jobs::enqueue(&mut tx, &mail, now).await?;
        }
        tx.commit().await
    })
}

/// Uses a reset token once: sets the new password and ends every session
/// of the account. Returns the account id, or `None` when the token is
/// unknown, used or expired.
pub async fn use_password_reset(
    db: &Database,
    token_hash: &str,
    password_hash: &str,
    now: &str,
) -> Result<Option<i64>, sqlx::Error> {
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        let customer_id: Option<i64> = sqlx::query_scalar(
            "UPDATE password_resets SET used_at = $2 \
             WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING customer_id",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(customer_id) = customer_id else {
            return Ok(None);
        };
        sqlx::query("UPDATE customers SET password_hash = $2, updated_at = $3 WHERE id = $1")
            .bind(customer_id)
            .bind(password_hash)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE sessions SET ended_at = $2, end_reason = 'password_reset' \
             WHERE customer_id = $1 AND ended_at IS NULL",
        )
        .bind(customer_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(customer_id))
    })
}
