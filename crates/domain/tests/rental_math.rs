//! Golden values for rent-to-own schedules, payments, late fees and buyout
//! prices.

#![allow(clippy::unwrap_used, reason = "a test fails loudly on any unexpected error")]

use giggatek_domain::Money;
use giggatek_domain::rental::{
    BuyoutFormula, ContractTerms, Installment, Ledger, Policy, ReceivedPayment, Standing, Term, build_schedule,
    quote_buyout,
};
use jiff::civil::{Date, date};

fn cents(value: i64) -> Money {
    Money::from_cents(value)
}

fn weekly_1200_contract() -> (Vec<Installment>, ContractTerms) {
    let terms = ContractTerms {
        contract_date: date(2027, 1, 4),
        term: Term::Weekly,
        payment_count: 52,
        cash_price: cents(120_000),
        total_of_payments: cents(234_000),
        delivery_fee: Money::ZERO,
        damage_waiver: Money::ZERO,
        deposit: Money::ZERO,
    };
    (terms.schedule().unwrap(), terms)
}

fn pay_on_due_dates(schedule: &[Installment], count: usize) -> Vec<ReceivedPayment> {
    schedule
        .iter()
        .take(count)
        .map(|i| ReceivedPayment {
            business_date: i.due_date,
            amount: i.amount,
        })
        .collect()
}

fn ledger(schedule: &[Installment], term: Term, payments: &[ReceivedPayment], as_of: Date) -> Ledger {
    Ledger::compute(schedule, term, &Policy::default_policy().late_fee, payments, as_of).unwrap()
}

#[test]
fn thousand_over_three_payments() {
    let schedule = build_schedule(date(2027, 1, 31), Term::Monthly, 3, cents(100_000)).unwrap();
    let amounts: Vec<i64> = schedule.iter().map(|i| i.amount.cents()).collect();
    assert_eq!(amounts, [33_334, 33_333, 33_333]);
}

#[test]
fn weekly_1249_99_over_52() {
    let schedule = build_schedule(date(2027, 1, 4), Term::Weekly, 52, cents(124_999)).unwrap();
    let amounts: Vec<i64> = schedule.iter().map(|i| i.amount.cents()).collect();
    assert_eq!(amounts[..43], [2404; 43]);
    assert_eq!(amounts[43..], [2403; 9]);
    assert_eq!(amounts.iter().sum::<i64>(), 124_999);
}

#[test]
fn monthly_dates_from_january_31() {
    let schedule = build_schedule(date(2027, 1, 31), Term::Monthly, 6, cents(60_000)).unwrap();
    let dates: Vec<Date> = schedule.iter().map(|i| i.due_date).collect();
    assert_eq!(
        dates,
        [
            date(2027, 2, 28),
            date(2027, 3, 31),
            date(2027, 4, 30),
            date(2027, 5, 31),
            date(2027, 6, 30),
            date(2027, 7, 31)
        ]
    );
}

#[test]
fn monthly_dates_in_leap_year() {
    let schedule = build_schedule(date(2028, 1, 31), Term::Monthly, 2, cents(20_000)).unwrap();
    let dates: Vec<Date> = schedule.iter().map(|i| i.due_date).collect();
    assert_eq!(dates, [date(2028, 2, 29), date(2028, 3, 31)]);
}

#[test]
fn weekly_thursdays_across_dst() {
    // Signed Thursday 2026-10-22 in New York: DST ends 2026-11-01 and
    // starts 2027-03-14, and the due dates stay Thursdays.
    let schedule = build_schedule(date(2026, 10, 22), Term::Weekly, 22, cents(220_000)).unwrap();
    let dates: Vec<Date> = schedule.iter().map(|i| i.due_date).collect();
    assert_eq!(dates[0], date(2026, 10, 29));
    assert_eq!(dates[1], date(2026, 11, 5));
    assert_eq!(dates[19], date(2027, 3, 11));
    assert_eq!(dates[20], date(2027, 3, 18));
}

#[test]
fn payment_on_due_date_is_on_time() {
    // A payment at 23:30 in New York on 2026-11-05 is 2026-11-06T04:30Z; the
    // store passes its local business date, 2026-11-05.
    let schedule = build_schedule(date(2026, 10, 22), Term::Weekly, 22, cents(220_000)).unwrap();
    let payments = [
        ReceivedPayment {
            business_date: date(2026, 10, 29),
            amount: cents(10_000),
        },
        ReceivedPayment {
            business_date: date(2026, 11, 5),
            amount: cents(10_000),
        },
    ];
    // 2026-11-09 is past the second payment's grace period and before the
    // third payment's due date.
    let book = ledger(&schedule, Term::Weekly, &payments, date(2026, 11, 9));
    assert_eq!(book.installments[1].paid_on, Some(date(2026, 11, 5)));
    assert!(!book.installments[1].past_due);
    assert_eq!(book.installments[1].late_fee, Money::ZERO);
    assert_eq!(book.late_fees_charged, Money::ZERO);
    assert_eq!(book.standing, Standing::Current);
}

#[test]
fn buyout_worked_example_pro_rata() {
    let (schedule, terms) = weekly_1200_contract();
    let paid = pay_on_due_dates(&schedule, 20);
    let book = ledger(&schedule, Term::Weekly, &paid, schedule[19].due_date);
    let formula = BuyoutFormula::ProRata {
        minimum_one_payment: true,
    };
    assert_eq!(
        quote_buyout(formula, terms.cash_price, cents(4500), &book).total,
        cents(73_846)
    );
}

#[test]
fn buyout_worked_example_share_of_unpaid() {
    let (schedule, terms) = weekly_1200_contract();
    let paid = pay_on_due_dates(&schedule, 20);
    let book = ledger(&schedule, Term::Weekly, &paid, schedule[19].due_date);
    let formula = BuyoutFormula::ShareOfUnpaid {
        share_millionths: 550_000,
    };
    assert_eq!(
        quote_buyout(formula, terms.cash_price, cents(4500), &book).total,
        cents(79_200)
    );
}

#[test]
fn buyout_worked_example_cash_less_half() {
    let (schedule, terms) = weekly_1200_contract();
    let paid = pay_on_due_dates(&schedule, 20);
    let book = ledger(&schedule, Term::Weekly, &paid, schedule[19].due_date);
    let formula = BuyoutFormula::CashLessShareOfPaid {
        share_millionths: 500_000,
    };
    let quote = quote_buyout(formula, terms.cash_price, cents(4500), &book);
    assert_eq!(quote.total, cents(75_000));
    assert!(!quote.ownership_passes);
}

#[test]
fn half_of_paid_reaches_cash_price() {
    // 60 payments of 45.00 for a 1,200.00 item. Half of the 2,385.00 paid
    // after 53 payments leaves 7.50; after 54 payments half of 2,430.00 is
    // above the cash price and the customer owns the property.
    let schedule = build_schedule(date(2027, 1, 4), Term::Weekly, 60, cents(270_000)).unwrap();
    let formula = BuyoutFormula::CashLessShareOfPaid {
        share_millionths: 500_000,
    };
    let after_53 = ledger(
        &schedule,
        Term::Weekly,
        &pay_on_due_dates(&schedule, 53),
        schedule[52].due_date,
    );
    let quote = quote_buyout(formula, cents(120_000), cents(4500), &after_53);
    assert_eq!(quote.total, cents(750));
    assert!(!quote.ownership_passes);
    let after_54 = ledger(
        &schedule,
        Term::Weekly,
        &pay_on_due_dates(&schedule, 54),
        schedule[53].due_date,
    );
    let quote = quote_buyout(formula, cents(120_000), cents(4500), &after_54);
    assert_eq!(quote.total, Money::ZERO);
    assert!(quote.ownership_passes);
}

#[test]
fn pro_rata_adds_rent_past_due() {
    let (schedule, terms) = weekly_1200_contract();
    let paid = pay_on_due_dates(&schedule, 19);
    // Payment 20 is one day past due, still inside the grace period.
    let as_of = schedule[19].due_date.tomorrow().unwrap();
    let book = ledger(&schedule, Term::Weekly, &paid, as_of);
    assert_eq!(book.rent_past_due, cents(4500));
    let formula = BuyoutFormula::ProRata {
        minimum_one_payment: true,
    };
    // 738.46 for the 32 payments not yet due, plus 45.00 past due.
    assert_eq!(
        quote_buyout(formula, terms.cash_price, cents(4500), &book).total,
        cents(78_346)
    );
}

#[test]
fn pro_rata_never_below_one_payment() {
    let (schedule, terms) = weekly_1200_contract();
    let paid = pay_on_due_dates(&schedule, 51);
    let book = ledger(&schedule, Term::Weekly, &paid, schedule[50].due_date);
    // 1,200.00 x 45.00 / 2,340.00 = 23.08, raised to one payment of 45.00.
    let formula = BuyoutFormula::ProRata {
        minimum_one_payment: true,
    };
    assert_eq!(
        quote_buyout(formula, terms.cash_price, cents(4500), &book).total,
        cents(4500)
    );
    let without_floor = BuyoutFormula::ProRata {
        minimum_one_payment: false,
    };
    assert_eq!(
        quote_buyout(without_floor, terms.cash_price, cents(4500), &book).total,
        cents(2308)
    );
}

#[test]
fn partial_payment_credits_money() {
    let (schedule, _) = weekly_1200_contract();
    let payments = [ReceivedPayment {
        business_date: schedule[0].due_date,
        amount: cents(2000),
    }];
    let book = ledger(&schedule, Term::Weekly, &payments, schedule[0].due_date);
    assert_eq!(book.rent_paid, cents(2000));
    assert_eq!(book.installments[0].paid, cents(2000));
    assert_eq!(book.installments[0].paid_on, None);
    assert_eq!(book.rent_remaining, cents(232_000));
}

#[test]
fn overpayment_pays_ahead() {
    let (schedule, _) = weekly_1200_contract();
    let payments = [ReceivedPayment {
        business_date: schedule[0].due_date,
        amount: cents(10_000),
    }];
    let book = ledger(&schedule, Term::Weekly, &payments, schedule[0].due_date);
    assert_eq!(book.installments[0].paid, cents(4500));
    assert_eq!(book.installments[1].paid, cents(4500));
    assert_eq!(book.installments[2].paid, cents(1000));
    assert_eq!(book.installments[1].paid_on, Some(schedule[0].due_date));
    // The prepaid installment is covered, so its due date passes without a fee.
    // On 02-01 only installment 3 (due 01-25, grace to 01-28) is late.
    let later = ledger(&schedule, Term::Weekly, &payments, date(2027, 2, 1));
    assert_eq!(later.late_fees.len(), 1);
    assert_eq!(later.late_fees[0].installment, 3);
}

#[test]
fn payment_above_everything_owed_is_rejected() {
    let schedule = build_schedule(date(2027, 1, 4), Term::Weekly, 2, cents(9000)).unwrap();
    let payments = [ReceivedPayment {
        business_date: date(2027, 1, 11),
        amount: cents(9001),
    }];
    let error = Ledger::compute(
        &schedule,
        Term::Weekly,
        &Policy::default_policy().late_fee,
        &payments,
        date(2027, 1, 11),
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "the payment of 90.01 is more than the 90.00 still owed: take at most 90.00"
    );
}

#[test]
fn late_fee_after_grace_period() {
    // Weekly grace is 3 days: due 2027-01-11, late from 2027-01-15.
    let (schedule, _) = weekly_1200_contract();
    let on_last_grace_day = ledger(&schedule, Term::Weekly, &[], date(2027, 1, 14));
    assert_eq!(on_last_grace_day.late_fees_charged, Money::ZERO);
    assert!(on_last_grace_day.installments[0].past_due);
    assert_eq!(on_last_grace_day.standing, Standing::PastDue);
    let after = ledger(&schedule, Term::Weekly, &[], date(2027, 1, 15));
    // 5 % of 45.00 is 2.25, below the 5.00 cap.
    assert_eq!(after.late_fees_charged, cents(225));
    assert_eq!(after.late_fees[0].assessed_on, date(2027, 1, 15));
}

#[test]
fn late_fee_capped_at_five_dollars() {
    // 5 % of 333.34 is 16.67: the cap of 5.00 applies.
    let schedule = build_schedule(date(2027, 1, 31), Term::Monthly, 3, cents(100_000)).unwrap();
    let book = ledger(&schedule, Term::Monthly, &[], date(2027, 3, 6));
    assert_eq!(book.late_fees.len(), 1);
    assert_eq!(book.late_fees_charged, cents(500));
}

#[test]
fn late_fee_once_per_missed_payment() {
    let (schedule, _) = weekly_1200_contract();
    // Four installments missed, the fourth still in its grace period on
    // 02-04: three fees, one each.
    let book = ledger(&schedule, Term::Weekly, &[], date(2027, 2, 4));
    assert_eq!(book.late_fees.len(), 3);
    assert_eq!(book.late_fees_charged, cents(675));
    let numbers: Vec<u32> = book.late_fees.iter().map(|fee| fee.installment).collect();
    assert_eq!(numbers, [1, 2, 3]);
}

#[test]
fn late_fee_kept_apart_from_rent() {
    let (schedule, _) = weekly_1200_contract();
    // Installment 1 (due 01-11) is paid 01-16, after its fee on 01-15.
    let payments = [ReceivedPayment {
        business_date: date(2027, 1, 16),
        amount: cents(4725),
    }];
    let book = ledger(&schedule, Term::Weekly, &payments, date(2027, 1, 16));
    assert_eq!(book.splits[0].rent, cents(4500));
    assert_eq!(book.splits[0].late_fee, cents(225));
    assert_eq!(book.rent_paid, cents(4500));
    assert_eq!(book.late_fees_owed, Money::ZERO);
    assert_eq!(book.standing, Standing::Current);
}

#[test]
fn rent_due_comes_before_fees() {
    let (schedule, _) = weekly_1200_contract();
    // 45.00 paid late: it covers the rent, and the fee stays owed.
    let payments = [ReceivedPayment {
        business_date: date(2027, 1, 16),
        amount: cents(4500),
    }];
    let book = ledger(&schedule, Term::Weekly, &payments, date(2027, 1, 16));
    assert_eq!(book.splits[0].rent, cents(4500));
    assert_eq!(book.splits[0].late_fee, Money::ZERO);
    assert_eq!(book.late_fees_owed, cents(225));
    assert_eq!(book.remaining_to_own, cents(229_725));
    assert_eq!(book.standing, Standing::PastDue);
}

#[test]
fn reinstatement_clears_past_due() {
    let (schedule, _) = weekly_1200_contract();
    // Two missed payments, then on 01-25 the 90.00 past due, the 45.00 due
    // that day and 4.50 in fees.
    let payments = [ReceivedPayment {
        business_date: date(2027, 1, 25),
        amount: cents(13_950),
    }];
    let before = ledger(&schedule, Term::Weekly, &[], date(2027, 1, 25));
    assert_eq!(before.rent_past_due, cents(9000));
    assert_eq!(before.late_fees_owed, cents(450));
    let after = ledger(&schedule, Term::Weekly, &payments, date(2027, 1, 25));
    assert_eq!(after.rent_past_due, Money::ZERO);
    assert_eq!(after.late_fees_owed, Money::ZERO);
    assert_eq!(after.standing, Standing::Current);
}

#[test]
fn final_payment_pays_in_full() {
    let schedule = build_schedule(date(2027, 1, 31), Term::Monthly, 3, cents(100_000)).unwrap();
    let paid = pay_on_due_dates(&schedule, 3);
    let book = ledger(&schedule, Term::Monthly, &paid, date(2027, 4, 30));
    assert_eq!(book.standing, Standing::PaidInFull);
    assert_eq!(book.remaining_to_own, Money::ZERO);
    let quote = quote_buyout(Policy::default_policy().buyout, cents(80_000), cents(33_334), &book);
    assert_eq!(quote.total, Money::ZERO);
}
