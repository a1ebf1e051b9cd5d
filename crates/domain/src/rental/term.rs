//! How often a rent-to-own customer pays, and the due date of each payment.
//!
//! # Properties
//! - Every due date is computed from the contract date, never from the
//!   previous due date, so a date clamped to the end of a short month never
//!   becomes the anchor of the next one: a monthly contract signed on
//!   2027-01-31 is due 2027-02-28, then 2027-03-31.
//! - Adding months keeps the contract's day of the month, or the month's
//!   last day when the month is shorter (jiff's month arithmetic).
//! - Weekly and biweekly dates are whole calendar days apart, so they keep
//!   their weekday across daylight-saving changes: the domain has no clock
//!   and no time zone.

use jiff::Span;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::rental::RentalError;

/// The days after the whole-month date that a semi-monthly contract's odd
/// payments fall on.
pub const SEMI_MONTHLY_OFFSET_DAYS: i64 = 15;

/// How often the customer pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Term {
    /// Every 7 days.
    Weekly,
    /// Every 14 days.
    Biweekly,
    /// Twice a month: payment 2k falls k months after the contract date, and
    /// payment 2k + 1 falls 15 days after payment 2k's date (or after the
    /// contract date for the first payment).
    SemiMonthly,
    /// Once a month, on the contract's day of the month or the month's last
    /// day.
    Monthly,
}

impl Term {
    pub const ALL: [Term; 4] = [Term::Weekly, Term::Biweekly, Term::SemiMonthly, Term::Monthly];

    /// Returns the snake-case name used in SQL, JSON and the CLI.
    pub const fn as_str(self) -> &'static str {
        match self {
            Term::Weekly => "weekly",
            Term::Biweekly => "biweekly",
            Term::SemiMonthly => "semi_monthly",
            Term::Monthly => "monthly",
        }
    }

    /// Returns the word printed on the agreement: `weekly`, `every two weeks`.
    pub const fn describe(self) -> &'static str {
        match self {
            Term::Weekly => "weekly",
            Term::Biweekly => "every two weeks",
            Term::SemiMonthly => "twice a month",
            Term::Monthly => "monthly",
        }
    }

    /// Reads a term name as [`Term::as_str`] writes it; `semi-monthly` is
    /// accepted too.
    pub fn parse(text: &str) -> Result<Term, RentalError> {
        let normalized = text.trim().to_ascii_lowercase().replace('-', "_");
        Term::ALL
            .into_iter()
            .find(|term| term.as_str() == normalized)
            .ok_or_else(|| {
                RentalError::Invalid(format!(
                    "\"{text}\" is not a payment term: use weekly, biweekly, semi_monthly or monthly"
                ))
            })
    }

    /// Returns the due date of payment `number` (1 for the first payment),
    /// counted from `contract_date`: the first payment is due one period
    /// after signing.
    pub fn due_date(self, contract_date: Date, number: u32) -> Result<Date, RentalError> {
        let number = i64::from(number);
        let span = match self {
            Term::Weekly => Span::new().try_days(7 * number),
            Term::Biweekly => Span::new().try_days(14 * number),
            Term::Monthly => Span::new().try_months(number),
            Term::SemiMonthly => Span::new().try_months(number / 2),
        };
        let out_of_range = || {
            RentalError::Invalid(format!(
                "payment {number} of a {} contract signed {contract_date} falls outside the supported dates",
                self.as_str()
            ))
        };
        let mut date = span
            .and_then(|span| contract_date.checked_add(span))
            .map_err(|_| out_of_range())?;
        if self == Term::SemiMonthly && number % 2 == 1 {
            date = date
                .checked_add(Span::new().days(SEMI_MONTHLY_OFFSET_DAYS))
                .map_err(|_| out_of_range())?;
        }
        Ok(date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn due_dates(term: Term, signed: Date, count: u32) -> Vec<String> {
        (1..=count)
            .map(|n| term.due_date(signed, n).map(|d| d.to_string()).unwrap_or_default())
            .collect()
    }

    #[test]
    fn monthly_schedule_keeps_month_end() {
        assert_eq!(
            due_dates(Term::Monthly, date(2027, 1, 31), 6),
            [
                "2027-02-28",
                "2027-03-31",
                "2027-04-30",
                "2027-05-31",
                "2027-06-30",
                "2027-07-31"
            ]
        );
    }

    #[test]
    fn monthly_schedule_in_leap_year() {
        assert_eq!(
            due_dates(Term::Monthly, date(2028, 1, 31), 2),
            ["2028-02-29", "2028-03-31"]
        );
    }

    #[test]
    fn weekly_thursdays_stay_thursdays() {
        let dates = due_dates(Term::Weekly, date(2026, 10, 22), 22);
        assert_eq!(dates.first().map(String::as_str), Some("2026-10-29"));
        assert_eq!(dates.get(1).map(String::as_str), Some("2026-11-05"));
        assert!(dates.contains(&"2027-03-11".to_string()));
        assert!(dates.contains(&"2027-03-18".to_string()));
        for n in 1..=22 {
            let due = Term::Weekly.due_date(date(2026, 10, 22), n);
            assert_eq!(due.map(|d| d.weekday()), Ok(jiff::civil::Weekday::Thursday));
        }
    }

    #[test]
    fn biweekly_is_fourteen_days() {
        assert_eq!(
            due_dates(Term::Biweekly, date(2026, 12, 31), 2),
            ["2027-01-14", "2027-01-28"]
        );
    }

    #[test]
    fn semi_monthly_from_month_end() {
        assert_eq!(
            due_dates(Term::SemiMonthly, date(2027, 1, 31), 4),
            ["2027-02-15", "2027-02-28", "2027-03-15", "2027-03-31"]
        );
    }

    #[test]
    fn term_parse_reads_names() {
        assert_eq!(Term::parse("monthly"), Ok(Term::Monthly));
        assert_eq!(Term::parse("Semi-Monthly"), Ok(Term::SemiMonthly));
        assert!(Term::parse("daily").is_err());
    }
}
