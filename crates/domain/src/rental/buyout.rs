//! The early-purchase (buyout) price: what the customer pays today to own
//! the property at once.
//!
//! # Properties
//! - Each formula works on exact fractions of a cent and rounds once,
//!   half-up, at the end.
//! - The rent part is never negative and never above the rent still unpaid,
//!   so a quote never exceeds what remains to be paid.
//! - Money received never raises a quote on the same day: every formula
//!   falls or stays as rent paid rises, and late fees owed only fall.
//!
//! Worked example: cash price 1,200.00, 52 weekly payments of 45.00, 20 paid
//! on time. Pro rata: 1,200.00 x 1,440.00 / 2,340.00 = 738.46. 55 % of the
//! unpaid 1,440.00 = 792.00. Cash price less 50 % of the 900.00 paid = 750.00.

use serde::Serialize;

use crate::money::Money;
use crate::rate::MILLIONTHS;
use crate::rental::ledger::Ledger;
use crate::rental::policy::BuyoutFormula;
use crate::rounding::div_round_half_up;

/// A buyout price on the ledger's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BuyoutQuote {
    pub formula: BuyoutFormula,
    /// The price of the property by the formula, including rent past due.
    pub rent_part: Money,
    pub late_fees_owed: Money,
    /// What the customer pays today to own the property.
    pub total: Money,
    /// True when the formula already gives the property to the customer
    /// with nothing more to pay for it.
    pub ownership_passes: bool,
}

/// Quotes the buyout price by `formula` for a contract with `cash_price`
/// and first payment `periodic_payment`, on the ledger's date.
pub fn quote_buyout(
    formula: BuyoutFormula,
    cash_price: Money,
    periodic_payment: Money,
    ledger: &Ledger,
) -> BuyoutQuote {
    let unpaid = ledger.rent_remaining.max(Money::ZERO);
    let rent_part = if unpaid.is_zero() {
        Money::ZERO
    } else {
        formula_price(formula, cash_price, periodic_payment, ledger)
            .max(Money::ZERO)
            .min(unpaid)
    };
    let ownership_passes = rent_part.is_zero();
    BuyoutQuote {
        formula,
        rent_part,
        late_fees_owed: ledger.late_fees_owed,
        total: rent_part + ledger.late_fees_owed,
        ownership_passes,
    }
}

fn formula_price(formula: BuyoutFormula, cash_price: Money, periodic_payment: Money, ledger: &Ledger) -> Money {
    let cash = i128::from(cash_price.cents());
    let whole = i128::from(MILLIONTHS);
    match formula {
        BuyoutFormula::ProRata { minimum_one_payment } => {
            let total = i128::from(ledger.total_of_payments.cents());
            let not_yet_due = i128::from((ledger.rent_remaining - ledger.rent_past_due).max(Money::ZERO).cents());
            let past_due = i128::from(ledger.rent_past_due.cents());
            let price = div_round_half_up(cash * not_yet_due + past_due * total, total);
            let price = cents(price);
            if minimum_one_payment {
                price.max(periodic_payment)
            } else {
                price
            }
        }
        BuyoutFormula::ShareOfUnpaid { share_millionths } => {
            let unpaid = i128::from(ledger.rent_remaining.cents());
            cents(div_round_half_up(unpaid * i128::from(share_millionths), whole))
        }
        BuyoutFormula::CashLessShareOfPaid { share_millionths } => {
            let paid = i128::from(ledger.rent_paid.cents());
            let exact = cash * whole - paid * i128::from(share_millionths);
            if exact <= 0 {
                Money::ZERO
            } else {
                cents(div_round_half_up(exact, whole))
            }
        }
    }
}

fn cents(value: i128) -> Money {
    Money::from_cents(i64::try_from(value).unwrap_or(i64::MAX))
}
