//! How often a rent-to-own customer pays, and the due date of each payment.
//!
//! # Properties
//! - Every due date is computed from the contract date, never from the
//!   previous due date, so a date clamped to the end of a short month never
//!   becomes the anchor of the next one: a monthly contract signed on
//!   2027-01-31 is due 2027-02-28, then 2027-03-31.
//! - Adding months keeps the contract's day of the month, or the month's
//!   last day when the month is shorter (jiff's month arithmetic).
//! - Semi-monthly dates fall on two fixed days of every month, so each
//!   calendar month between the first and the last due date has exactly
//!   two of them: see [`Term::SemiMonthly`].
//! - Weekly and biweekly dates are whole calendar days apart, so they keep
//!   their weekday across daylight-saving changes: the domain has no clock
//!   and no time zone.

use jiff::Span;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::rental::RentalError;

/// The days between the two due days of a semi-monthly contract's month.
pub const SEMI_MONTHLY_OFFSET_DAYS: i8 = 15;

/// How often the customer pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Term {
    /// Every 7 days.
    Weekly,
    /// Every 14 days.
    Biweekly,
    /// Twice a month, on two fixed days of the month: the contract's day of
    /// the month and the day 15 days later when that is the 31st or
    /// earlier, or otherwise the day 15 days earlier and the contract's day.
    /// A day past the end of a shorter month falls on its last day. The
    /// first payment is due on the next of those days after signing:
    /// signed on the 15th, payments fall on the 15th and 30th (28th or 29th
    /// in February); signed on the 20th, on the 5th and 20th.
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
        let out_of_range = || {
            RentalError::Invalid(format!(
                "payment {number} of a {} contract signed {contract_date} falls outside the supported dates",
                self.as_str()
            ))
        };
        let count = i64::from(number);
        let span = match self {
            Term::Weekly => Span::new().try_days(7 * count),
            Term::Biweekly => Span::new().try_days(14 * count),
            Term::Monthly => Span::new().try_months(count),
            Term::SemiMonthly => return semi_monthly_due_date(contract_date, number).ok_or_else(out_of_range),
        };
        span.and_then(|span| contract_date.checked_add(span))
            .map_err(|_| out_of_range())
    }
}

/// Returns the due date of semi-monthly payment `number`, or `None` past
/// the supported dates. The two due days of the month (the earlier one
/// from 1 to 16, the later one 15 days after it) are fixed by the contract
/// date, and each date is counted in whole months from the contract's
/// month, so a day clamped to a short month's end never moves a later one.
fn semi_monthly_due_date(contract_date: Date, number: u32) -> Option<Date> {
    let signed_day = contract_date.day();
    let signed_on_later_day = signed_day > 31 - SEMI_MONTHLY_OFFSET_DAYS;
    let (early_day, late_day) = if signed_on_later_day {
        (signed_day - SEMI_MONTHLY_OFFSET_DAYS, signed_day)
    } else {
        (signed_day, signed_day + SEMI_MONTHLY_OFFSET_DAYS)
    };
    // Half-month slots counted from the contract month's early day (slot 0).
    // Signing falls on slot 0 or slot 1, and payment n is n slots later.
    let slot = i64::from(number) + i64::from(signed_on_later_day);
    let month_start = contract_date
        .first_of_month()
        .checked_add(Span::new().try_months(slot / 2).ok()?)
        .ok()?;
    let day = if slot % 2 == 0 { early_day } else { late_day };
    let day = day.min(month_start.days_in_month());
    month_start.with().day(day).build().ok()
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
            ["2027-02-16", "2027-02-28", "2027-03-16", "2027-03-31"]
        );
    }

    #[test]
    fn semi_monthly_keeps_february() {
        assert_eq!(
            due_dates(Term::SemiMonthly, date(2027, 1, 15), 6),
            [
                "2027-01-30",
                "2027-02-15",
                "2027-02-28",
                "2027-03-15",
                "2027-03-30",
                "2027-04-15"
            ]
        );
    }

    #[test]
    fn semi_monthly_after_sixteenth() {
        assert_eq!(
            due_dates(Term::SemiMonthly, date(2028, 1, 20), 4),
            ["2028-02-05", "2028-02-20", "2028-03-05", "2028-03-20"]
        );
        assert_eq!(
            due_dates(Term::SemiMonthly, date(2028, 1, 16), 3),
            ["2028-01-31", "2028-02-16", "2028-02-29"]
        );
    }

    #[test]
    fn term_parse_reads_names() {
        assert_eq!(Term::parse("monthly"), Ok(Term::Monthly));
        assert_eq!(Term::parse("Semi-Monthly"), Ok(Term::SemiMonthly));
        assert!(Term::parse("daily").is_err());
    }
}
