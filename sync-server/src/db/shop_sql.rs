//! Running one portable query text on either database.
//!
//! The shop's SQL uses only what SQLite and PostgreSQL share: `$N`
//! parameters (sqlx binds `$N` by number on SQLite too), `RETURNING`,
//! `ON CONFLICT ... DO NOTHING`, BIGINT/INTEGER ids and amounts, and text
//! instants. So each repository function is written once and compiled for
//! both pools by [`with_pool`].

/// Runs `$body` with `$pool` bound to the SQLite or the PostgreSQL pool of
/// a [`crate::db::Database`]; the body is compiled once for each.
macro_rules! with_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::db::Database::Sqlite($pool) => $body,
            $crate::db::Database::Postgres($pool) => $body,
        }
    };
}

pub(crate) use with_pool;
