//! The store's own settings: codes for receipt numbers, the printed header,
//! tax, cash rounding and the time zone of its business dates.
//!
//! Each field is one row of the `settings` table, keyed by the field's name,
//! so other keys in that table are left alone.

use std::collections::HashMap;

use giggatek_domain::receipt_number::check_code;
use giggatek_domain::{CashRounding, Percent, TaxRounding, TaxSettings};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::audit::{self, NewAuditEntry};
use crate::clock::time_zone;
use crate::db::Store;
use crate::error::StoreError;

const KEYS: [&str; 8] = [
    "store_code",
    "terminal_code",
    "store_name",
    "store_address",
    "tax_rate_millionths",
    "tax_rounding",
    "cash_rounding",
    "time_zone",
];

/// Maximum length of the store name printed at the top of a receipt.
const MAX_NAME_CHARS: usize = 80;

/// The store's identity, tax, cash rounding and time zone, as this terminal uses them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreSettings {
    /// First part of every receipt number: 1 to 8 capital letters or digits.
    pub store_code: String,
    /// Second part of every receipt number, unique within the store.
    pub terminal_code: String,
    pub store_name: String,
    /// Address lines printed under the name.
    pub store_address: Vec<String>,
    pub tax: TaxSettings,
    pub cash_rounding: CashRounding,
    /// IANA time zone name, such as `America/New_York`, for business dates
    /// and printed times.
    pub time_zone: String,
}

impl StoreSettings {
    /// Checks every field, naming the first one that is wrong.
    pub fn check(&self) -> Result<(), StoreError> {
        check_code(&self.store_code).map_err(|error| StoreError::Invalid(format!("store code: {error}")))?;
        check_code(&self.terminal_code).map_err(|error| StoreError::Invalid(format!("terminal code: {error}")))?;
        let name = self.store_name.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
            return Err(StoreError::Invalid(format!(
                "store name \"{name}\" is invalid: use 1 to {MAX_NAME_CHARS} characters"
            )));
        }
        time_zone(&self.time_zone)?;
        Ok(())
    }
}

impl Store {
    /// Reads the store's settings; fails with `NotFound` until they are saved.
    pub fn settings(&self) -> Result<StoreSettings, StoreError> {
        load(&self.conn)
    }

    /// Checks and saves the settings, and records the change in the audit log.
    pub fn save_settings(&mut self, settings: &StoreSettings) -> Result<(), StoreError> {
        settings.check()?;
        let now = self.now();
        let tx = self.write()?;
        let before = match load(&tx) {
            Ok(old) => Some(old),
            Err(StoreError::NotFound(_)) => None,
            Err(error) => return Err(error),
        };
        let values = [
            settings.store_code.clone(),
            settings.terminal_code.clone(),
            settings.store_name.trim().to_string(),
            to_json(&settings.store_address)?,
            settings.tax.rate.millionths().to_string(),
            to_json(&settings.tax.rounding)?,
            to_json(&settings.cash_rounding)?,
            settings.time_zone.clone(),
        ];
        {
            let mut statement = tx.prepare_cached(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?;
            for (key, value) in KEYS.iter().zip(values) {
                statement.execute(params![key, value])?;
            }
        }
        audit::record(
            &tx,
            now,
            NewAuditEntry {
                staff_id: None,
                approved_by: None,
                action: "settings_changed",
                subject: "store",
                detail: json!({ "before": before, "after": settings }),
            },
        )?;
        tx.commit()?;
        tracing::info!(store = %settings.store_code, terminal = %settings.terminal_code, "store settings saved");
        Ok(())
    }
}

/// Reads the settings through any connection or open transaction.
pub(crate) fn load(conn: &Connection) -> Result<StoreSettings, StoreError> {
    let mut statement = conn.prepare_cached("SELECT key, value FROM settings")?;
    let rows = statement.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))?;
    let mut values = HashMap::new();
    for row in rows {
        let (key, value) = row?;
        values.insert(key, value);
    }
    if !values.contains_key("store_code") {
        return Err(StoreError::NotFound(
            "the store settings are not set: save the store and terminal codes, tax and time zone first".to_string(),
        ));
    }
    let get = |key: &str| -> Result<&String, StoreError> {
        values
            .get(key)
            .ok_or_else(|| StoreError::Corrupt(format!("store setting \"{key}\" is missing")))
    };
    let rate_millionths: i64 = get("tax_rate_millionths")?
        .parse()
        .map_err(|_| StoreError::Corrupt("store setting \"tax_rate_millionths\" is not a number".to_string()))?;
    let rate = Percent::from_millionths(rate_millionths)
        .map_err(|error| StoreError::Corrupt(format!("store setting \"tax_rate_millionths\": {error}")))?;
    let rounding: TaxRounding = from_json("tax_rounding", get("tax_rounding")?)?;
    Ok(StoreSettings {
        store_code: get("store_code")?.clone(),
        terminal_code: get("terminal_code")?.clone(),
        store_name: get("store_name")?.clone(),
        store_address: from_json("store_address", get("store_address")?)?,
        tax: TaxSettings { rate, rounding },
        cash_rounding: from_json("cash_rounding", get("cash_rounding")?)?,
        time_zone: get("time_zone")?.clone(),
    })
}

fn to_json<T: Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|error| StoreError::Invalid(format!("setting cannot be written: {error}")))
}

fn from_json<T: for<'de> Deserialize<'de>>(key: &str, text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|error| StoreError::Corrupt(format!("store setting \"{key}\": {error}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn sample() -> StoreSettings {
        StoreSettings {
            store_code: "S01".to_string(),
            terminal_code: "T02".to_string(),
            store_name: "GigGatek Downtown".to_string(),
            store_address: vec!["12 Main St".to_string()],
            tax: TaxSettings {
                rate: Percent::from_millionths(82_500).unwrap(),
                rounding: TaxRounding::PerInvoice,
            },
            cash_rounding: CashRounding::Nickel,
            time_zone: "America/New_York".to_string(),
        }
    }

    #[test]
    fn settings_round_trip() {
        let mut store = Store::open_in_memory().unwrap();
        store.save_settings(&sample()).unwrap();
        assert_eq!(store.settings().unwrap(), sample());
    }

    #[test]
    fn settings_missing_is_not_found() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(store.settings().unwrap_err().kind(), ErrorKind::NotFound);
    }

    #[test]
    fn lowercase_code_is_invalid() {
        let mut store = Store::open_in_memory().unwrap();
        let settings = StoreSettings {
            terminal_code: "t02".to_string(),
            ..sample()
        };
        let error = store.save_settings(&settings).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Invalid);
        assert_eq!(
            error.to_string(),
            "terminal code: code \"t02\" is invalid: use 1 to 8 capital letters or digits"
        );
    }

    #[test]
    fn unknown_time_zone_is_invalid() {
        let mut store = Store::open_in_memory().unwrap();
        let settings = StoreSettings {
            time_zone: "Eastern".to_string(),
            ..sample()
        };
        assert_eq!(store.save_settings(&settings).unwrap_err().kind(), ErrorKind::Invalid);
        assert_eq!(store.settings().unwrap_err().kind(), ErrorKind::NotFound);
    }

    #[test]
    fn settings_change_is_audited() {
        let mut store = Store::open_in_memory().unwrap();
        store.save_settings(&sample()).unwrap();
        let changed = StoreSettings {
            store_name: "GigGatek Uptown".to_string(),
            ..sample()
        };
        store.save_settings(&changed).unwrap();
        let audit = store.audit_entries(1).unwrap();
        assert_eq!(audit[0].action, "settings_changed");
        assert_eq!(audit[0].detail["before"]["store_name"], "GigGatek Downtown");
        assert_eq!(audit[0].detail["after"]["store_name"], "GigGatek Uptown");
    }
}
