//! The per-day late fee of a short-term rental returned after its due date.
//!
//! Days late are whole store-local calendar days between the due date and
//! the return date: an item due by the end of 2026-07-30 and returned at
//! 23:59 that day is on time, and returned at any hour of 2026-07-31 it is
//! one day late. Elapsed seconds never enter the count, so the store turns
//! the return instant into its local date before calling in.

use jiff::civil::Date;
use serde::Serialize;

use crate::money::Money;

/// A per-day late fee, with the rate and the total kept as separate figures
/// for the receipt and the customer's ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DailyLateFee {
    pub rate_per_day: Money,
    pub days_late: u32,
    pub total: Money,
}

/// Computes the late fee at `rate_per_day` for an item due by the end of
/// `due_date` and returned on `returned_on`.
pub fn daily_late_fee(rate_per_day: Money, due_date: Date, returned_on: Date) -> DailyLateFee {
    let days = due_date
        .until(returned_on)
        .map(|span| i64::from(span.get_days()))
        .unwrap_or(0)
        .max(0);
    let days_late = u32::try_from(days).unwrap_or(u32::MAX);
    DailyLateFee {
        rate_per_day,
        days_late,
        total: rate_per_day.max(Money::ZERO).times(days_late),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn one_day_late_is_one_rate() {
        let fee = daily_late_fee(Money::from_cents(3500), date(2026, 7, 30), date(2026, 7, 31));
        assert_eq!(fee.days_late, 1);
        assert_eq!(fee.total, Money::from_cents(3500));
        assert_eq!(fee.rate_per_day, Money::from_cents(3500));
    }

    #[test]
    fn return_on_due_date_is_free() {
        let fee = daily_late_fee(Money::from_cents(3500), date(2026, 7, 30), date(2026, 7, 30));
        assert_eq!(fee.days_late, 0);
        assert_eq!(fee.total, Money::ZERO);
    }

    #[test]
    fn early_return_is_free() {
        let fee = daily_late_fee(Money::from_cents(3500), date(2026, 7, 30), date(2026, 7, 2));
        assert_eq!(fee.total, Money::ZERO);
    }

    #[test]
    fn days_cross_month_end() {
        let fee = daily_late_fee(Money::from_cents(3500), date(2026, 7, 30), date(2026, 8, 2));
        assert_eq!(fee.days_late, 3);
        assert_eq!(fee.total, Money::from_cents(10_500));
    }
}
