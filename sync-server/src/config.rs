//! The server's settings, from the command line or the environment.

use std::net::SocketAddr;
use std::path::PathBuf;

/// File name of the embedded SQLite database inside the data folder.
pub const SQLITE_FILE_NAME: &str = "giggatek-server.sqlite";

/// Where the server keeps its data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseConfig {
    /// One SQLite file, [`SQLITE_FILE_NAME`], inside this folder.
    Sqlite { data_dir: PathBuf },
    /// A PostgreSQL connection URL (`postgres://...`).
    Postgres { url: String },
}

impl DatabaseConfig {
    /// Picks PostgreSQL when a URL is given, and the SQLite file in
    /// `data_dir` otherwise.
    pub fn from_options(data_dir: PathBuf, database_url: Option<String>) -> Result<DatabaseConfig, String> {
        match database_url {
            None => Ok(DatabaseConfig::Sqlite { data_dir }),
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Ok(DatabaseConfig::Postgres { url })
            }
            Some(_) => Err(
                "the database URL is invalid: give a postgres:// URL, or leave it out to use SQLite in the data folder"
                    .to_owned(),
            ),
        }
    }

    /// A description for log lines that leaves out any password in a URL.
    pub fn describe(&self) -> String {
        match self {
            DatabaseConfig::Sqlite { data_dir } => format!("SQLite at {}", data_dir.join(SQLITE_FILE_NAME).display()),
            DatabaseConfig::Postgres { url } => {
                let host = url.rsplit('@').next().unwrap_or(url);
                let host = host
                    .trim_start_matches("postgres://")
                    .trim_start_matches("postgresql://");
                format!("PostgreSQL at {host}")
            }
        }
    }
}

/// Everything `serve` needs.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub listen: SocketAddr,
    pub database: DatabaseConfig,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describe_hides_the_password() {
        let config = DatabaseConfig::Postgres {
            url: "postgres://app:secret@db.internal:5432/giggatek".to_owned(),
        };
        assert_eq!(config.describe(), "PostgreSQL at db.internal:5432/giggatek");
    }

    #[test]
    fn from_options_rejects_other_schemes() {
        let result = DatabaseConfig::from_options(PathBuf::from("data"), Some("mysql://x".to_owned()));
        assert!(result.is_err());
    }
}
