//! Exact decimal percentages for tax rates and percent discounts.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Millionths in one whole: a rate of 8.25 % is 82,500 millionths.
pub const MILLIONTHS: i64 = 1_000_000;

/// A percentage held exactly as millionths of the whole, between 0 % and 100 %.
///
/// Up to four decimals of a percent are exact (7.0625 % is 70,625 millionths),
/// which covers every US sales-tax rate and any discount a clerk types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(try_from = "i64", into = "i64")]
pub struct Percent(i64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PercentError {
    #[error("\"{0}\" is not a percentage: use a number like 8.25 with at most four decimals")]
    Invalid(String),
    #[error("{0} % is outside 0 to 100 %")]
    OutOfRange(String),
}

impl Percent {
    pub const ZERO: Percent = Percent(0);
    pub const FULL: Percent = Percent(MILLIONTHS);

    /// Builds a percentage from millionths of the whole (82,500 is 8.25 %).
    pub fn from_millionths(millionths: i64) -> Result<Percent, PercentError> {
        if !(0..=MILLIONTHS).contains(&millionths) {
            return Err(PercentError::OutOfRange(Percent(millionths).to_string()));
        }
        Ok(Percent(millionths))
    }

    pub const fn millionths(self) -> i64 {
        self.0
    }

    /// Reads a percentage as a person writes it: `8.25`, `8.25%`, `10`.
    pub fn parse(text: &str) -> Result<Percent, PercentError> {
        let invalid = || PercentError::Invalid(text.to_string());
        let trimmed = text.trim();
        let number = trimmed.strip_suffix('%').unwrap_or(trimmed).trim();
        let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
        let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if (whole.is_empty() && fraction.is_empty()) || !all_digits(whole) || !all_digits(fraction) {
            return Err(invalid());
        }
        if fraction.len() > 4 || whole.len() > 3 {
            return Err(if fraction.len() > 4 {
                invalid()
            } else {
                PercentError::OutOfRange(number.to_string())
            });
        }
        let whole_value: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| invalid())?
        };
        let mut fraction_value: i64 = 0;
        let mut scale = 1000;
        for digit in fraction.chars() {
            let value = i64::from(digit.to_digit(10).ok_or_else(invalid)?);
            fraction_value += value * scale;
            scale /= 10;
        }
        // A percent is 10,000 millionths; four decimals of a percent are 1 millionth each.
        let millionths = whole_value * 10_000 + fraction_value;
        Percent::from_millionths(millionths).map_err(|_| PercentError::OutOfRange(number.to_string()))
    }
}

impl TryFrom<i64> for Percent {
    type Error = PercentError;

    fn try_from(millionths: i64) -> Result<Percent, PercentError> {
        Percent::from_millionths(millionths)
    }
}

impl From<Percent> for i64 {
    fn from(percent: Percent) -> i64 {
        percent.0
    }
}

impl fmt::Display for Percent {
    /// Formats as a percentage without trailing zeros: `8.25`, `10`, `7.0625`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.0 / 10_000;
        let fraction = self.0 % 10_000;
        if fraction == 0 {
            return write!(f, "{whole}");
        }
        let digits = format!("{:04}", fraction.abs());
        write!(f, "{whole}.{}", digits.trim_end_matches('0'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_reads_exact_rates() {
        assert_eq!(Percent::parse("8.25").map(Percent::millionths), Ok(82_500));
        assert_eq!(Percent::parse("8.25%").map(Percent::millionths), Ok(82_500));
        assert_eq!(Percent::parse("7.0625").map(Percent::millionths), Ok(70_625));
        assert_eq!(Percent::parse("100").map(Percent::millionths), Ok(1_000_000));
        assert_eq!(Percent::parse("0").map(Percent::millionths), Ok(0));
    }

    #[test]
    fn parse_rejects_bad_rates() {
        assert!(matches!(Percent::parse("100.01"), Err(PercentError::OutOfRange(_))));
        assert!(matches!(Percent::parse("1000"), Err(PercentError::OutOfRange(_))));
        assert!(matches!(Percent::parse("8.12345"), Err(PercentError::Invalid(_))));
        assert!(matches!(Percent::parse("-1"), Err(PercentError::Invalid(_))));
        assert!(matches!(Percent::parse("ten"), Err(PercentError::Invalid(_))));
    }

    #[test]
    fn display_drops_trailing_zeros() {
        assert_eq!(Percent(82_500).to_string(), "8.25");
        assert_eq!(Percent(100_000).to_string(), "10");
        assert_eq!(Percent(70_625).to_string(), "7.0625");
    }
}
