//! Amounts refunded when part of a sold line comes back.

use serde::{Deserialize, Serialize};

use crate::money::Money;
use crate::tender::{CashRounding, TenderKind, round_cash};

/// What a sold line was sold for, as recorded on the original sale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SoldLine {
    pub quantity: u32,
    pub net: Money,
    pub tax: Money,
}

/// Net and tax refunded for some units of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LineRefund {
    pub quantity: u32,
    pub net: Money,
    pub tax: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RefundError {
    #[error("cannot return {requested}: only {available} of this line remain unreturned")]
    MoreThanSold { requested: u32, available: u32 },
    #[error("a return needs a quantity of at least 1")]
    ZeroQuantity,
}

/// Works out the refund for `returning` more units when `already_returned`
/// units of the line came back before.
///
/// # Properties
/// The refund for units `r+1..=r+k` is `f(r+k) - f(r)` with
/// `f(n) = floor(amount * n / quantity)`, so any sequence of partial returns
/// of the whole line refunds exactly its net and tax, never a cent more.
pub fn refund_line(line: SoldLine, already_returned: u32, returning: u32) -> Result<LineRefund, RefundError> {
    if returning == 0 {
        return Err(RefundError::ZeroQuantity);
    }
    let available = line.quantity.saturating_sub(already_returned);
    if returning > available {
        return Err(RefundError::MoreThanSold {
            requested: returning,
            available,
        });
    }
    let share = |amount: Money, units: u32| -> Money {
        let exact = i128::from(amount.cents()) * i128::from(units);
        let cents = crate::rounding::div_floor(exact, i128::from(line.quantity));
        Money::from_cents(i64::try_from(cents).unwrap_or(0))
    };
    let after = already_returned + returning;
    Ok(LineRefund {
        quantity: returning,
        net: share(line.net, after) - share(line.net, already_returned),
        tax: share(line.tax, after) - share(line.tax, already_returned),
    })
}

/// What each original tender can still take back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RefundableTender {
    pub kind: TenderKind,
    pub refundable: Money,
}

/// Sends a refund back to the original tenders: cards first, in the order
/// they were taken, each up to what it can still take back, then cash.
///
/// The cash part is rounded per the store's `rounding` and never exceeds the
/// cash the sale's cash payments can still take back, so under nickel
/// rounding a customer gets back the rounded cash they paid, not the
/// unrounded total. The parts may therefore sum to up to 2 cents less or
/// more than `amount`; the difference is the refund's cash rounding.
pub fn refund_to_tenders(
    amount: Money,
    tenders: &[RefundableTender],
    rounding: CashRounding,
) -> Vec<(TenderKind, Money)> {
    let mut left = amount;
    let mut parts: Vec<(TenderKind, Money)> = Vec::new();
    for tender in tenders.iter().filter(|t| t.kind == TenderKind::Card) {
        let part = left.min(tender.refundable);
        if part.cents() > 0 {
            parts.push((TenderKind::Card, part));
            left = left - part;
        }
    }
    let cash_refundable: Money = tenders
        .iter()
        .filter(|t| t.kind == TenderKind::Cash)
        .map(|t| t.refundable)
        .sum();
    let cash = round_cash(left, rounding).min(cash_refundable);
    if cash.cents() > 0 {
        parts.push((TenderKind::Cash, cash));
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_returns_sum_to_line() {
        let line = SoldLine {
            quantity: 3,
            net: Money::from_cents(1000),
            tax: Money::from_cents(83),
        };
        let first = refund_line(line, 0, 1).unwrap();
        let second = refund_line(line, 1, 1).unwrap();
        let third = refund_line(line, 2, 1).unwrap();
        assert_eq!(
            (first.net.cents(), second.net.cents(), third.net.cents()),
            (333, 333, 334)
        );
        assert_eq!((first.tax.cents(), second.tax.cents(), third.tax.cents()), (27, 28, 28));
        assert_eq!(
            refund_line(line, 3, 1),
            Err(RefundError::MoreThanSold {
                requested: 1,
                available: 0
            })
        );
        assert_eq!(
            refund_line(line, 0, 4),
            Err(RefundError::MoreThanSold {
                requested: 4,
                available: 3
            })
        );
        assert_eq!(refund_line(line, 0, 0), Err(RefundError::ZeroQuantity));
    }

    #[test]
    fn refund_goes_to_card_before_cash() {
        let tenders = [
            RefundableTender {
                kind: TenderKind::Cash,
                refundable: Money::from_cents(1412),
            },
            RefundableTender {
                kind: TenderKind::Card,
                refundable: Money::from_cents(4000),
            },
        ];
        let parts = refund_to_tenders(Money::from_cents(5000), &tenders, CashRounding::None);
        assert_eq!(
            parts,
            vec![
                (TenderKind::Card, Money::from_cents(4000)),
                (TenderKind::Cash, Money::from_cents(1000))
            ]
        );
        assert_eq!(
            refund_to_tenders(Money::from_cents(300), &tenders, CashRounding::None),
            vec![(TenderKind::Card, Money::from_cents(300))]
        );
    }

    #[test]
    fn nickel_cash_refund_returns_rounded_cash_paid() {
        // A 21.61 sale paid with 21.60 in cash under nickel rounding.
        let tenders = [RefundableTender {
            kind: TenderKind::Cash,
            refundable: Money::from_cents(2160),
        }];
        assert_eq!(
            refund_to_tenders(Money::from_cents(2161), &tenders, CashRounding::Nickel),
            vec![(TenderKind::Cash, Money::from_cents(2160))]
        );
        // Part of it: 10.83 rounds to 10.85.
        assert_eq!(
            refund_to_tenders(Money::from_cents(1083), &tenders, CashRounding::Nickel),
            vec![(TenderKind::Cash, Money::from_cents(1085))]
        );
    }

    #[test]
    fn cash_refund_never_exceeds_cash_paid() {
        // A 0.01 sale paid with 0.00 in cash under nickel rounding.
        let tenders = [RefundableTender {
            kind: TenderKind::Cash,
            refundable: Money::ZERO,
        }];
        assert_eq!(
            refund_to_tenders(Money::from_cents(1), &tenders, CashRounding::Nickel),
            vec![]
        );
    }
}
