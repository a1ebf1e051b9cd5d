//! What a customer has paid and owes on a contract: rent credited by money
//! received, late fees, and each payment's standing on a given day.
//!
//! # Rules
//! - Money is credited by amount, never by counting payments: a partial
//!   payment pays part of the oldest unpaid installment, an overpayment pays
//!   ahead.
//! - Each payment goes first to rent already due on its date (oldest first),
//!   then to late fees owed, then to rent not yet due. A payment larger than
//!   everything still owed is rejected.
//! - An installment is paid on time when the rent credited by the end of its
//!   grace period covers it and every installment before it. A payment made
//!   on a day counts for that whole store-local day.
//! - An installment not covered by then gets one late fee, assessed the day
//!   after the grace period: the lesser of the policy's share of the
//!   scheduled amount (rounded half-up) and its cap. A missed installment
//!   never gets a second fee.
//! - An installment is past due from the day after its due date until it is
//!   covered.

use jiff::Span;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::money::Money;
use crate::rate::MILLIONTHS;
use crate::rental::RentalError;
use crate::rental::policy::LateFeeRule;
use crate::rental::schedule::Installment;
use crate::rental::term::Term;
use crate::rounding::div_round_half_up;

/// Money received against a contract on a store-local business date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceivedPayment {
    pub business_date: Date,
    pub amount: Money,
}

/// How one received payment was credited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PaymentSplit {
    pub rent: Money,
    pub late_fee: Money,
}

/// A late fee charged for one missed installment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LateFee {
    pub installment: u32,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub assessed_on: Date,
    pub amount: Money,
}

/// One scheduled payment and how much of it is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InstallmentStatus {
    pub number: u32,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub due_date: Date,
    pub amount: Money,
    pub paid: Money,
    /// The date the installment became fully paid.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub paid_on: Option<Date>,
    /// True when it is unpaid after its due date.
    pub past_due: bool,
    /// The late fee charged for it, zero when none.
    pub late_fee: Money,
}

/// Whether the customer is up to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Nothing past due and no fee owed.
    Current,
    /// Rent past due or a late fee unpaid.
    PastDue,
    /// Every installment is paid.
    PaidInFull,
}

/// A contract's account on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Ledger {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub as_of: Date,
    pub total_of_payments: Money,
    pub rent_paid: Money,
    /// Total of payments less the rent paid.
    pub rent_remaining: Money,
    /// Rent whose due date has passed and that is not yet paid.
    pub rent_past_due: Money,
    pub late_fees_charged: Money,
    pub late_fees_paid: Money,
    pub late_fees_owed: Money,
    /// What the customer still pays to own the property by paying every
    /// installment: rent remaining plus late fees owed.
    pub remaining_to_own: Money,
    pub standing: Standing,
    pub installments: Vec<InstallmentStatus>,
    pub late_fees: Vec<LateFee>,
    /// How each received payment was credited, in the order given.
    pub splits: Vec<PaymentSplit>,
}

impl Ledger {
    /// Credits `payments` against `schedule` and charges late fees by
    /// `rule`, as of the store-local date `as_of`.
    ///
    /// # Errors
    /// `Invalid` for a payment of zero, a payment dated after `as_of`, or a
    /// payment larger than everything owed on its date.
    pub fn compute(
        schedule: &[Installment],
        term: Term,
        rule: &LateFeeRule,
        payments: &[ReceivedPayment],
        as_of: Date,
    ) -> Result<Ledger, RentalError> {
        let mut book = Book::new(schedule, term, rule);
        let mut splits = Vec::with_capacity(payments.len());
        let mut previous_date: Option<Date> = None;
        for payment in payments {
            if payment.amount.cents() <= 0 {
                return Err(RentalError::Invalid(format!(
                    "a payment of {} is invalid: take an amount above 0.00",
                    payment.amount
                )));
            }
            if payment.business_date > as_of || previous_date.is_some_and(|date| payment.business_date < date) {
                return Err(RentalError::Invalid(format!(
                    "the payment dated {} is out of order: payments must be in date order and not after {as_of}",
                    payment.business_date
                )));
            }
            previous_date = Some(payment.business_date);
            splits.push(book.receive(*payment)?);
        }
        book.charge_fees_before(as_of);
        Ok(book.finish(as_of, splits))
    }
}

/// The running account while payments are credited in date order.
struct Book<'a> {
    schedule: &'a [Installment],
    rule: &'a LateFeeRule,
    grace: Span,
    total: Money,
    rent: Money,
    fees_paid: Money,
    late_fees: Vec<LateFee>,
    paid_on: Vec<Option<Date>>,
    /// Installments before this index have had their late-fee check.
    checked: usize,
}

impl<'a> Book<'a> {
    fn new(schedule: &'a [Installment], term: Term, rule: &'a LateFeeRule) -> Book<'a> {
        Book {
            schedule,
            rule,
            grace: Span::new().days(i64::from(rule.grace_days(term))),
            total: schedule.iter().map(|i| i.amount).sum(),
            rent: Money::ZERO,
            fees_paid: Money::ZERO,
            late_fees: Vec::new(),
            paid_on: vec![None; schedule.len()],
            checked: 0,
        }
    }

    /// The rent due on or before `date`, all installments together.
    fn due_through(&self, date: Date) -> Money {
        self.schedule
            .iter()
            .filter(|i| i.due_date <= date)
            .map(|i| i.amount)
            .sum()
    }

    fn fees_charged(&self) -> Money {
        self.late_fees.iter().map(|fee| fee.amount).sum()
    }

    /// Charges a late fee for every installment whose grace period ended
    /// before `date` while it was not yet covered.
    fn charge_fees_before(&mut self, date: Date) {
        while let Some(installment) = self.schedule.get(self.checked) {
            let last_grace_day = installment.due_date.saturating_add(self.grace);
            if last_grace_day >= date {
                break;
            }
            let covered = self.paid_on.get(self.checked).is_some_and(Option::is_some);
            if !covered {
                self.late_fees.push(LateFee {
                    installment: installment.number,
                    assessed_on: last_grace_day.saturating_add(Span::new().days(1)),
                    amount: late_fee(installment.amount, self.rule),
                });
            }
            self.checked += 1;
        }
    }

    fn receive(&mut self, payment: ReceivedPayment) -> Result<PaymentSplit, RentalError> {
        self.charge_fees_before(payment.business_date);
        let mut rest = payment.amount;
        let rent_due_now = (self.due_through(payment.business_date) - self.rent).max(Money::ZERO);
        let rent_now = rest.min(rent_due_now);
        rest = rest - rent_now;
        let fees_owed = self.fees_charged() - self.fees_paid;
        let fee = rest.min(fees_owed);
        rest = rest - fee;
        let rent_ahead = rest.min(self.total - self.rent - rent_now);
        rest = rest - rent_ahead;
        if !rest.is_zero() {
            let owed = payment.amount - rest;
            return Err(RentalError::Invalid(format!(
                "the payment of {} is more than the {} still owed: take at most {owed}",
                payment.amount, owed
            )));
        }
        self.rent = self.rent + rent_now + rent_ahead;
        self.fees_paid = self.fees_paid + fee;
        self.mark_paid(payment.business_date);
        Ok(PaymentSplit {
            rent: rent_now + rent_ahead,
            late_fee: fee,
        })
    }

    /// Records `date` as the paid date of installments the rent now covers.
    fn mark_paid(&mut self, date: Date) {
        let mut cumulative = Money::ZERO;
        for (installment, paid_on) in self.schedule.iter().zip(self.paid_on.iter_mut()) {
            cumulative = cumulative + installment.amount;
            if cumulative > self.rent {
                break;
            }
            if paid_on.is_none() {
                *paid_on = Some(date);
            }
        }
    }

    fn finish(self, as_of: Date, splits: Vec<PaymentSplit>) -> Ledger {
        let mut left = self.rent;
        let mut installments = Vec::with_capacity(self.schedule.len());
        for (installment, paid_on) in self.schedule.iter().zip(&self.paid_on) {
            let paid = left.min(installment.amount);
            left = left - paid;
            let late_fee = self
                .late_fees
                .iter()
                .filter(|fee| fee.installment == installment.number)
                .map(|fee| fee.amount)
                .sum();
            installments.push(InstallmentStatus {
                number: installment.number,
                due_date: installment.due_date,
                amount: installment.amount,
                paid,
                paid_on: *paid_on,
                past_due: paid_on.is_none() && installment.due_date < as_of,
                late_fee,
            });
        }
        let due_before = self
            .schedule
            .iter()
            .filter(|i| i.due_date < as_of)
            .map(|i| i.amount)
            .sum::<Money>();
        let rent_past_due = (due_before - self.rent).max(Money::ZERO);
        let late_fees_charged = self.fees_charged();
        let late_fees_owed = late_fees_charged - self.fees_paid;
        let rent_remaining = self.total - self.rent;
        let standing = if rent_remaining.is_zero() {
            Standing::PaidInFull
        } else if rent_past_due.is_zero() && late_fees_owed.is_zero() {
            Standing::Current
        } else {
            Standing::PastDue
        };
        Ledger {
            as_of,
            total_of_payments: self.total,
            rent_paid: self.rent,
            rent_remaining,
            rent_past_due,
            late_fees_charged,
            late_fees_paid: self.fees_paid,
            late_fees_owed,
            remaining_to_own: rent_remaining + late_fees_owed,
            standing,
            installments,
            late_fees: self.late_fees,
            splits,
        }
    }
}

/// The late fee for one missed installment of `amount` under `rule`.
pub fn late_fee(amount: Money, rule: &LateFeeRule) -> Money {
    let share = div_round_half_up(
        i128::from(amount.cents()) * i128::from(rule.share_millionths),
        i128::from(MILLIONTHS),
    );
    Money::from_cents(i64::try_from(share).unwrap_or(i64::MAX)).min(rule.cap)
}
