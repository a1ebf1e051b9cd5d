//! The figures a rental payment receipt shows, from the contract's schedule
//! and the rent received. Money received is credited to the installments
//! in due-date order, never by counting payments, so a partial payment or
//! an overpayment moves the next due date exactly as far as it covers.

use crate::db::rental_mail::{RentPaid, ScheduledAmount};

/// The figures a receipt shows besides the amount paid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptFigures {
    /// The installment the payment went to: the first one not fully paid
    /// before it, or the last one when all were.
    pub due_date: String,
    /// The total of payments less all rent received up to and including
    /// this payment; never below zero.
    pub remaining_cents: i64,
    /// The first installment not fully paid after this payment.
    pub next_due_date: Option<String>,
}

/// Computes the figures of the receipt of payment `payment_client_id`.
/// A buyout ends the contract, so nothing remains and nothing falls due.
/// Returns `None` when the payment is not among `payments` or the schedule
/// is empty.
pub fn receipt_figures(
    schedule: &[ScheduledAmount],
    payments: &[RentPaid],
    payment_client_id: &str,
    total_of_payments_cents: i64,
    is_buyout: bool,
) -> Option<ReceiptFigures> {
    let position = payments
        .iter()
        .position(|payment| payment.client_id == payment_client_id)?;
    let before: i64 = payments[..position].iter().map(|payment| payment.rent_cents).sum();
    let through = before + payments[position].rent_cents;
    let due_date = first_unpaid(schedule, before)
        .or_else(|| schedule.last())?
        .due_date
        .clone();
    if is_buyout {
        return Some(ReceiptFigures {
            due_date,
            remaining_cents: 0,
            next_due_date: None,
        });
    }
    Some(ReceiptFigures {
        due_date,
        remaining_cents: (total_of_payments_cents - through).max(0),
        next_due_date: first_unpaid(schedule, through).map(|installment| installment.due_date.clone()),
    })
}

/// Finds the first installment that `received` cents do not cover in full.
fn first_unpaid(schedule: &[ScheduledAmount], received: i64) -> Option<&ScheduledAmount> {
    let mut through = 0;
    schedule.iter().find(|installment| {
        through += installment.amount_cents;
        through > received
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schedule() -> Vec<ScheduledAmount> {
        [("2027-02-28", 33334), ("2027-03-31", 33333), ("2027-04-30", 33333)]
            .into_iter()
            .map(|(due_date, amount_cents)| ScheduledAmount {
                due_date: due_date.to_owned(),
                amount_cents,
            })
            .collect()
    }

    fn paid(amounts: &[(&str, i64)]) -> Vec<RentPaid> {
        amounts
            .iter()
            .map(|(client_id, rent_cents)| RentPaid {
                client_id: (*client_id).to_owned(),
                rent_cents: *rent_cents,
            })
            .collect()
    }

    #[test]
    fn full_payment_moves_next_due() {
        let figures = receipt_figures(&schedule(), &paid(&[("a", 33334)]), "a", 100_000, false).unwrap();
        assert_eq!(
            figures,
            ReceiptFigures {
                due_date: "2027-02-28".to_owned(),
                remaining_cents: 66_666,
                next_due_date: Some("2027-03-31".to_owned()),
            }
        );
    }

    #[test]
    fn partial_payment_leaves_the_installment_due() {
        let payments = paid(&[("a", 33334), ("b", 20000)]);
        let figures = receipt_figures(&schedule(), &payments, "b", 100_000, false).unwrap();
        assert_eq!(figures.due_date, "2027-03-31");
        assert_eq!(figures.remaining_cents, 46_666);
        assert_eq!(figures.next_due_date.as_deref(), Some("2027-03-31"));
    }

    #[test]
    fn overpayment_covers_later_installments() {
        let figures = receipt_figures(&schedule(), &paid(&[("a", 66667)]), "a", 100_000, false).unwrap();
        assert_eq!(figures.due_date, "2027-02-28");
        assert_eq!(figures.remaining_cents, 33_333);
        assert_eq!(figures.next_due_date.as_deref(), Some("2027-04-30"));
    }

    #[test]
    fn last_payment_leaves_nothing() {
        let payments = paid(&[("a", 33334), ("b", 33333), ("c", 33333)]);
        let figures = receipt_figures(&schedule(), &payments, "c", 100_000, false).unwrap();
        assert_eq!(figures.due_date, "2027-04-30");
        assert_eq!(figures.remaining_cents, 0);
        assert_eq!(figures.next_due_date, None);
    }

    #[test]
    fn buyout_ends_the_schedule() {
        let payments = paid(&[("a", 33334), ("b", 40000)]);
        let figures = receipt_figures(&schedule(), &payments, "b", 100_000, true).unwrap();
        assert_eq!(figures.due_date, "2027-03-31");
        assert_eq!(figures.remaining_cents, 0);
        assert_eq!(figures.next_due_date, None);
    }

    #[test]
    fn unknown_payment_or_empty_schedule_gives_none() {
        assert_eq!(
            receipt_figures(&schedule(), &paid(&[("a", 1)]), "z", 100_000, false),
            None
        );
        assert_eq!(receipt_figures(&[], &paid(&[("a", 1)]), "a", 100_000, false), None);
    }
}
