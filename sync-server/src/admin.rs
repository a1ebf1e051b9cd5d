//! Manager commands on the server's database: enrolment codes, revoking a
//! terminal, catalog and stock changes, reports, sync conflicts and the
//! shop's staff accounts. Each prints one JSON document on stdout.

use clap::Subcommand;
use giggatek_domain::receipt_number::check_code;
use giggatek_protocol::ProductChange;
use serde_json::{Value, json};

use crate::admin_staff::{self, StaffCommand};
use crate::db::{Database, changes, conflicts, reports, terminals};
use crate::shop::input::has_control_character;

/// Default lifetime of an enrolment code, in hours.
const DEFAULT_CODE_HOURS: i64 = 24;

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create a one-time code that enrols a terminal; prints the code.
    EnrolmentCode {
        /// Store code, such as S01: 1 to 8 capital letters or digits, as the
        /// terminal's settings have it.
        #[arg(long)]
        store: String,
        /// Terminal code within the store, such as T01, in the same form. A
        /// terminal enrolled with the code replaces an active one with the
        /// same codes.
        #[arg(long)]
        terminal: String,
        /// How long the code stays valid, in hours.
        #[arg(long, default_value_t = DEFAULT_CODE_HOURS, value_parser = clap::value_parser!(i64).range(1..=720))]
        valid_hours: i64,
    },
    /// Revoke a lost or replaced terminal: its token stops working at once.
    Revoke {
        #[arg(long)]
        store: String,
        #[arg(long)]
        terminal: String,
    },
    /// List every terminal ever enrolled.
    Terminals,
    /// Add or change a product in the server's catalog; terminals receive
    /// it on their next sync.
    Product {
        #[arg(long)]
        sku: String,
        #[arg(long)]
        barcode: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        category: String,
        /// Price in cents; leave out for a product not for sale.
        #[arg(long)]
        price_cents: Option<i64>,
        /// Mark the product as not taxable.
        #[arg(long)]
        untaxed: bool,
    },
    /// Set a SKU's stock count after a stocktake; terminals receive it on
    /// their next sync.
    SetStock {
        #[arg(long)]
        sku: String,
        #[arg(long, allow_negative_numbers = true)]
        on_hand: i64,
    },
    /// Sales per store, terminal and business day, and open oversell alerts.
    Report,
    /// The online shop's staff and admin accounts.
    Staff {
        #[command(subcommand)]
        command: StaffCommand,
    },
    /// List sync conflicts, such as one unit on two active contracts; open
    /// ones only unless `--all` is given.
    Conflicts {
        /// Include resolved conflicts.
        #[arg(long)]
        all: bool,
    },
    /// Mark a conflict resolved once its cause is fixed (for example the
    /// unit was returned on one of the contracts); terminals receive the
    /// change on their next sync.
    ResolveConflict {
        /// The conflict's id, as `conflicts` lists it.
        #[arg(long)]
        id: i64,
        /// What was done, for the record.
        #[arg(long)]
        note: String,
    },
}

/// Runs one admin command and returns its JSON output.
pub async fn run(db: &Database, command: AdminCommand) -> anyhow::Result<Value> {
    match command {
        AdminCommand::EnrolmentCode {
            store,
            terminal,
            valid_hours,
        } => {
            check_code(&store).map_err(|error| anyhow::anyhow!("--store: {error}"))?;
            check_code(&terminal).map_err(|error| anyhow::anyhow!("--terminal: {error}"))?;
            let code =
                terminals::create_enrolment_code(db, &store, &terminal, time::Duration::hours(valid_hours)).await?;
            Ok(json!({ "store_code": store, "terminal_code": terminal, "code": code, "valid_hours": valid_hours }))
        }
        AdminCommand::Revoke { store, terminal } => {
            let revoked = terminals::revoke(db, &store, &terminal).await?;
            if !revoked {
                anyhow::bail!("no active terminal {terminal} in store {store}: check the codes with `terminals`");
            }
            Ok(json!({ "store_code": store, "terminal_code": terminal, "revoked": true }))
        }
        AdminCommand::Terminals => Ok(json!({ "terminals": terminals::list(db).await? })),
        AdminCommand::Product {
            sku,
            barcode,
            name,
            category,
            price_cents,
            untaxed,
        } => {
            if price_cents.is_some_and(|cents| cents < 0) {
                anyhow::bail!("--price-cents must be 0 or more");
            }
            for (flag, value) in [
                ("--sku", &sku),
                ("--barcode", &barcode),
                ("--name", &name),
                ("--category", &category),
            ] {
                if has_control_character(value) {
                    anyhow::bail!("{flag} contains a control character such as a line break: give it on one line");
                }
            }
            if sku.trim().is_empty() || name.trim().is_empty() {
                anyhow::bail!("--sku and --name must not be blank");
            }
            let product = ProductChange {
                sku,
                barcode,
                name,
                category,
                price_cents,
                taxable: !untaxed,
            };
            let seq = changes::upsert_product(db, &product).await?;
            Ok(json!({ "product": product, "seq": seq }))
        }
        AdminCommand::SetStock { sku, on_hand } => {
            let seq = changes::set_stock(db, &sku, on_hand).await?;
            Ok(json!({ "sku": sku, "on_hand": on_hand, "seq": seq }))
        }
        AdminCommand::Conflicts { all } => Ok(json!({ "conflicts": conflicts::list(db, all).await? })),
        AdminCommand::ResolveConflict { id, note } => {
            let conflict = conflicts::resolve(db, id, &note).await?;
            Ok(json!({ "conflict": conflict }))
        }
        AdminCommand::Report => Ok(json!({
            "daily_sales": reports::daily_sales(db).await?,
            "oversell_alerts": reports::open_oversells(db).await?,
        })),
        AdminCommand::Staff { command } => admin_staff::run(db, command).await,
    }
}
