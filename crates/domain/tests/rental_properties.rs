//! Property tests: buyout quotes stay between zero and what remains to be
//! paid, and never rise as money is received.

#![allow(clippy::unwrap_used, reason = "a test fails loudly on any unexpected error")]

use giggatek_domain::Money;
use giggatek_domain::rental::{BuyoutFormula, Ledger, Policy, ReceivedPayment, Term, build_schedule, quote_buyout};
use jiff::Span;
use jiff::civil::date;
use proptest::prelude::*;

fn formula(index: usize) -> BuyoutFormula {
    match index {
        0 => BuyoutFormula::ProRata {
            minimum_one_payment: true,
        },
        1 => BuyoutFormula::ProRata {
            minimum_one_payment: false,
        },
        2 => BuyoutFormula::ShareOfUnpaid {
            share_millionths: 550_000,
        },
        _ => BuyoutFormula::CashLessShareOfPaid {
            share_millionths: 500_000,
        },
    }
}

prop_compose! {
    fn contract()(
        cash in 100_i64..500_000,
        markup in 1_000_000_i64..2_400_000,
        count in 1_u32..80,
        term in 0_usize..4,
    ) -> (Money, Money, u32, Term) {
        let total = cash * markup / 1_000_000;
        (Money::from_cents(cash), Money::from_cents(total.max(cash)), count, Term::ALL.get(term).copied().unwrap_or(Term::Weekly))
    }
}

proptest! {
    #[test]
    fn quote_stays_within_bounds(
        (cash, total, count, term) in contract(),
        payments in proptest::collection::vec((0_i64..60, 1_i64..20_000), 0..20),
        days in 0_i64..1000,
        formula_index in 0_usize..4,
    ) {
        let signed = date(2027, 1, 4);
        let schedule = build_schedule(signed, term, count, total).unwrap();
        let rule = Policy::default_policy().late_fee;
        let as_of = signed.checked_add(Span::new().days(days)).unwrap();
        let mut received = Vec::new();
        let mut day = 0;
        for (gap, amount) in payments {
            day += gap;
            if day > days {
                break;
            }
            let candidate = ReceivedPayment {
                business_date: signed.checked_add(Span::new().days(day)).unwrap(),
                amount: Money::from_cents(amount),
            };
            received.push(candidate);
            if Ledger::compute(&schedule, term, &rule, &received, as_of).is_err() {
                received.pop();
            }
        }
        let book = Ledger::compute(&schedule, term, &rule, &received, as_of).unwrap();
        let periodic = schedule[0].amount;
        let quote = quote_buyout(formula(formula_index), cash, periodic, &book);
        prop_assert!(!quote.total.is_negative());
        prop_assert!(quote.total <= book.remaining_to_own);
        prop_assert_eq!(book.rent_paid + book.rent_remaining, total);
        let split_sum: Money = book.splits.iter().map(|s| s.rent + s.late_fee).sum();
        let received_sum: Money = received.iter().map(|p| p.amount).sum();
        prop_assert_eq!(split_sum, received_sum);
    }

    #[test]
    fn quote_never_rises_with_money(
        (cash, total, count, term) in contract(),
        first in 1_i64..50_000,
        extra in 1_i64..50_000,
        first_day in 0_i64..400,
        extra_gap in 0_i64..400,
        check_gap in 0_i64..400,
        formula_index in 0_usize..4,
    ) {
        let signed = date(2027, 1, 4);
        let schedule = build_schedule(signed, term, count, total).unwrap();
        let rule = Policy::default_policy().late_fee;
        let first_payment = ReceivedPayment {
            business_date: signed.checked_add(Span::new().days(first_day)).unwrap(),
            amount: Money::from_cents(first.min(total.cents())),
        };
        let extra_payment = ReceivedPayment {
            business_date: signed.checked_add(Span::new().days(first_day + extra_gap)).unwrap(),
            amount: Money::from_cents(extra),
        };
        let as_of = signed.checked_add(Span::new().days(first_day + extra_gap + check_gap)).unwrap();
        let Ok(before) = Ledger::compute(&schedule, term, &rule, &[first_payment], as_of) else {
            return Ok(());
        };
        let Ok(after) = Ledger::compute(&schedule, term, &rule, &[first_payment, extra_payment], as_of) else {
            return Ok(());
        };
        let periodic = schedule[0].amount;
        let quote_before = quote_buyout(formula(formula_index), cash, periodic, &before);
        let quote_after = quote_buyout(formula(formula_index), cash, periodic, &after);
        prop_assert!(quote_after.total <= quote_before.total, "{:?} then {:?}", quote_before, quote_after);
    }
}
