//! `init` and `demo`: a store's settings, and a whole demo store in one go.

use std::path::Path;

use giggatek_domain::{CashRounding, Percent, TaxRounding, TaxSettings};
use giggatek_store::{ImportSummary, Role, StoreError, StoreSettings};
use serde::Serialize;

use super::{Context, catalog};
use crate::args::{CashRoundingArg, InitArgs, TaxRoundingArg};
use crate::error::{CliError, Failure};
use crate::output::emit;

/// The demo clerk's staff code and PIN, printed by `demo` and in the README.
pub const DEMO_CLERK: (&str, &str) = ("1001", "1234");
/// The demo manager's staff code and PIN.
pub const DEMO_MANAGER: (&str, &str) = ("9001", "9876");
/// Units received for each stocked demo product.
const DEMO_UNITS: u32 = 10;
/// How many priced products of each category get demo stock. Receiving is
/// one durable transaction per product, so stocking all 16,000 priced
/// products would take minutes.
const DEMO_STOCKED_PER_CATEGORY: u32 = 5;

pub fn init(context: &mut Context, path: &Path, args: &InitArgs) -> Result<(), CliError> {
    reject_set_up_store(context, path, "pass a new file name to set up another store")?;
    let rate = Percent::parse(&args.tax_rate).map_err(|error| CliError::invalid(format!("--tax-rate: {error}")))?;
    let settings = StoreSettings {
        store_code: args.store_code.clone(),
        terminal_code: args.terminal_code.clone(),
        store_name: args.name.clone(),
        store_address: args.address.clone(),
        tax: TaxSettings {
            rate,
            rounding: match args.tax_rounding {
                TaxRoundingArg::PerLine => TaxRounding::PerLine,
                TaxRoundingArg::PerInvoice => TaxRounding::PerInvoice,
            },
        },
        cash_rounding: match args.cash_rounding {
            CashRoundingArg::None => CashRounding::None,
            CashRoundingArg::Nickel => CashRounding::Nickel,
        },
        time_zone: args.time_zone.clone(),
    };
    context.store.save_settings(&settings)?;
    emit(context.json, &settings, settings_text)
}

/// The demo store's settings and catalog summary, with the staff codes and PINs to sign in with.
#[derive(Serialize)]
struct DemoStore {
    settings: StoreSettings,
    clerk: DemoLogin,
    manager: DemoLogin,
    catalog: ImportSummary,
    stocked_products: usize,
    units_each: u32,
}

#[derive(Serialize)]
struct DemoLogin {
    code: &'static str,
    pin: &'static str,
}

pub fn demo(context: &mut Context, path: &Path, catalog_dir: &Path) -> Result<(), CliError> {
    reject_set_up_store(context, path, "pass a new file name for the demo store")?;
    let settings = demo_settings()?;
    context.store.save_settings(&settings)?;
    context
        .store
        .add_staff(DEMO_CLERK.0, "Demo Clerk", Role::Clerk, DEMO_CLERK.1)?;
    context
        .store
        .add_staff(DEMO_MANAGER.0, "Demo Manager", Role::Manager, DEMO_MANAGER.1)?;
    let summary = catalog::import_with_progress(&mut context.store, catalog_dir)?;
    let stocked = catalog::stock_first_priced(&mut context.store, DEMO_STOCKED_PER_CATEGORY, DEMO_UNITS)?;
    let demo = DemoStore {
        settings,
        clerk: DemoLogin {
            code: DEMO_CLERK.0,
            pin: DEMO_CLERK.1,
        },
        manager: DemoLogin {
            code: DEMO_MANAGER.0,
            pin: DEMO_MANAGER.1,
        },
        catalog: summary,
        stocked_products: stocked,
        units_each: DEMO_UNITS,
    };
    emit(context.json, &demo, |demo| {
        format!(
            "{}\n\nDemo store ready at {}.\nCatalog: {} products ({} for sale); {} products got {} units of stock.\n\
             Clerk:   staff code {}, PIN {}\nManager: staff code {}, PIN {}",
            settings_text(&demo.settings),
            path.display(),
            demo.catalog.rows,
            demo.catalog.priced,
            demo.stocked_products,
            demo.units_each,
            demo.clerk.code,
            demo.clerk.pin,
            demo.manager.code,
            demo.manager.pin,
        )
    })
}

/// Rejects setting up a store file that already has settings: its receipts
/// and sales carry the store and terminal codes and its tax rules.
fn reject_set_up_store(context: &Context, path: &Path, fix: &str) -> Result<(), CliError> {
    match context.store.settings() {
        Ok(_) => Err(CliError::new(
            Failure::Conflict,
            format!("the store {} is already set up: {fix}", path.display()),
        )),
        Err(StoreError::NotFound(_)) => Ok(()),
        Err(error) => Err(error.into()),
    }
}

fn demo_settings() -> Result<StoreSettings, CliError> {
    let rate = Percent::from_millionths(82_500)
        .map_err(|error| CliError::new(Failure::Internal, format!("demo tax rate: {error}")))?;
    Ok(StoreSettings {
        store_code: "S01".to_string(),
        terminal_code: "T01".to_string(),
        store_name: "GigGatek Demo Store".to_string(),
        store_address: vec!["350 5th Ave".to_string(), "New York, NY 10118".to_string()],
        tax: TaxSettings {
            rate,
            rounding: TaxRounding::PerLine,
        },
        cash_rounding: CashRounding::None,
        time_zone: "America/New_York".to_string(),
    })
}

fn settings_text(settings: &StoreSettings) -> String {
    let rounding = match settings.tax.rounding {
        TaxRounding::PerLine => "per line",
        TaxRounding::PerInvoice => "per invoice",
    };
    let cash = match settings.cash_rounding {
        CashRounding::None => "none",
        CashRounding::Nickel => "to the nickel",
    };
    let mut text = format!(
        "Store {} terminal {}: {}\n",
        settings.store_code, settings.terminal_code, settings.store_name
    );
    for line in &settings.store_address {
        text.push_str(&format!("  {line}\n"));
    }
    text.push_str(&format!(
        "Tax {}% rounded {rounding}; cash rounding {cash}; time zone {}",
        settings.tax.rate, settings.time_zone
    ));
    text
}
