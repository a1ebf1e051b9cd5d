//! A contract's payment schedule: one due date and amount per payment.
//!
//! # Properties
//! - The amounts sum exactly to the total of payments.
//! - The total is split evenly and the remainder cents go one each to the
//!   earliest payments ([`split_evenly`]): $1,000.00 over 3 payments is
//!   333.34, 333.33, 333.33, and $1,249.99 over 52 is 43 payments of 24.04
//!   followed by 9 of 24.03.
//! - Due dates follow [`Term::due_date`], each counted from the contract
//!   date. A semi-monthly schedule has two due dates in every calendar
//!   month between its first and last due date.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::allocation::split_evenly;
use crate::money::Money;
use crate::rental::RentalError;
use crate::rental::contract::MAX_PAYMENTS;
use crate::rental::term::Term;

/// One scheduled payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Installment {
    /// 1 for the first payment.
    pub number: u32,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub due_date: Date,
    pub amount: Money,
}

/// Builds the schedule of `count` payments totalling `total_of_payments`,
/// the first due one period after `contract_date`.
pub fn build_schedule(
    contract_date: Date,
    term: Term,
    count: u32,
    total_of_payments: Money,
) -> Result<Vec<Installment>, RentalError> {
    if count == 0 || count > MAX_PAYMENTS {
        return Err(RentalError::Invalid(format!(
            "{count} payments is invalid: use 1 to {MAX_PAYMENTS}"
        )));
    }
    if total_of_payments.is_negative() {
        return Err(RentalError::Invalid(format!(
            "the total of payments {total_of_payments} is negative"
        )));
    }
    let amounts = split_evenly(total_of_payments, usize::try_from(count).unwrap_or(0));
    let mut installments = Vec::with_capacity(amounts.len());
    for (number, amount) in (1..=count).zip(amounts) {
        installments.push(Installment {
            number,
            due_date: term.due_date(contract_date, number)?,
            amount,
        });
    }
    Ok(installments)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn amounts(schedule: &[Installment]) -> Vec<i64> {
        schedule.iter().map(|i| i.amount.cents()).collect()
    }

    #[test]
    fn schedule_puts_extra_cents_first() {
        let schedule = build_schedule(date(2027, 1, 31), Term::Monthly, 3, Money::from_cents(100_000));
        assert_eq!(schedule.as_deref().map(amounts), Ok(vec![33_334, 33_333, 33_333]));
    }

    #[test]
    fn weekly_schedule_of_1249_99() {
        let schedule =
            build_schedule(date(2027, 1, 4), Term::Weekly, 52, Money::from_cents(124_999)).unwrap_or_default();
        let cents = amounts(&schedule);
        assert_eq!(cents.len(), 52);
        assert_eq!(cents.iter().take(43).filter(|c| **c == 2404).count(), 43);
        assert_eq!(cents.iter().skip(43).filter(|c| **c == 2403).count(), 9);
        assert_eq!(cents.iter().sum::<i64>(), 124_999);
    }

    #[test]
    fn schedule_rejects_bad_counts() {
        assert!(build_schedule(date(2027, 1, 1), Term::Weekly, 0, Money::from_cents(100)).is_err());
        assert!(build_schedule(date(2027, 1, 1), Term::Weekly, MAX_PAYMENTS + 1, Money::from_cents(100)).is_err());
    }

    proptest! {
        #[test]
        fn schedule_sums_to_total(
            total in 0_i64..1_000_000_000,
            count in 1_u32..=MAX_PAYMENTS,
            term_index in 0_usize..4,
            day_offset in 0_i64..3650,
        ) {
            let term = Term::ALL[term_index];
            let signed = date(2026, 1, 1).checked_add(jiff::Span::new().days(day_offset)).unwrap_or(date(2026, 1, 1));
            let schedule = build_schedule(signed, term, count, Money::from_cents(total)).unwrap_or_default();
            prop_assert_eq!(schedule.len(), usize::try_from(count).unwrap_or(0));
            prop_assert_eq!(schedule.iter().map(|i| i.amount.cents()).sum::<i64>(), total);
            let max = schedule.iter().map(|i| i.amount.cents()).max().unwrap_or(0);
            let min = schedule.iter().map(|i| i.amount.cents()).min().unwrap_or(0);
            prop_assert!(max - min <= 1);
            prop_assert!(schedule.windows(2).all(|w| w[0].due_date < w[1].due_date));
        }

        #[test]
        fn semi_monthly_two_per_month(
            count in 1_u32..=MAX_PAYMENTS,
            day_offset in 0_i64..3650,
        ) {
            let signed = date(2026, 1, 1).checked_add(jiff::Span::new().days(day_offset)).unwrap_or(date(2026, 1, 1));
            let schedule = build_schedule(signed, Term::SemiMonthly, count, Money::from_cents(100_000)).unwrap_or_default();
            let dates: Vec<Date> = schedule.iter().map(|i| i.due_date).collect();
            prop_assert_eq!(dates.len(), usize::try_from(count).unwrap_or(0));
            prop_assert!(dates.first().is_some_and(|first| *first > signed));
            prop_assert!(dates.windows(2).all(|w| w[0] < w[1]));
            let months: Vec<Date> = dates.iter().map(|d| d.first_of_month()).collect();
            let first_month = months.first().copied().unwrap_or(signed);
            let last_month = months.last().copied().unwrap_or(signed);
            for month in &months {
                let in_month = months.iter().filter(|m| *m == month).count();
                if *month == first_month || *month == last_month {
                    prop_assert!((1..=2).contains(&in_month), "{} has {} due dates: {:?}", month, in_month, dates);
                } else {
                    prop_assert_eq!(in_month, 2, "{} in {:?}", month, dates);
                }
            }
            let month_count = months.iter().collect::<std::collections::BTreeSet<_>>().len();
            let spanned = (last_month.year() - first_month.year()) * 12
                + i16::from(last_month.month() - first_month.month())
                + 1;
            prop_assert_eq!(i16::try_from(month_count).unwrap_or(0), spanned, "a month is skipped: {:?}", dates);
        }
    }
}
