//! The states of a contract and of a rented unit, and the changes allowed
//! between them.
//!
//! A contract starts `active` and ends `paid_out` (every payment made, or
//! ownership passed by the buyout formula), `bought_out`, `returned` or
//! `charged_off`. A returned contract may be reinstated within the policy's
//! window, which makes it active again. Nothing is deleted: each change is a
//! new state plus an audit entry, written by the store.

use serde::{Deserialize, Serialize};

use crate::rental::RentalError;

/// Where a contract is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ContractStatus {
    Active,
    /// Every payment made: the property is the customer's.
    PaidOut,
    /// The customer paid the buyout price: the property is the customer's.
    BoughtOut,
    /// The property came back to the store.
    Returned,
    /// The store wrote off what was owed.
    ChargedOff,
}

/// A change to a contract's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContractEvent {
    PaidInFull,
    BuyOut,
    Return,
    ChargeOff,
    Reinstate,
}

impl ContractStatus {
    pub const fn as_str(self) -> &'static str {
        match self {
            ContractStatus::Active => "active",
            ContractStatus::PaidOut => "paid_out",
            ContractStatus::BoughtOut => "bought_out",
            ContractStatus::Returned => "returned",
            ContractStatus::ChargedOff => "charged_off",
        }
    }

    /// Returns the status in a clerk's words, for messages: `bought out`.
    pub const fn describe(self) -> &'static str {
        match self {
            ContractStatus::Active => "active",
            ContractStatus::PaidOut => "paid out",
            ContractStatus::BoughtOut => "bought out",
            ContractStatus::Returned => "returned",
            ContractStatus::ChargedOff => "charged off",
        }
    }

    /// Reads a status as [`ContractStatus::as_str`] writes it.
    pub fn parse(text: &str) -> Option<ContractStatus> {
        [
            ContractStatus::Active,
            ContractStatus::PaidOut,
            ContractStatus::BoughtOut,
            ContractStatus::Returned,
            ContractStatus::ChargedOff,
        ]
        .into_iter()
        .find(|status| status.as_str() == text)
    }

    /// Returns the state after `event`, or `NotAllowed` naming both.
    pub fn apply(self, event: ContractEvent) -> Result<ContractStatus, RentalError> {
        let next = match (self, event) {
            (ContractStatus::Active, ContractEvent::PaidInFull) => ContractStatus::PaidOut,
            (ContractStatus::Active, ContractEvent::BuyOut) => ContractStatus::BoughtOut,
            (ContractStatus::Active, ContractEvent::Return) => ContractStatus::Returned,
            (ContractStatus::Active, ContractEvent::ChargeOff) => ContractStatus::ChargedOff,
            (ContractStatus::Returned, ContractEvent::Reinstate) => ContractStatus::Active,
            (status, event) => {
                return Err(RentalError::NotAllowed(format!(
                    "a {} contract cannot be changed by {}",
                    status.describe(),
                    event.describe()
                )));
            }
        };
        Ok(next)
    }
}

impl ContractEvent {
    const fn describe(self) -> &'static str {
        match self {
            ContractEvent::PaidInFull => "a final payment",
            ContractEvent::BuyOut => "a buyout",
            ContractEvent::Return => "a return",
            ContractEvent::ChargeOff => "a charge-off",
            ContractEvent::Reinstate => "a reinstatement",
        }
    }
}

/// Where a serialized unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum UnitStatus {
    InStock,
    OnRent,
    /// Owned by a customer after a paid-out or bought-out contract.
    Sold,
    /// Back from a customer damaged, held out of stock.
    Returned,
    WrittenOff,
}

impl UnitStatus {
    pub const fn as_str(self) -> &'static str {
        match self {
            UnitStatus::InStock => "in_stock",
            UnitStatus::OnRent => "on_rent",
            UnitStatus::Sold => "sold",
            UnitStatus::Returned => "returned",
            UnitStatus::WrittenOff => "written_off",
        }
    }

    /// Returns the status in a clerk's words, for messages: `on rent`.
    pub const fn describe(self) -> &'static str {
        match self {
            UnitStatus::InStock => "in stock",
            UnitStatus::OnRent => "on rent",
            UnitStatus::Sold => "sold",
            UnitStatus::Returned => "held after a damaged return",
            UnitStatus::WrittenOff => "written off",
        }
    }

    pub fn parse(text: &str) -> Option<UnitStatus> {
        [
            UnitStatus::InStock,
            UnitStatus::OnRent,
            UnitStatus::Sold,
            UnitStatus::Returned,
            UnitStatus::WrittenOff,
        ]
        .into_iter()
        .find(|status| status.as_str() == text)
    }
}

/// The condition of a unit, disclosed on the agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum UnitCondition {
    New,
    Used,
    /// Returned with damage; not rentable until repaired.
    Damaged,
}

impl UnitCondition {
    pub const fn as_str(self) -> &'static str {
        match self {
            UnitCondition::New => "new",
            UnitCondition::Used => "used",
            UnitCondition::Damaged => "damaged",
        }
    }

    pub fn parse(text: &str) -> Result<UnitCondition, RentalError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "new" => Ok(UnitCondition::New),
            "used" => Ok(UnitCondition::Used),
            "damaged" => Ok(UnitCondition::Damaged),
            _ => Err(RentalError::Invalid(format!(
                "\"{text}\" is not a unit condition: use new, used or damaged"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn active_contract_ends_four_ways() {
        let active = ContractStatus::Active;
        assert_eq!(active.apply(ContractEvent::PaidInFull), Ok(ContractStatus::PaidOut));
        assert_eq!(active.apply(ContractEvent::BuyOut), Ok(ContractStatus::BoughtOut));
        assert_eq!(active.apply(ContractEvent::Return), Ok(ContractStatus::Returned));
        assert_eq!(active.apply(ContractEvent::ChargeOff), Ok(ContractStatus::ChargedOff));
    }

    #[test]
    fn only_returned_contract_reinstates() {
        assert_eq!(
            ContractStatus::Returned.apply(ContractEvent::Reinstate),
            Ok(ContractStatus::Active)
        );
        assert!(ContractStatus::Active.apply(ContractEvent::Reinstate).is_err());
        assert!(ContractStatus::PaidOut.apply(ContractEvent::Reinstate).is_err());
    }

    #[test]
    fn closed_contract_takes_no_payment() {
        let error = ContractStatus::BoughtOut.apply(ContractEvent::PaidInFull).unwrap_err();
        assert_eq!(
            error.to_string(),
            "a bought out contract cannot be changed by a final payment"
        );
    }

    #[test]
    fn statuses_round_trip() {
        assert_eq!(ContractStatus::parse("charged_off"), Some(ContractStatus::ChargedOff));
        assert_eq!(UnitStatus::parse("on_rent"), Some(UnitStatus::OnRent));
        assert_eq!(UnitCondition::parse("Used"), Ok(UnitCondition::Used));
    }
}
