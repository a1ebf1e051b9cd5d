//! Binding the socket and running the API until a shutdown signal.

use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;

use crate::config::ServerConfig;
use crate::db::Database;
use crate::mail::{MailConfig, MailWorkers};
use crate::rental_mail::{self, RentalMail, RentalMailConfig};
use crate::routes;
use crate::shop::Shop;
use crate::shop::config::ShopConfig;
use crate::state::AppState;

/// The line `serve` prints on stdout once it accepts connections, followed
/// by the bound address; with `--listen 127.0.0.1:0` it tells the caller
/// which port the OS chose.
pub const LISTENING_PREFIX: &str = "listening on ";

/// Connects to the database, applies pending migrations, binds the listen
/// address and serves until SIGINT or SIGTERM. The shop's workers, the task
/// that queues rental receipts and reminders and, when SMTP is configured,
/// the mail workers run beside the HTTP server and stop after it.
pub async fn serve(config: ServerConfig) -> anyhow::Result<()> {
    // Settings are read first, so a bad one stops the server before it
    // touches the database.
    let shop_config = ShopConfig::from_env()?;
    let mail_config = MailConfig::from_env()?;
    let rental_mail_config = RentalMailConfig::from_env(shop_config.time_zone.clone(), &shop_config.public_url)?;
    let db = Database::connect(&config.database).await?;
    db.migrate().await?;
    let listener = TcpListener::bind(config.listen)
        .await
        .map_err(|error| anyhow::anyhow!("binding {} failed: {error}", config.listen))?;
    let address = listener.local_addr()?;
    tracing::info!(%address, database = %config.database.describe(), "server started");
    announce(&format!("{LISTENING_PREFIX}{address}"))?;

    if mail_config.is_some() && std::env::var_os("GIGGATEK_SHOP_PUBLIC_URL").is_none() {
        tracing::warn!(
            public_url = %shop_config.public_url,
            "GIGGATEK_SHOP_PUBLIC_URL is not set; links in the shop's mail point at the default"
        );
    }
    let shop = Arc::new(Shop::new(db.clone(), shop_config)?);
    let workers = crate::shop::workers::spawn(shop.clone());
    let rental_mail_task = rental_mail::spawn(Arc::new(RentalMail::new(db.clone(), rental_mail_config)));
    let mail_workers = match &mail_config {
        Some(mail_config) => Some(MailWorkers::spawn(&db, mail_config)?),
        None => {
            tracing::warn!(
                "SMTP is not configured (GIGGATEK_SMTP_HOST is not set): no mail is sent, and mail jobs stay queued \
                 until the server runs with SMTP settings"
            );
            None
        }
    };
    let app = routes::router(AppState { db: db.clone(), shop });
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    workers.stop();
    rental_mail_task.abort();
    if let Some(mail_workers) = mail_workers {
        mail_workers.stop().await;
    }
    db.close().await;
    tracing::info!("server stopped");
    Ok(())
}

#[allow(
    clippy::print_stdout,
    reason = "the bound address is the command's output, for scripts and tests"
)]
fn announce(line: &str) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{line}")?;
    stdout.flush()
}

async fn shutdown_signal() {
    let interrupt = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "listening for SIGINT failed");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "listening for SIGTERM failed");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
    tracing::info!("shutdown signal received");
}
