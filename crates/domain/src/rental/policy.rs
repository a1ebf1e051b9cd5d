//! Jurisdiction policies: the buyout formula, late-fee limits, grace period,
//! reinstatement window and price cap that a store's rent-to-own contracts
//! follow. Policies are data, each with the sources of its values; the store
//! picks one by its code.

use serde::Serialize;

use crate::money::Money;
use crate::rental::RentalError;
use crate::rental::term::Term;

/// How the early-purchase (buyout) price is computed. Each formula rounds
/// once, half-up, at the end; see [`crate::rental::buyout`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BuyoutFormula {
    /// Cash price times the rent not yet due over the total of payments,
    /// plus rent past due; with `minimum_one_payment`, never below one
    /// periodic payment.
    ProRata { minimum_one_payment: bool },
    /// A share of the rent still unpaid, in millionths (550,000 is 55 %).
    ShareOfUnpaid { share_millionths: i64 },
    /// Cash price less a share of the rent paid, in millionths. Ownership
    /// passes by itself once that share of the rent paid reaches the cash
    /// price.
    CashLessShareOfPaid { share_millionths: i64 },
}

/// The late fee for one missed payment: the lesser of a share of that
/// payment and a fixed cap, charged once the grace period has passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LateFeeRule {
    /// Share of the scheduled payment, in millionths (50,000 is 5 %).
    pub share_millionths: i64,
    /// The largest fee for one missed payment.
    pub cap: Money,
    /// Whole days after the due date before a weekly payment is late.
    pub grace_days_weekly: u32,
    /// Whole days after the due date before any other payment is late.
    pub grace_days_other: u32,
}

impl LateFeeRule {
    /// Returns the grace period, in days, for payments on `term`.
    pub const fn grace_days(&self, term: Term) -> u32 {
        match term {
            Term::Weekly => self.grace_days_weekly,
            Term::Biweekly | Term::SemiMonthly | Term::Monthly => self.grace_days_other,
        }
    }
}

/// The source of one of a policy's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Citation {
    /// What the source sets: `buyout`, `late fee`, `price cap`.
    pub topic: &'static str,
    pub source: &'static str,
    /// False when the value was not checked against the source's text.
    pub verified: bool,
}

/// A set of rent-to-own rules for one jurisdiction or house option.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Policy {
    /// Stable key stored with each contract: `standard`, `us-wv`.
    pub code: &'static str,
    pub name: &'static str,
    pub buyout: BuyoutFormula,
    pub late_fee: LateFeeRule,
    /// Days after a return during which the customer may reinstate the
    /// contract by paying what is past due.
    pub reinstatement_days: u32,
    /// The largest total of payments as a share of the cash price, in
    /// millionths (2,400,000 is 240 %).
    pub max_total_share_millionths: i64,
    pub citations: &'static [Citation],
}

/// Formats a share in millionths as a percentage without trailing zeros:
/// 2,400,000 is `240`, 55,000 is `5.5`. Unlike [`crate::rate::Percent`] it
/// allows shares above 100 %.
pub fn percent_text(millionths: i64) -> String {
    let whole = millionths / 10_000;
    let fraction = (millionths % 10_000).abs();
    if fraction == 0 {
        return whole.to_string();
    }
    let digits = format!("{fraction:04}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// The house late fee: the lesser of 5 % and 5.00, after 3 days' grace
/// for weekly payments and 5 days' for others.
const HOUSE_LATE_FEE: LateFeeRule = LateFeeRule {
    share_millionths: 50_000,
    cap: Money::from_cents(500),
    grace_days_weekly: 3,
    grace_days_other: 5,
};

const HOUSE: &str = "GigGatek house rule";

/// The default policy, used until a manager picks another.
const STANDARD: Policy = Policy {
    code: "standard",
    name: "GigGatek standard",
    buyout: BuyoutFormula::ProRata {
        minimum_one_payment: true,
    },
    late_fee: HOUSE_LATE_FEE,
    reinstatement_days: 21,
    max_total_share_millionths: 2_400_000,
    citations: &[Citation {
        topic: "all values",
        source: HOUSE,
        verified: true,
    }],
};

/// Every policy a store can choose. The first is the default.
pub const POLICIES: &[Policy] = &[
    STANDARD,
    Policy {
        code: "us-wv",
        name: "West Virginia",
        buyout: BuyoutFormula::ProRata {
            minimum_one_payment: false,
        },
        late_fee: LateFeeRule {
            share_millionths: 50_000,
            cap: Money::from_cents(1500),
            grace_days_weekly: 3,
            grace_days_other: 5,
        },
        reinstatement_days: 21,
        max_total_share_millionths: 2_400_000,
        citations: &[
            Citation {
                topic: "buyout, late fee, grace period, price cap",
                source: "W. Va. Code § 46B-3-9 (a), (c), (d)",
                verified: true,
            },
            Citation {
                topic: "reinstatement window",
                source: HOUSE,
                verified: false,
            },
        ],
    },
    Policy {
        code: "us-hi",
        name: "Hawaii",
        buyout: BuyoutFormula::ProRata {
            minimum_one_payment: false,
        },
        late_fee: HOUSE_LATE_FEE,
        reinstatement_days: 21,
        max_total_share_millionths: 2_400_000,
        citations: &[
            Citation {
                topic: "buyout",
                source: "Haw. Rev. Stat. § 481M-6",
                verified: true,
            },
            Citation {
                topic: "late fee, grace period, reinstatement window, price cap",
                source: HOUSE,
                verified: false,
            },
        ],
    },
    Policy {
        code: "share-of-unpaid",
        name: "55 % of the unpaid rent",
        buyout: BuyoutFormula::ShareOfUnpaid {
            share_millionths: 550_000,
        },
        late_fee: HOUSE_LATE_FEE,
        reinstatement_days: 21,
        max_total_share_millionths: 2_400_000,
        citations: &[Citation {
            topic: "all values",
            source: HOUSE,
            verified: true,
        }],
    },
    Policy {
        code: "half-of-paid",
        name: "Cash price less half of the rent paid",
        buyout: BuyoutFormula::CashLessShareOfPaid {
            share_millionths: 500_000,
        },
        late_fee: HOUSE_LATE_FEE,
        reinstatement_days: 21,
        max_total_share_millionths: 2_400_000,
        citations: &[Citation {
            topic: "all values",
            source: HOUSE,
            verified: true,
        }],
    },
];

impl Policy {
    /// Returns the default policy, used until a manager picks another.
    pub fn default_policy() -> &'static Policy {
        &STANDARD
    }

    /// Finds a policy by its code.
    pub fn find(code: &str) -> Result<&'static Policy, RentalError> {
        POLICIES
            .iter()
            .find(|policy| policy.code == code.trim())
            .ok_or_else(|| {
                let codes: Vec<&str> = POLICIES.iter().map(|policy| policy.code).collect();
                RentalError::Invalid(format!(
                    "\"{code}\" is not a rental policy: use one of {}",
                    codes.join(", ")
                ))
            })
    }

    /// Describes the buyout formula in words, for the agreement.
    pub fn describe_buyout(&self) -> String {
        match self.buyout {
            BuyoutFormula::ProRata { minimum_one_payment } => {
                let floor = if minimum_one_payment {
                    ", and never less than one periodic payment"
                } else {
                    ""
                };
                format!(
                    "the cash price times the rent not yet due divided by the total of payments, \
                     plus any rent and fees past due{floor}"
                )
            }
            BuyoutFormula::ShareOfUnpaid { share_millionths } => format!(
                "{} % of the rent still unpaid, plus any fees past due",
                percent_text(share_millionths)
            ),
            BuyoutFormula::CashLessShareOfPaid { share_millionths } => {
                let share = percent_text(share_millionths);
                format!(
                    "the cash price less {share} % of the rent paid, plus any fees past due; \
                     you own the property once {share} % of the rent paid equals the cash price"
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_codes_are_unique() {
        for (index, policy) in POLICIES.iter().enumerate() {
            assert!(POLICIES.iter().skip(index + 1).all(|other| other.code != policy.code));
            assert!(!policy.citations.is_empty(), "{} cites no source", policy.code);
        }
    }

    #[test]
    fn find_reads_codes() {
        assert_eq!(
            Policy::find("us-wv").map(|p| p.late_fee.cap),
            Ok(Money::from_cents(1500))
        );
        assert!(Policy::find("us-zz").is_err());
        assert_eq!(Policy::default_policy().code, "standard");
    }

    #[test]
    fn grace_depends_on_term() {
        let rule = Policy::default_policy().late_fee;
        assert_eq!(rule.grace_days(Term::Weekly), 3);
        assert_eq!(rule.grace_days(Term::Monthly), 5);
    }
}
