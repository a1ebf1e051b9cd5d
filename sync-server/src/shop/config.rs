//! The shop's settings, read from environment variables at start.
//!
//! | Variable | Meaning | Default |
//! | --- | --- | --- |
//! | `GIGGATEK_STRIPE_SECRET_KEY` | Stripe secret API key (`sk_live_...`/`sk_test_...`) | none: checkout returns 503 |
//! | `GIGGATEK_STRIPE_API_BASE` | Stripe API base URL, for localstripe in tests | `https://api.stripe.com/` |
//! | `GIGGATEK_STRIPE_WEBHOOK_SECRET` | The webhook endpoint's signing secret (`whsec_...`) | none: webhooks return 503 |
//! | `GIGGATEK_SHOP_ALLOWED_ORIGINS` | Comma-separated origins browsers may call the API from, such as `https://shop.example.com` | none: no cross-origin access |
//! | `GIGGATEK_SHOP_TAX_RATE` | Sales-tax rate in percent on tax-exclusive prices | `8.25` |
//! | `GIGGATEK_SHOP_TAX_ROUNDING` | `per_line` or `per_invoice` | `per_line` |
//! | `GIGGATEK_SHOP_RESERVATION_MINUTES` | How long checkout holds stock for an unpaid order | `30` |
//! | `GIGGATEK_SHOP_PUBLIC_URL` | The shop's public base URL, for the links in its mail | [`DEFAULT_PUBLIC_URL`] |
//! | `GIGGATEK_STORE_TIME_ZONE` | The stores' IANA time zone, such as `America/New_York`: rental due dates and buyout prices are for today's date there | `UTC` |

use std::fmt;

use giggatek_domain::{Percent, TaxRounding, TaxSettings};
use jiff::tz::TimeZone;

/// The shop's base URL when `GIGGATEK_SHOP_PUBLIC_URL` is not set: the
/// server's default listen address, which suits only a local trial.
pub const DEFAULT_PUBLIC_URL: &str = "http://127.0.0.1:8080";

/// A secret setting; its `Debug` output never shows the value.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

/// Everything the shop is configured with.
#[derive(Debug, Clone)]
pub struct ShopConfig {
    pub stripe_secret_key: Option<Secret>,
    pub stripe_api_base: Option<String>,
    pub webhook_secret: Option<Secret>,
    pub allowed_origins: Vec<String>,
    pub tax: TaxSettings,
    pub reservation_seconds: i64,
    /// The base of the reset and order links in the shop's mail, such as
    /// `https://shop.example.com`, without a trailing slash.
    pub public_url: String,
    /// The stores' time zone: what "today" is for rent-to-own accounts.
    pub time_zone: TimeZone,
}

impl Default for ShopConfig {
    fn default() -> ShopConfig {
        ShopConfig {
            stripe_secret_key: None,
            stripe_api_base: None,
            webhook_secret: None,
            allowed_origins: Vec::new(),
            tax: TaxSettings {
                rate: Percent::from_millionths(82_500).unwrap_or(Percent::ZERO),
                rounding: TaxRounding::PerLine,
            },
            reservation_seconds: 30 * 60,
            public_url: DEFAULT_PUBLIC_URL.to_owned(),
            time_zone: TimeZone::UTC,
        }
    }
}

impl ShopConfig {
    /// Reads the settings from the environment; an invalid value is an
    /// error naming the variable.
    pub fn from_env() -> anyhow::Result<ShopConfig> {
        let var = |name: &str| std::env::var(name).ok().filter(|value| !value.trim().is_empty());
        let mut config = ShopConfig {
            stripe_secret_key: var("GIGGATEK_STRIPE_SECRET_KEY").map(Secret::new),
            stripe_api_base: var("GIGGATEK_STRIPE_API_BASE"),
            webhook_secret: var("GIGGATEK_STRIPE_WEBHOOK_SECRET").map(Secret::new),
            allowed_origins: var("GIGGATEK_SHOP_ALLOWED_ORIGINS")
                .map(|list| parse_origins(&list))
                .transpose()?
                .unwrap_or_default(),
            ..ShopConfig::default()
        };
        if let Some(rate) = var("GIGGATEK_SHOP_TAX_RATE") {
            config.tax.rate =
                Percent::parse(&rate).map_err(|error| anyhow::anyhow!("GIGGATEK_SHOP_TAX_RATE is invalid: {error}"))?;
        }
        if let Some(rounding) = var("GIGGATEK_SHOP_TAX_ROUNDING") {
            config.tax.rounding = match rounding.as_str() {
                "per_line" => TaxRounding::PerLine,
                "per_invoice" => TaxRounding::PerInvoice,
                other => anyhow::bail!("GIGGATEK_SHOP_TAX_ROUNDING is invalid: {other:?}; use per_line or per_invoice"),
            };
        }
        if let Some(minutes) = var("GIGGATEK_SHOP_RESERVATION_MINUTES") {
            let minutes: i64 = minutes
                .parse()
                .ok()
                .filter(|minutes| (1..=7 * 24 * 60).contains(minutes))
                .ok_or_else(|| {
                    anyhow::anyhow!("GIGGATEK_SHOP_RESERVATION_MINUTES is invalid: use 1 to 10080 minutes")
                })?;
            config.reservation_seconds = minutes * 60;
        }
        if let Some(url) = var("GIGGATEK_SHOP_PUBLIC_URL") {
            config.public_url = parse_public_url(&url)?;
        }
        if let Some(name) = var("GIGGATEK_STORE_TIME_ZONE") {
            config.time_zone = parse_time_zone(&name)?;
        }
        Ok(config)
    }
}

/// Looks up an IANA time zone name such as `America/New_York`.
pub fn parse_time_zone(name: &str) -> anyhow::Result<TimeZone> {
    TimeZone::get(name.trim()).map_err(|error| {
        anyhow::anyhow!("GIGGATEK_STORE_TIME_ZONE is invalid: {name:?} is not an IANA time zone name ({error})")
    })
}

/// Checks a public base URL: `http://` or `https://` with a host, and no
/// query or fragment. A trailing slash is dropped.
pub fn parse_public_url(url: &str) -> anyhow::Result<String> {
    let url = url.trim().trim_end_matches('/');
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| anyhow::anyhow!("GIGGATEK_SHOP_PUBLIC_URL: {url:?} must start with https:// or http://"))?;
    if rest.is_empty() || rest.starts_with('/') || rest.contains(['?', '#']) || rest.contains(char::is_whitespace) {
        anyhow::bail!(
            "GIGGATEK_SHOP_PUBLIC_URL: {url:?} must be scheme://host[:port][/path], with no query or fragment"
        );
    }
    Ok(url.to_owned())
}

/// Splits a comma-separated origin list. Each origin must be exactly
/// `scheme://host[:port]`, because browsers send origins in that form and
/// the list is matched byte for byte.
pub fn parse_origins(list: &str) -> anyhow::Result<Vec<String>> {
    let mut origins = Vec::new();
    for origin in list.split(',').map(str::trim).filter(|origin| !origin.is_empty()) {
        let rest = origin
            .strip_prefix("https://")
            .or_else(|| origin.strip_prefix("http://"))
            .ok_or_else(|| {
                anyhow::anyhow!("GIGGATEK_SHOP_ALLOWED_ORIGINS: {origin:?} must start with https:// or http://")
            })?;
        if rest.is_empty() || rest.contains('/') || rest.contains('*') {
            anyhow::bail!(
                "GIGGATEK_SHOP_ALLOWED_ORIGINS: {origin:?} must be scheme://host[:port], with no path or wildcard"
            );
        }
        origins.push(origin.to_owned());
    }
    Ok(origins)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_parse_exactly() {
        let origins = parse_origins("https://shop.example.com, http://localhost:5173").expect("valid");
        assert_eq!(origins, vec!["https://shop.example.com", "http://localhost:5173"]);
        assert!(parse_origins("*").is_err());
        assert!(parse_origins("https://*.example.com").is_err());
        assert!(parse_origins("https://shop.example.com/").is_err());
        assert!(parse_origins("shop.example.com").is_err());
    }

    #[test]
    fn public_url_parses() {
        assert_eq!(
            parse_public_url(" https://shop.example.com/ ").expect("valid"),
            "https://shop.example.com"
        );
        assert_eq!(
            parse_public_url("http://127.0.0.1:8080/store").expect("valid"),
            "http://127.0.0.1:8080/store"
        );
        assert!(parse_public_url("shop.example.com").is_err());
        assert!(parse_public_url("https://").is_err());
        assert!(parse_public_url("https://shop.example.com/?a=1").is_err());
    }

    #[test]
    fn time_zone_parses() {
        let zone = parse_time_zone(" America/New_York ").expect("valid");
        assert_eq!(zone.iana_name(), Some("America/New_York"));
        let error = parse_time_zone("EST5EDT/Nowhere").expect_err("invalid");
        assert!(
            error.to_string().starts_with("GIGGATEK_STORE_TIME_ZONE is invalid"),
            "{error}"
        );
    }

    #[test]
    fn secret_debug_is_redacted() {
        assert_eq!(format!("{:?}", Secret::new("sk_test_123")), "Secret([redacted])");
    }
}
