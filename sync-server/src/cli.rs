//! The `giggatek-server` command line.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::admin::AdminCommand;
use crate::config::{DatabaseConfig, ServerConfig};
use crate::db::Database;
use crate::{admin, startup, telemetry};

/// GigGatek's server: receives what terminals upload and sends them changes.
#[derive(Debug, Parser)]
#[command(name = "giggatek-server", version)]
pub struct Args {
    /// Folder for the SQLite database file, used when no database URL is given.
    #[arg(long, env = "GIGGATEK_SERVER_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,

    /// PostgreSQL URL (`postgres://user@host:5432/db`); without it the server
    /// uses SQLite in the data folder.
    #[arg(long, env = "GIGGATEK_SERVER_DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply pending migrations, then serve the API until SIGINT or SIGTERM.
    Serve {
        /// Address and port to listen on; port 0 picks a free port and the
        /// chosen address is printed on stdout.
        #[arg(long, env = "GIGGATEK_SERVER_LISTEN", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
    },
    /// Apply pending migrations and exit.
    Migrate,
    /// Manager commands: enrolment codes, revoking terminals, catalog,
    /// stock, reports, sync conflicts and the shop's staff accounts.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

/// Parses the process's arguments and runs the command.
pub fn main() -> ExitCode {
    telemetry::init();
    run(Args::parse())
}

/// Runs one parsed command; exit code 0 on success, 1 on any failure.
pub fn run(args: Args) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => return fail(&anyhow::anyhow!("starting the async runtime failed: {error}")),
    };
    match runtime.block_on(execute(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => fail(&error),
    }
}

async fn execute(args: Args) -> anyhow::Result<()> {
    let database = DatabaseConfig::from_options(args.data_dir, args.database_url).map_err(anyhow::Error::msg)?;
    match args.command {
        Command::Serve { listen } => startup::serve(ServerConfig { listen, database }).await,
        Command::Migrate => {
            let db = Database::connect(&database).await?;
            db.migrate().await?;
            db.close().await;
            tracing::info!(database = %database.describe(), "migrations applied");
            Ok(())
        }
        Command::Admin { command } => {
            let db = Database::connect(&database).await?;
            db.migrate().await?;
            let result = admin::run(&db, command).await;
            db.close().await;
            print_json(&result?)
        }
    }
}

fn fail(error: &anyhow::Error) -> ExitCode {
    tracing::error!(error = format!("{error:#}"), "command failed");
    eprintln!("giggatek-server: {error:#}");
    ExitCode::FAILURE
}

#[allow(clippy::print_stdout, reason = "an admin command's JSON result is its output")]
fn print_json(value: &serde_json::Value) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}
