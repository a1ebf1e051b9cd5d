//! Money as a whole number of minor units (cents).

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Sub};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The largest amount the store accepts anywhere: $10,000,000.00.
///
/// Every amount entering the domain is checked against it, so that sums of a
/// cart's lines and products with quantities up to [`MAX_QUANTITY`] stay far
/// inside `i64` and the arithmetic below cannot overflow.
///
/// [`MAX_QUANTITY`]: crate::cart::MAX_QUANTITY
pub const MAX_AMOUNT_CENTS: i64 = 1_000_000_000;

/// An amount of US dollars in cents.
///
/// Amounts cross every boundary (JSON, SQL, the UI) as this integer; there is
/// no floating point anywhere in a money path. A `Money` may be negative only
/// where a signed adjustment is meant (cash rounding, over/short); lines, taxes
/// and totals are checked to be non-negative where they are built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(transparent)]
pub struct Money(i64);

/// Failures to read an amount typed by a person or found in a file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("\"{0}\" is not an amount: use digits with at most two decimals, like 19.99")]
    Invalid(String),
    #[error("{0} is more than the largest amount allowed (10,000,000.00)")]
    TooLarge(String),
    #[error("{0} is negative: amounts here must be zero or more")]
    Negative(String),
}

impl Money {
    pub const ZERO: Money = Money(0);

    /// Wraps a count of cents.
    pub const fn from_cents(cents: i64) -> Money {
        Money(cents)
    }

    /// Reads a count of cents from an outside source (JSON, SQL), rejecting
    /// negatives and amounts above [`MAX_AMOUNT_CENTS`].
    pub fn from_cents_checked(cents: i64) -> Result<Money, MoneyError> {
        if cents < 0 {
            return Err(MoneyError::Negative(cents.to_string()));
        }
        if cents > MAX_AMOUNT_CENTS {
            return Err(MoneyError::TooLarge(Money(cents).to_string()));
        }
        Ok(Money(cents))
    }

    pub const fn cents(self) -> i64 {
        self.0
    }

    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// Multiplies by a quantity; the bounds on amounts and quantities keep the
    /// product inside `i64`, and the arithmetic saturates rather than wraps.
    pub fn times(self, quantity: u32) -> Money {
        Money(self.0.saturating_mul(i64::from(quantity)))
    }

    pub fn min(self, other: Money) -> Money {
        Money(self.0.min(other.0))
    }

    pub fn max(self, other: Money) -> Money {
        Money(self.0.max(other.0))
    }

    /// Formats with thousands separators and no currency sign: `1,299.00`.
    pub fn grouped(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let dollars = (abs / 100).to_string();
        let mut grouped = String::with_capacity(dollars.len() + dollars.len() / 3);
        for (index, digit) in dollars.chars().enumerate() {
            if index > 0 && (dollars.len() - index).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(digit);
        }
        format!("{sign}{grouped}.{:02}", abs % 100)
    }

    /// Reads a decimal string such as `19.99`, `19.9`, `19`, `1,299.00` or
    /// `$5`; rejects negatives, more than two decimals and anything else.
    pub fn parse(text: &str) -> Result<Money, MoneyError> {
        let invalid = || MoneyError::Invalid(text.to_string());
        let trimmed = text.trim();
        if trimmed.starts_with('-') {
            return Err(MoneyError::Negative(trimmed.to_string()));
        }
        let unsigned = trimmed.strip_prefix('$').unwrap_or(trimmed);
        let plain: String = unsigned.chars().filter(|c| *c != ',').collect();
        if unsigned.contains(',') && !thousands_well_placed(unsigned) {
            return Err(invalid());
        }
        let (whole, fraction) = match plain.split_once('.') {
            // "400." and "." leave the reader unsure what was meant.
            Some((_, "")) => return Err(invalid()),
            Some((whole, fraction)) => (whole, fraction),
            None => (plain.as_str(), ""),
        };
        if whole.is_empty() && fraction.is_empty() {
            return Err(invalid());
        }
        let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if !all_digits(whole) || !all_digits(fraction) || fraction.len() > 2 {
            return Err(invalid());
        }
        if whole.len() > 12 {
            return Err(MoneyError::TooLarge(trimmed.to_string()));
        }
        let dollars: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| invalid())?
        };
        let mut cents: i64 = if fraction.is_empty() {
            0
        } else {
            fraction.parse().map_err(|_| invalid())?
        };
        if fraction.len() == 1 {
            cents *= 10;
        }
        let total = dollars.saturating_mul(100).saturating_add(cents);
        if total > MAX_AMOUNT_CENTS {
            return Err(MoneyError::TooLarge(trimmed.to_string()));
        }
        Ok(Money(total))
    }
}

/// Checks that commas in `1,299.00` separate groups of three digits.
fn thousands_well_placed(text: &str) -> bool {
    let whole = text.split('.').next().unwrap_or("");
    let mut groups = whole.split(',');
    let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
    first_ok && groups.all(|g| g.len() == 3)
}

impl fmt::Display for Money {
    /// Formats as `19.99` (no grouping, no currency sign).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl FromStr for Money {
    type Err = MoneyError;

    fn from_str(text: &str) -> Result<Money, MoneyError> {
        Money::parse(text)
    }
}

impl Add for Money {
    type Output = Money;

    fn add(self, other: Money) -> Money {
        Money(self.0.saturating_add(other.0))
    }
}

impl Sub for Money {
    type Output = Money;

    fn sub(self, other: Money) -> Money {
        Money(self.0.saturating_sub(other.0))
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        iter.copied().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_store_formats() {
        assert_eq!(Money::parse("19.99"), Ok(Money(1999)));
        assert_eq!(Money::parse("19.9"), Ok(Money(1990)));
        assert_eq!(Money::parse("19"), Ok(Money(1900)));
        assert_eq!(Money::parse(".5"), Ok(Money(50)));
        assert_eq!(Money::parse("$1,299.00"), Ok(Money(129_900)));
        assert_eq!(Money::parse(" 451.5 "), Ok(Money(45150)));
    }

    #[test]
    fn parse_is_exact_where_floats_lose_a_cent() {
        // 19.99 * 100 in binary floating point truncates to 1998.
        assert_eq!(Money::parse("19.99"), Ok(Money(1999)));
        assert_eq!(Money::parse("8.29"), Ok(Money(829)));
        assert_eq!(Money::parse("4.56"), Ok(Money(456)));
    }

    #[test]
    fn parse_rejects_bad_amounts() {
        assert!(matches!(Money::parse("1.999"), Err(MoneyError::Invalid(_))));
        assert!(matches!(Money::parse("abc"), Err(MoneyError::Invalid(_))));
        assert!(matches!(Money::parse(""), Err(MoneyError::Invalid(_))));
        assert!(matches!(Money::parse("."), Err(MoneyError::Invalid(_))));
        assert!(matches!(Money::parse("400."), Err(MoneyError::Invalid(_))));
        assert!(matches!(Money::parse("1e3"), Err(MoneyError::Invalid(_))));
        assert!(matches!(Money::parse("12,34.00"), Err(MoneyError::Invalid(_))));
        assert!(matches!(Money::parse("-5.00"), Err(MoneyError::Negative(_))));
        assert!(matches!(Money::parse("10000000.01"), Err(MoneyError::TooLarge(_))));
        assert!(matches!(
            Money::parse("99999999999999999999"),
            Err(MoneyError::TooLarge(_))
        ));
    }

    #[test]
    fn display_and_grouped_formats() {
        assert_eq!(Money(129_900).to_string(), "1299.00");
        assert_eq!(Money(129_900).grouped(), "1,299.00");
        assert_eq!(Money(5).to_string(), "0.05");
        assert_eq!(Money(-205).to_string(), "-2.05");
        assert_eq!(Money(100_000_000).grouped(), "1,000,000.00");
        assert_eq!(Money(99_999).grouped(), "999.99");
    }

    #[test]
    fn json_is_integer_cents() {
        assert_eq!(serde_json::to_string(&Money(1999)).ok(), Some("1999".to_string()));
        let parsed: Result<Money, _> = serde_json::from_str("19.99");
        assert!(parsed.is_err(), "a JSON float must not become money");
    }
}
