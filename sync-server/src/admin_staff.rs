//! `giggatek-server admin staff`: the online shop's staff and admin
//! accounts, which the shop's `/api/admin` routes require.

use std::io::BufRead;

use clap::{Subcommand, ValueEnum};
use serde_json::{Value, json};

use crate::db::{Database, shop_staff};
use crate::routes::shop::create_account;
use crate::shop::config::ShopConfig;
use crate::shop::{Shop, auth, clock};

/// The environment variable `staff add` reads the new password from.
pub const PASSWORD_VAR: &str = "GIGGATEK_STAFF_PASSWORD";

#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Create a staff or admin account. The password comes from
    /// GIGGATEK_STAFF_PASSWORD or, when that is unset, from the first line of
    /// standard input; it is never taken from the command line.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long, value_enum)]
        role: StaffRole,
        /// The account's display name; the email when left out.
        #[arg(long)]
        name: Option<String>,
    },
    /// List every staff and admin account, disabled ones included.
    List,
    /// Disable a staff or admin account: it can no longer sign in, and its
    /// sessions end at once.
    Disable {
        #[arg(long)]
        email: String,
    },
}

/// The role of a new account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StaffRole {
    Staff,
    Admin,
}

impl StaffRole {
    pub fn as_str(self) -> &'static str {
        match self {
            StaffRole::Staff => "staff",
            StaffRole::Admin => "admin",
        }
    }
}

/// Runs one staff command and returns its JSON output.
pub async fn run(db: &Database, command: StaffCommand) -> anyhow::Result<Value> {
    match command {
        StaffCommand::Add { email, role, name } => {
            let password = read_password(std::io::stdin().lock())?;
            add(db, &email, role, name.as_deref(), &password).await
        }
        StaffCommand::List => Ok(json!({ "staff": shop_staff::list(db).await? })),
        StaffCommand::Disable { email } => {
            let email = email.trim();
            match shop_staff::disable(db, &auth::email_lookup(email), &clock::now()).await? {
                Some(id) => {
                    tracing::info!(customer_id = id, "staff account disabled");
                    Ok(json!({ "id": id, "email": email, "disabled": true }))
                }
                None => anyhow::bail!("no staff or admin account has the email {email}: see `admin staff list`"),
            }
        }
    }
}

/// Creates a staff or admin account with the shop's own checks of email,
/// password and name.
pub async fn add(
    db: &Database,
    email: &str,
    role: StaffRole,
    name: Option<&str>,
    password: &str,
) -> anyhow::Result<Value> {
    let shop = Shop::new(db.clone(), ShopConfig::default())?;
    let account = create_account(&shop, email, password, name.unwrap_or(email), None, role.as_str())
        .await
        .map_err(|error| anyhow::anyhow!("creating the account failed: {error}"))?;
    Ok(json!({ "id": account.id, "email": account.email, "name": account.name, "role": account.role }))
}

/// Reads the new password from [`PASSWORD_VAR`] or else the first line of
/// `input`, without its line ending.
fn read_password(input: impl BufRead) -> anyhow::Result<String> {
    if let Ok(password) = std::env::var(PASSWORD_VAR) {
        return Ok(password);
    }
    let mut line = String::new();
    let mut input = input;
    input
        .read_line(&mut line)
        .map_err(|error| anyhow::anyhow!("reading the password from standard input failed: {error}"))?;
    let password = line.trim_end_matches(['\r', '\n']);
    if password.is_empty() {
        anyhow::bail!("no password given: set {PASSWORD_VAR} or send the password on standard input");
    }
    Ok(password.to_owned())
}
