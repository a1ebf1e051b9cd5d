//! The X report (mid-shift) and the Z report (at close), from one function.

use serde::{Deserialize, Serialize};

use crate::money::Money;

/// Everything that moved through a shift, as totals per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ShiftActivity {
    pub opening_float: Money,
    pub sale_count: u32,
    pub return_count: u32,
    /// Cash kept from sales: cash tendered less change given.
    pub cash_sales: Money,
    pub card_sales: Money,
    pub cash_refunds: Money,
    pub card_refunds: Money,
    pub paid_in: Money,
    pub paid_out: Money,
    pub tax_collected: Money,
    pub tax_refunded: Money,
    pub no_sale_count: u32,
}

/// Expected and counted money for one tender, with the difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TenderLine {
    pub expected: Money,
    pub counted: Option<Money>,
    /// Counted less expected: positive is over, negative is short.
    pub over_short: Option<Money>,
}

/// What the manager counted at the end of the shift.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ShiftCount {
    pub cash: Money,
    /// The card terminal's batch total, when the manager typed it.
    pub card: Option<Money>,
}

/// An X report (no count yet) or a Z report (with the closing count).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ShiftReport {
    pub activity: ShiftActivity,
    /// Sales less refunds, all tenders.
    pub net_sales: Money,
    pub cash: TenderLine,
    pub card: TenderLine,
}

/// Builds the shift report. Without a count it is the X report; with the
/// closing count it is the Z report, with over/short per tender.
pub fn shift_report(activity: ShiftActivity, count: Option<ShiftCount>) -> ShiftReport {
    let expected_cash =
        activity.opening_float + activity.cash_sales + activity.paid_in - activity.cash_refunds - activity.paid_out;
    let expected_card = activity.card_sales - activity.card_refunds;
    let line = |expected: Money, counted: Option<Money>| TenderLine {
        expected,
        counted,
        over_short: counted.map(|c| c - expected),
    };
    ShiftReport {
        activity,
        net_sales: activity.cash_sales + activity.card_sales - activity.cash_refunds - activity.card_refunds,
        cash: line(expected_cash, count.map(|c| c.cash)),
        card: line(expected_card, count.and_then(|c| c.card)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn z_report_shows_over_and_short() {
        let activity = ShiftActivity {
            opening_float: Money::from_cents(20_000),
            cash_sales: Money::from_cents(5_161),
            card_sales: Money::from_cents(5_412),
            cash_refunds: Money::from_cents(1_000),
            paid_in: Money::from_cents(500),
            paid_out: Money::from_cents(1_250),
            ..ShiftActivity::default()
        };
        let x = shift_report(activity, None);
        assert_eq!(x.cash.expected, Money::from_cents(23_411));
        assert_eq!(x.cash.over_short, None);
        let count = ShiftCount {
            cash: Money::from_cents(23_400),
            card: Some(Money::from_cents(5_412)),
        };
        let z = shift_report(activity, Some(count));
        assert_eq!(z.cash.over_short, Some(Money::from_cents(-11)));
        assert_eq!(z.card.over_short, Some(Money::ZERO));
        assert_eq!(z.net_sales, Money::from_cents(9_573));
    }
}
