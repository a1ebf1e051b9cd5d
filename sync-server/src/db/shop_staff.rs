//! Staff and admin accounts: listing them and disabling one.

use serde::Serialize;
use sqlx::Row;

use crate::db::Database;
use crate::db::shop_sql::with_pool;

/// A staff or admin account as `giggatek-server admin staff list` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaffRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    /// `staff` or `admin`.
    pub role: String,
    pub created_at: String,
    /// When the account was disabled; `None` while it can sign in.
    pub disabled_at: Option<String>,
}

/// Lists every staff and admin account, disabled ones included, by id.
pub async fn list(db: &Database) -> Result<Vec<StaffRow>, sqlx::Error> {
    let sql = "SELECT id, email, name, role, created_at, disabled_at FROM customers \
               WHERE role IN ('staff', 'admin') ORDER BY id";
    with_pool!(db, pool => {
        let rows = sqlx::query(sql).fetch_all(pool).await?;
        rows.iter()
            .map(|row| {
                Ok(StaffRow {
                    id: row.try_get("id")?,
                    email: row.try_get("email")?,
                    name: row.try_get("name")?,
                    role: row.try_get("role")?,
                    created_at: row.try_get("created_at")?,
                    disabled_at: row.try_get("disabled_at")?,
                })
            })
            .collect()
    })
}

/// Disables the staff or admin account with this email lookup and ends its
/// live sessions, in one transaction. Returns the account's id, or `None`
/// when no staff or admin account has the email. Disabling a disabled
/// account keeps its first `disabled_at`.
pub async fn disable(db: &Database, email_lookup: &str, now: &str) -> Result<Option<i64>, sqlx::Error> {
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        let id: Option<i64> = sqlx::query_scalar(
            "UPDATE customers SET disabled_at = COALESCE(disabled_at, $2), updated_at = $2 \
             WHERE email_lookup = $1 AND role IN ('staff', 'admin') RETURNING id",
        )
        .bind(email_lookup)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(id) = id {
            sqlx::query(
                "UPDATE sessions SET ended_at = $2, end_reason = 'account_disabled' \
                 WHERE customer_id = $1 AND ended_at IS NULL",
            )
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(id)
    })
}
