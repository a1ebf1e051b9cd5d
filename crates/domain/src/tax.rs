//! Sales-tax settings and the tax on a set of line amounts.

use serde::{Deserialize, Serialize};

use crate::allocation::allocate;
use crate::money::Money;
use crate::rate::{MILLIONTHS, Percent};
use crate::rounding::div_round_half_up;

/// Where tax is rounded to the cent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TaxRounding {
    /// Each line's tax is rounded, and the invoice tax is their sum.
    PerLine,
    /// The tax on the invoice's taxable total is rounded once, then shared
    /// over the lines (for refunds) by [`allocate`].
    PerInvoice,
}

/// A store's sales-tax setting, applied to tax-exclusive prices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TaxSettings {
    pub rate: Percent,
    pub rounding: TaxRounding,
}

impl TaxSettings {
    /// Computes the tax on one amount: carried to the third decimal of a dollar and
    /// rounded half-up, as the Streamlined Sales Tax rules require.
    pub fn tax_on(self, amount: Money) -> Money {
        let exact = i128::from(amount.cents().max(0)) * i128::from(self.rate.millionths());
        let cents = div_round_half_up(exact, i128::from(MILLIONTHS));
        Money::from_cents(i64::try_from(cents).unwrap_or(0))
    }

    /// Computes the tax of each line; `taxable` amounts of zero carry no tax.
    ///
    /// # Properties
    /// - Per line: each part is `tax_on(line)`.
    /// - Per invoice: the parts sum to `tax_on(sum of lines)`, shared in
    ///   proportion to the line amounts.
    pub fn line_taxes(self, taxable: &[Money]) -> Vec<Money> {
        match self.rounding {
            TaxRounding::PerLine => taxable.iter().map(|amount| self.tax_on(*amount)).collect(),
            TaxRounding::PerInvoice => {
                let total: Money = taxable.iter().sum();
                let weights: Vec<i64> = taxable.iter().map(|m| m.cents()).collect();
                allocate(self.tax_on(total), &weights)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(rounding: TaxRounding) -> TaxSettings {
        TaxSettings {
            rate: Percent::from_millionths(82_500).unwrap(),
            rounding,
        }
    }

    fn cents(parts: &[Money]) -> Vec<i64> {
        parts.iter().map(|m| m.cents()).collect()
    }

    #[test]
    fn tax_per_line_rounds_each_line() {
        let lines = [Money::from_cents(99); 3];
        let taxes = settings(TaxRounding::PerLine).line_taxes(&lines);
        assert_eq!(cents(&taxes), vec![8, 8, 8]);
        assert_eq!(taxes.iter().sum::<Money>(), Money::from_cents(24));
    }

    #[test]
    fn tax_per_invoice_rounds_once() {
        let lines = [Money::from_cents(99); 3];
        let taxes = settings(TaxRounding::PerInvoice).line_taxes(&lines);
        assert_eq!(taxes.iter().sum::<Money>(), Money::from_cents(25));
        assert_eq!(cents(&taxes), vec![9, 8, 8]);
    }

    #[test]
    fn tax_rounds_half_up_at_the_cent() {
        let rate = Percent::from_millionths(72_500).unwrap();
        let tax = TaxSettings {
            rate,
            rounding: TaxRounding::PerLine,
        }
        .tax_on(Money::from_cents(200));
        assert_eq!(tax, Money::from_cents(15));
    }
}
