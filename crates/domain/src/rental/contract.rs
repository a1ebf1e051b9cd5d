//! A rent-to-own contract's terms as the manager enters them, their checks
//! against the store's policy, and the disclosures printed from them.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::money::{MAX_AMOUNT_CENTS, Money};
use crate::rate::MILLIONTHS;
use crate::rental::RentalError;
use crate::rental::policy::{Policy, percent_text};
use crate::rental::schedule::{Installment, build_schedule};
use crate::rental::term::Term;

/// The most payments one contract may have: five years of weekly payments.
pub const MAX_PAYMENTS: u32 = 260;

/// What a manager enters for a new contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ContractTerms {
    /// The store-local date of signing; the first payment is due one period
    /// later.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub contract_date: Date,
    pub term: Term,
    pub payment_count: u32,
    /// The price of the property in a cash sale.
    pub cash_price: Money,
    /// The rent the customer pays to own the property, all payments together.
    pub total_of_payments: Money,
    /// One-time delivery charge, due at signing.
    pub delivery_fee: Money,
    /// One-time damage waiver charge, due at signing; optional.
    pub damage_waiver: Money,
    /// Refundable security deposit, due at signing.
    pub deposit: Money,
}

/// The figures a rent-to-own agreement discloses, computed once from the
/// terms so the screen, the CLI and the PDF print the same values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Disclosures {
    pub term: Term,
    pub payment_count: u32,
    pub cash_price: Money,
    /// The first payment's amount. Later payments are this amount or one
    /// cent less (see [`crate::rental::schedule`]).
    pub periodic_payment: Money,
    pub total_of_payments: Money,
    /// Total of payments less the cash price.
    pub cost_of_lease_services: Money,
    pub delivery_fee: Money,
    pub damage_waiver: Money,
    pub deposit: Money,
    /// Everything due at signing: delivery fee, damage waiver and deposit.
    pub initial_payment: Money,
    pub schedule: Vec<Installment>,
}

impl ContractTerms {
    /// Returns the terms for `payment_count` equal payments of `periodic_payment`.
    pub fn total_from_periodic(periodic_payment: Money, payment_count: u32) -> Result<Money, RentalError> {
        let total = periodic_payment.times(payment_count);
        if total.cents() > MAX_AMOUNT_CENTS {
            return Err(RentalError::Invalid(format!(
                "{payment_count} payments of {periodic_payment} come to more than the largest amount allowed"
            )));
        }
        Ok(total)
    }

    /// Checks the terms against `policy`, naming the first value that is wrong.
    pub fn check(&self, policy: &Policy) -> Result<(), RentalError> {
        let amounts = [
            ("cash price", self.cash_price),
            ("total of payments", self.total_of_payments),
            ("delivery fee", self.delivery_fee),
            ("damage waiver", self.damage_waiver),
            ("deposit", self.deposit),
        ];
        for (label, amount) in amounts {
            if amount.is_negative() || amount.cents() > MAX_AMOUNT_CENTS {
                return Err(RentalError::Invalid(format!(
                    "the {label} {amount} is invalid: use 0.00 to 10,000,000.00"
                )));
            }
        }
        if self.cash_price.is_zero() {
            return Err(RentalError::Invalid(
                "the cash price is missing: enter the price of the property in a cash sale".to_string(),
            ));
        }
        if self.payment_count == 0 || self.payment_count > MAX_PAYMENTS {
            return Err(RentalError::Invalid(format!(
                "{} payments is invalid: use 1 to {MAX_PAYMENTS}",
                self.payment_count
            )));
        }
        if self.total_of_payments < self.cash_price {
            return Err(RentalError::Invalid(format!(
                "the total of payments {} is below the cash price {}: raise the payments or sell the property instead",
                self.total_of_payments, self.cash_price
            )));
        }
        let max_total = i128::from(self.cash_price.cents()) * i128::from(policy.max_total_share_millionths);
        if i128::from(self.total_of_payments.cents()) * i128::from(MILLIONTHS) > max_total {
            return Err(RentalError::Invalid(format!(
                "the total of payments {} is above the {} policy's cap of {} % of the cash price {}",
                self.total_of_payments,
                policy.name,
                percent_text(policy.max_total_share_millionths),
                self.cash_price
            )));
        }
        Ok(())
    }

    /// Builds the payment schedule.
    pub fn schedule(&self) -> Result<Vec<Installment>, RentalError> {
        build_schedule(
            self.contract_date,
            self.term,
            self.payment_count,
            self.total_of_payments,
        )
    }

    /// Checks the terms and computes every disclosed figure.
    pub fn disclosures(&self, policy: &Policy) -> Result<Disclosures, RentalError> {
        self.check(policy)?;
        Ok(self.disclose(self.schedule()?))
    }

    /// Computes the disclosed figures around a schedule already built, such
    /// as the one stored when the contract was signed.
    pub fn disclose(&self, schedule: Vec<Installment>) -> Disclosures {
        let periodic_payment = schedule.first().map(|i| i.amount).unwrap_or_default();
        Disclosures {
            term: self.term,
            payment_count: self.payment_count,
            cash_price: self.cash_price,
            periodic_payment,
            total_of_payments: self.total_of_payments,
            cost_of_lease_services: self.total_of_payments - self.cash_price,
            delivery_fee: self.delivery_fee,
            damage_waiver: self.damage_waiver,
            deposit: self.deposit,
            initial_payment: self.delivery_fee + self.damage_waiver + self.deposit,
            schedule,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn terms(cash: i64, total: i64, count: u32) -> ContractTerms {
        ContractTerms {
            contract_date: date(2027, 1, 4),
            term: Term::Weekly,
            payment_count: count,
            cash_price: Money::from_cents(cash),
            total_of_payments: Money::from_cents(total),
            delivery_fee: Money::from_cents(2500),
            damage_waiver: Money::ZERO,
            deposit: Money::from_cents(12_000),
        }
    }

    #[test]
    fn disclosures_of_weekly_contract() {
        let disclosures = terms(120_000, 234_000, 52)
            .disclosures(Policy::default_policy())
            .unwrap();
        assert_eq!(disclosures.periodic_payment, Money::from_cents(4500));
        assert_eq!(disclosures.total_of_payments, Money::from_cents(234_000));
        assert_eq!(disclosures.cost_of_lease_services, Money::from_cents(114_000));
        assert_eq!(disclosures.initial_payment, Money::from_cents(14_500));
        assert_eq!(disclosures.schedule.len(), 52);
    }

    #[test]
    fn total_from_periodic_multiplies() {
        assert_eq!(
            ContractTerms::total_from_periodic(Money::from_cents(4500), 52),
            Ok(Money::from_cents(234_000))
        );
    }

    #[test]
    fn check_rejects_total_below_cash_price() {
        let error = terms(120_000, 119_999, 52).check(Policy::default_policy()).unwrap_err();
        assert!(error.to_string().contains("below the cash price"), "{error}");
    }

    #[test]
    fn check_applies_price_cap() {
        // 240 % of 1,000.00 is 2,400.00: one cent more is over the cap.
        assert!(terms(100_000, 240_000, 52).check(Policy::default_policy()).is_ok());
        let error = terms(100_000, 240_001, 52).check(Policy::default_policy()).unwrap_err();
        assert!(error.to_string().contains("cap of 240 %"), "{error}");
    }

    #[test]
    fn check_rejects_missing_cash_price() {
        assert!(terms(0, 1000, 4).check(Policy::default_policy()).is_err());
    }
}
