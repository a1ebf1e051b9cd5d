//! Line and cart discounts.

use serde::{Deserialize, Serialize};

use crate::money::Money;
use crate::rate::{MILLIONTHS, Percent};
use crate::rounding::div_round_half_up;

/// A discount a clerk gives on one line or on the whole cart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Discount {
    /// A share of the amount, rounded half-up to the cent.
    Percent(Percent),
    /// A fixed amount off; never more than the amount it applies to.
    Amount(Money),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiscountError {
    #[error("a discount of {requested} is more than the {base} it applies to; the largest allowed is {base}")]
    TooLarge { requested: Money, base: Money },
}

impl Discount {
    /// Computes the amount taken off `base`, rejecting a fixed amount larger
    /// than `base` so that no line or total can go negative.
    pub fn amount_off(self, base: Money) -> Result<Money, DiscountError> {
        match self {
            Discount::Percent(percent) => {
                let exact = i128::from(base.cents()) * i128::from(percent.millionths());
                let cents = div_round_half_up(exact, i128::from(MILLIONTHS));
                Ok(Money::from_cents(i64::try_from(cents).unwrap_or(0)).min(base))
            }
            Discount::Amount(amount) if amount > base => Err(DiscountError::TooLarge {
                requested: amount,
                base,
            }),
            Discount::Amount(amount) => Ok(amount.max(Money::ZERO)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_discount_above_price_is_rejected() {
        let result = Discount::Amount(Money::from_cents(2000)).amount_off(Money::from_cents(1500));
        assert_eq!(
            result,
            Err(DiscountError::TooLarge {
                requested: Money::from_cents(2000),
                base: Money::from_cents(1500)
            })
        );
    }

    #[test]
    fn fixed_discount_equal_to_price_is_allowed() {
        let result = Discount::Amount(Money::from_cents(1500)).amount_off(Money::from_cents(1500));
        assert_eq!(result, Ok(Money::from_cents(1500)));
    }

    #[test]
    fn percent_discount_rounds_half_up() {
        let ten = Discount::Percent(Percent::parse("10").unwrap());
        assert_eq!(ten.amount_off(Money::from_cents(1995)), Ok(Money::from_cents(200)));
        let full = Discount::Percent(Percent::FULL).amount_off(Money::from_cents(1234));
        assert_eq!(full, Ok(Money::from_cents(1234)));
    }
}
