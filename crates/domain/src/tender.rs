//! Taking payment: cash, card on an external terminal, and splits of both.

use serde::{Deserialize, Serialize};

use crate::money::Money;

/// How the store rounds the part of a sale paid in cash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CashRounding {
    /// Cash pays the exact cents.
    #[default]
    None,
    /// The cash part is rounded to the nearest 0.05: 1 and 2 cents round
    /// down, 3 and 4 round up.
    Nickel,
}

/// Proof of a card payment taken on the external card terminal. Only the
/// approval code and the last four digits are ever kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CardApproval {
    approval_code: String,
    last4: String,
}

impl CardApproval {
    /// Checks an approval code (1 to 12 letters or digits) and the card's last
    /// four digits.
    pub fn parse(approval_code: &str, last4: &str) -> Result<CardApproval, TenderError> {
        let code = approval_code.trim().to_ascii_uppercase();
        if code.is_empty() || code.len() > 12 || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(TenderError::InvalidApprovalCode(approval_code.trim().to_string()));
        }
        let last4 = last4.trim();
        if last4.len() != 4 || !last4.chars().all(|c| c.is_ascii_digit()) {
            return Err(TenderError::InvalidLast4);
        }
        Ok(CardApproval {
            approval_code: code,
            last4: last4.to_string(),
        })
    }

    pub fn approval_code(&self) -> &str {
        &self.approval_code
    }

    pub fn last4(&self) -> &str {
        &self.last4
    }
}

/// One tender the clerk entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Tender {
    /// Cash handed over; anything above what is due comes back as change.
    Cash { tendered: Money },
    /// A card payment of exactly `amount`, approved on the card terminal.
    Card { amount: Money, approval: CardApproval },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TenderKind {
    Cash,
    Card,
}

impl TenderKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TenderKind::Cash => "cash",
            TenderKind::Card => "card",
        }
    }

    pub fn parse(text: &str) -> Option<TenderKind> {
        match text {
            "cash" => Some(TenderKind::Cash),
            "card" => Some(TenderKind::Card),
            _ => None,
        }
    }
}

/// A tender as applied to the sale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Payment {
    pub kind: TenderKind,
    /// The part of the sale this tender paid.
    pub amount: Money,
    /// What the customer handed over (cash) or was charged (card).
    pub tendered: Money,
    pub change: Money,
    pub approval_code: Option<String>,
    pub last4: Option<String>,
}

/// How a sale's total was paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Settlement {
    /// Cash rounding added to the total (negative when rounded down).
    pub rounding: Money,
    /// The total after cash rounding: the sum of the payments' amounts.
    pub amount_due: Money,
    pub payments: Vec<Payment>,
    pub change: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TenderError {
    #[error("approval code \"{0}\" is invalid: use 1 to 12 letters or digits from the card terminal slip")]
    InvalidApprovalCode(String),
    #[error("the card's last four digits are invalid: type exactly 4 digits")]
    InvalidLast4,
    #[error("a card payment of {card} is more than the {due} still due")]
    CardExceedsDue { card: Money, due: Money },
    #[error("a card payment must be more than 0.00")]
    ZeroCard,
    #[error("only one cash tender per sale: add the amounts together")]
    SeveralCash,
    #[error("{still_due} is still due: add a tender")]
    Insufficient { still_due: Money },
    #[error("nothing is left to pay in cash: remove the cash tender")]
    CashNotNeeded,
}

/// Applies the tenders to `total`: cards first in the order given, then cash
/// for the rest, rounded per `rounding`; cash above that comes back as change.
///
/// # Properties
/// - The payments' amounts sum to `amount_due` = `total` + `rounding`.
/// - Only cash gives change, and a card never pays more than is still due.
pub fn settle(total: Money, tenders: &[Tender], rounding: CashRounding) -> Result<Settlement, TenderError> {
    let cash_count = tenders.iter().filter(|t| matches!(t, Tender::Cash { .. })).count();
    if cash_count > 1 {
        return Err(TenderError::SeveralCash);
    }
    let mut payments = Vec::with_capacity(tenders.len());
    let mut remaining = total;
    for tender in tenders {
        if let Tender::Card { amount, approval } = tender {
            if amount.is_zero() || amount.is_negative() {
                return Err(TenderError::ZeroCard);
            }
            if *amount > remaining {
                return Err(TenderError::CardExceedsDue {
                    card: *amount,
                    due: remaining,
                });
            }
            remaining = remaining - *amount;
            payments.push(Payment {
                kind: TenderKind::Card,
                amount: *amount,
                tendered: *amount,
                change: Money::ZERO,
                approval_code: Some(approval.approval_code().to_string()),
                last4: Some(approval.last4().to_string()),
            });
        }
    }
    let cash = tenders.iter().find_map(|t| match t {
        Tender::Cash { tendered } => Some(*tendered),
        Tender::Card { .. } => None,
    });
    let mut adjustment = Money::ZERO;
    let mut change = Money::ZERO;
    match cash {
        Some(_) if remaining.is_zero() => return Err(TenderError::CashNotNeeded),
        Some(tendered) => {
            let due_in_cash = round_cash(remaining, rounding);
            adjustment = due_in_cash - remaining;
            if tendered < due_in_cash {
                return Err(TenderError::Insufficient {
                    still_due: due_in_cash - tendered,
                });
            }
            change = tendered - due_in_cash;
            payments.push(Payment {
                kind: TenderKind::Cash,
                amount: due_in_cash,
                tendered,
                change,
                approval_code: None,
                last4: None,
            });
        }
        None if !remaining.is_zero() => return Err(TenderError::Insufficient { still_due: remaining }),
        None => {}
    }
    Ok(Settlement {
        rounding: adjustment,
        amount_due: total + adjustment,
        payments,
        change,
    })
}

/// Rounds an amount to be paid in cash per the store's cash rounding.
pub fn round_cash(amount: Money, rounding: CashRounding) -> Money {
    match rounding {
        CashRounding::None => amount,
        CashRounding::Nickel => {
            let cents = amount.cents();
            let rest = cents.rem_euclid(5);
            if rest <= 2 {
                Money::from_cents(cents - rest)
            } else {
                Money::from_cents(cents + 5 - rest)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(cents: i64) -> Tender {
        Tender::Card {
            amount: Money::from_cents(cents),
            approval: CardApproval::parse("a1b2c3", "4242").unwrap(),
        }
    }

    fn cash(cents: i64) -> Tender {
        Tender::Cash {
            tendered: Money::from_cents(cents),
        }
    }

    #[test]
    fn cash_gives_change() {
        let settled = settle(Money::from_cents(2161), &[cash(3000)], CashRounding::None).unwrap();
        assert_eq!(settled.change, Money::from_cents(839));
        assert_eq!(settled.amount_due, Money::from_cents(2161));
        assert_eq!(settled.payments[0].amount, Money::from_cents(2161));
    }

    #[test]
    fn nickel_rounding_applies_to_cash_part() {
        assert_eq!(
            round_cash(Money::from_cents(2161), CashRounding::Nickel),
            Money::from_cents(2160)
        );
        assert_eq!(
            round_cash(Money::from_cents(2162), CashRounding::Nickel),
            Money::from_cents(2160)
        );
        assert_eq!(
            round_cash(Money::from_cents(2163), CashRounding::Nickel),
            Money::from_cents(2165)
        );
        assert_eq!(
            round_cash(Money::from_cents(2164), CashRounding::Nickel),
            Money::from_cents(2165)
        );
        let settled = settle(Money::from_cents(2163), &[cash(3000)], CashRounding::Nickel).unwrap();
        assert_eq!(settled.rounding, Money::from_cents(2));
        assert_eq!(settled.amount_due, Money::from_cents(2165));
        assert_eq!(settled.change, Money::from_cents(835));
    }

    #[test]
    fn card_alone_is_never_rounded() {
        let settled = settle(Money::from_cents(5412), &[card(5412)], CashRounding::Nickel).unwrap();
        assert_eq!(settled.rounding, Money::ZERO);
        assert_eq!(settled.payments.len(), 1);
        assert_eq!(settled.payments[0].last4.as_deref(), Some("4242"));
        assert_eq!(settled.payments[0].approval_code.as_deref(), Some("A1B2C3"));
    }

    #[test]
    fn split_tender_pays_card_then_cash() {
        let settled = settle(Money::from_cents(5412), &[cash(2000), card(4000)], CashRounding::None).unwrap();
        assert_eq!(settled.payments[0].kind, TenderKind::Card);
        assert_eq!(settled.payments[1].amount, Money::from_cents(1412));
        assert_eq!(settled.change, Money::from_cents(588));
    }

    #[test]
    fn bad_tenders_are_rejected() {
        let total = Money::from_cents(1000);
        assert_eq!(
            settle(total, &[card(1200)], CashRounding::None),
            Err(TenderError::CardExceedsDue {
                card: Money::from_cents(1200),
                due: total
            })
        );
        assert_eq!(
            settle(total, &[cash(900)], CashRounding::None),
            Err(TenderError::Insufficient {
                still_due: Money::from_cents(100)
            })
        );
        assert_eq!(
            settle(total, &[cash(500), cash(500)], CashRounding::None),
            Err(TenderError::SeveralCash)
        );
        assert_eq!(
            settle(total, &[card(1000), cash(100)], CashRounding::None),
            Err(TenderError::CashNotNeeded)
        );
        assert_eq!(
            settle(total, &[], CashRounding::None),
            Err(TenderError::Insufficient { still_due: total })
        );
        assert!(settle(Money::ZERO, &[], CashRounding::None).is_ok());
    }

    #[test]
    fn card_approval_keeps_only_safe_fields() {
        assert_eq!(
            CardApproval::parse("", "4242"),
            Err(TenderError::InvalidApprovalCode(String::new()))
        );
        assert_eq!(CardApproval::parse("OK1", "42"), Err(TenderError::InvalidLast4));
        assert_eq!(
            CardApproval::parse("OK1", "4242 4242 4242 4242"),
            Err(TenderError::InvalidLast4)
        );
        assert!(CardApproval::parse("12-34", "4242").is_err());
    }
}
