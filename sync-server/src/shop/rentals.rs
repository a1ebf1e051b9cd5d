//! A customer's rent-to-own account as the shop shows it: the stored
//! schedule and payments credited by the domain's rental ledger, and the
//! buyout price by the contract's policy, on today's date in the stores'
//! time zone.
//!
//! # Which contracts an account sees
//! A contract belongs to an account when the email the store recorded for
//! the contract's customer equals the account's email, both trimmed and
//! lowercased.
//!
//! NOTE: the shop does not verify account emails yet, so whoever registers
//! an account with a customer's address sees that customer's contracts.
//! Once accounts confirm their email by a mailed link, only confirmed
//! accounts should be matched.

use giggatek_domain::Money;
use giggatek_domain::rental::{BuyoutQuote, Installment, Ledger, Policy, ReceivedPayment, Term, quote_buyout};
use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::db::shop_rentals::{InstallmentRow, RentalContractRow, RentalPaymentRow};

/// A contract's ledger and buyout price on one date.
#[derive(Debug, Clone)]
pub struct RentalAccount {
    pub ledger: Ledger,
    pub policy: &'static Policy,
    /// `None` unless the contract is active, since only an active contract
    /// can be bought out.
    pub buyout: Option<BuyoutQuote>,
}

/// Normalizes an email for matching: trimmed and lowercased.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Returns today's date in `zone`.
pub fn today(zone: &TimeZone) -> Date {
    jiff::Timestamp::now().to_zoned_datetime(zone.clone()).date()
}

/// Computes the contract's account on `today`.
///
/// An active contract is read on `today`, or on its latest payment's date
/// when a terminal's business date is ahead of the server's. A closed
/// contract is read on its latest payment's date (or its start date), so
/// no fee accrues after it closed.
///
/// NOTE: the server keeps no close date, so a contract returned or charged
/// off after its last payment shows the installments due after that
/// payment as due, not overdue.
///
/// # Errors
/// A stored value the domain rejects (an unknown policy or term, a date,
/// or payments larger than the schedule): the rows are inconsistent.
pub fn compute_account(
    contract: &RentalContractRow,
    installments: &[InstallmentRow],
    payments: &[RentalPaymentRow],
    today: Date,
) -> anyhow::Result<RentalAccount> {
    let number = &contract.contract_number;
    let policy = Policy::find(&contract.policy_code).map_err(|error| anyhow::anyhow!("contract {number}: {error}"))?;
    let term = Term::parse(&contract.term).map_err(|error| anyhow::anyhow!("contract {number}: {error}"))?;
    let schedule = schedule(installments)?;

    let mut received = Vec::with_capacity(payments.len());
    let mut last_payment_date = civil_date(contract.start_date)?;
    for payment in payments {
        let business_date = civil_date(payment.business_date)?;
        last_payment_date = last_payment_date.max(business_date);
        // A buyout pays the price of ownership, not rent, so the ledger
        // credits rent and late-fee payments only, as the terminal does.
        if payment.kind == "payment" {
            received.push(ReceivedPayment {
                business_date,
                amount: Money::from_cents(payment.amount_cents),
            });
        }
    }

    let active = contract.status == "active";
    let as_of = if active {
        today.max(last_payment_date)
    } else {
        last_payment_date
    };
    let ledger = Ledger::compute(&schedule, term, &policy.late_fee, &received, as_of)
        .map_err(|error| anyhow::anyhow!("contract {number}: {error}"))?;

    let buyout = active.then(|| {
        let periodic = schedule.first().map(|first| first.amount).unwrap_or_default();
        quote_buyout(
            policy.buyout,
            Money::from_cents(contract.cash_price_cents),
            periodic,
            &ledger,
        )
    });
    Ok(RentalAccount { ledger, policy, buyout })
}

/// Converts stored installments into the domain's schedule.
pub(crate) fn schedule(installments: &[InstallmentRow]) -> anyhow::Result<Vec<Installment>> {
    installments
        .iter()
        .map(|row| {
            Ok(Installment {
                number: u32::try_from(row.number)?,
                due_date: civil_date(row.due_date)?,
                amount: Money::from_cents(row.amount_cents),
            })
        })
        .collect()
}

/// Converts a date read from SQL into the domain's civil date.
pub(crate) fn civil_date(date: time::Date) -> anyhow::Result<Date> {
    let month = i8::try_from(u8::from(date.month()))?;
    let day = i8::try_from(date.day())?;
    Ok(Date::new(i16::try_from(date.year())?, month, day)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_date_keeps_the_day() {
        let date = time::Date::from_calendar_date(2027, time::Month::February, 28).expect("valid date");
        assert_eq!(civil_date(date).expect("converted"), jiff::civil::date(2027, 2, 28));
    }

    #[test]
    fn normalize_email_trims_and_lowercases() {
        assert_eq!(normalize_email("  Zoë.Ilves@Example.COM "), "zoë.ilves@example.com");
    }
}
