//! The online order's life: the states a customer follows and the events
//! that move an order between them.
//!
//! Payment events come from Stripe's webhooks, which can arrive twice, late
//! or out of order, so every transition is written to be applied safely in
//! any order: applying an event that no longer fits leaves the order as it
//! is instead of failing.
//!
//! # Properties
//! - A paid order never goes back to awaiting payment or cancelled: a late
//!   failure or cancellation after a success is ignored.
//! - Applying the same event twice gives the same state as applying it once.
//! - A refund only moves an order to `Refunded` once the refunded total
//!   reaches the order's total; smaller refunds keep its status.

use serde::{Deserialize, Serialize};

use crate::money::Money;

/// Where an online order stands, as the customer sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    AwaitingPayment,
    Paid,
    ReadyForPickup,
    Shipped,
    Cancelled,
    Refunded,
}

impl OrderStatus {
    /// Every status, in the order an order normally moves through them.
    pub const ALL: [OrderStatus; 6] = [
        OrderStatus::AwaitingPayment,
        OrderStatus::Paid,
        OrderStatus::ReadyForPickup,
        OrderStatus::Shipped,
        OrderStatus::Cancelled,
        OrderStatus::Refunded,
    ];

    /// The status's name in JSON and SQL, such as `awaiting_payment`.
    pub const fn as_str(self) -> &'static str {
        match self {
            OrderStatus::AwaitingPayment => "awaiting_payment",
            OrderStatus::Paid => "paid",
            OrderStatus::ReadyForPickup => "ready_for_pickup",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Refunded => "refunded",
        }
    }

    /// Reads a status name written by [`OrderStatus::as_str`].
    pub fn parse(text: &str) -> Option<OrderStatus> {
        OrderStatus::ALL.into_iter().find(|status| status.as_str() == text)
    }

    /// Whether the customer has paid for the order (and not been refunded
    /// in full).
    pub const fn is_paid(self) -> bool {
        matches!(
            self,
            OrderStatus::Paid | OrderStatus::ReadyForPickup | OrderStatus::Shipped
        )
    }
}

/// Something that happened to an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderEvent {
    /// Stripe reports the PaymentIntent succeeded, having received `amount`.
    PaymentSucceeded { amount: Money },
    /// Stripe reports the payment attempt failed.
    PaymentFailed,
    /// The PaymentIntent was cancelled.
    PaymentCanceled,
    /// The order's stock reservation ran out before any payment arrived.
    ReservationExpired,
    /// Stripe reports the charge's refunded total is now `refunded_total`.
    Refunded { refunded_total: Money },
    /// Staff set the order aside for the customer to collect.
    ReadyForPickup,
    /// Staff handed the order to the carrier.
    Shipped,
}

/// The outcome of applying an event to an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    /// The order moves to the new status.
    To(OrderStatus),
    /// The event changes nothing: a duplicate, or a late event that must
    /// not undo a later state.
    Unchanged,
    /// The event cannot apply, such as shipping an unpaid order.
    Rejected(TransitionError),
}

/// Why an event cannot apply to an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("the payment of {received} does not match the order's total of {total}")]
    AmountMismatch { received: Money, total: Money },
    #[error("an order that is {0:?} cannot be marked ready for pickup or shipped")]
    NotPaid(OrderStatus),
}

/// Works out what `event` does to an order in `status` whose total is
/// `total`.
///
/// A payment success moves an unpaid order to paid even after it was
/// cancelled, since the customer's money has then been taken and staff must
/// either fulfil or refund the order. A payment of a different amount than
/// the total is rejected and left for staff.
pub fn apply(status: OrderStatus, total: Money, event: OrderEvent) -> Transition {
    use OrderStatus as S;
    match (status, event) {
        (S::AwaitingPayment | S::Cancelled, OrderEvent::PaymentSucceeded { amount }) => {
            if amount == total {
                Transition::To(S::Paid)
            } else {
                Transition::Rejected(TransitionError::AmountMismatch {
                    received: amount,
                    total,
                })
            }
        }
        (
            S::AwaitingPayment,
            OrderEvent::PaymentFailed | OrderEvent::PaymentCanceled | OrderEvent::ReservationExpired,
        ) => Transition::To(S::Cancelled),
        (S::Paid | S::ReadyForPickup | S::Shipped, OrderEvent::Refunded { refunded_total }) => {
            if refunded_total >= total {
                Transition::To(S::Refunded)
            } else {
                Transition::Unchanged
            }
        }
        (S::Paid, OrderEvent::ReadyForPickup) => Transition::To(S::ReadyForPickup),
        (S::Paid | S::ReadyForPickup, OrderEvent::Shipped) => Transition::To(S::Shipped),
        (S::ReadyForPickup, OrderEvent::ReadyForPickup) | (S::Shipped, OrderEvent::Shipped) => Transition::Unchanged,
        (other, OrderEvent::ReadyForPickup | OrderEvent::Shipped) => {
            Transition::Rejected(TransitionError::NotPaid(other))
        }
        _ => Transition::Unchanged,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOTAL: Money = Money::from_cents(5412);

    #[test]
    fn success_pays_awaiting_order() {
        let event = OrderEvent::PaymentSucceeded { amount: TOTAL };
        assert_eq!(
            apply(OrderStatus::AwaitingPayment, TOTAL, event),
            Transition::To(OrderStatus::Paid)
        );
    }

    #[test]
    fn duplicate_success_is_unchanged() {
        let event = OrderEvent::PaymentSucceeded { amount: TOTAL };
        assert_eq!(apply(OrderStatus::Paid, TOTAL, event), Transition::Unchanged);
        assert_eq!(apply(OrderStatus::Shipped, TOTAL, event), Transition::Unchanged);
        assert_eq!(apply(OrderStatus::Refunded, TOTAL, event), Transition::Unchanged);
    }

    #[test]
    fn late_failure_never_downgrades_paid() {
        for status in [OrderStatus::Paid, OrderStatus::ReadyForPickup, OrderStatus::Shipped] {
            assert_eq!(apply(status, TOTAL, OrderEvent::PaymentFailed), Transition::Unchanged);
            assert_eq!(apply(status, TOTAL, OrderEvent::PaymentCanceled), Transition::Unchanged);
            assert_eq!(
                apply(status, TOTAL, OrderEvent::ReservationExpired),
                Transition::Unchanged
            );
        }
    }

    #[test]
    fn failure_then_success_ends_paid() {
        let after_failure = apply(OrderStatus::AwaitingPayment, TOTAL, OrderEvent::PaymentFailed);
        assert_eq!(after_failure, Transition::To(OrderStatus::Cancelled));
        let event = OrderEvent::PaymentSucceeded { amount: TOTAL };
        assert_eq!(
            apply(OrderStatus::Cancelled, TOTAL, event),
            Transition::To(OrderStatus::Paid)
        );
    }

    #[test]
    fn wrong_amount_is_rejected() {
        let event = OrderEvent::PaymentSucceeded {
            amount: Money::from_cents(5411),
        };
        assert_eq!(
            apply(OrderStatus::AwaitingPayment, TOTAL, event),
            Transition::Rejected(TransitionError::AmountMismatch {
                received: Money::from_cents(5411),
                total: TOTAL
            })
        );
    }

    #[test]
    fn refund_in_full_and_in_part() {
        let partial = OrderEvent::Refunded {
            refunded_total: Money::from_cents(1000),
        };
        let full = OrderEvent::Refunded { refunded_total: TOTAL };
        assert_eq!(apply(OrderStatus::Paid, TOTAL, partial), Transition::Unchanged);
        assert_eq!(
            apply(OrderStatus::Paid, TOTAL, full),
            Transition::To(OrderStatus::Refunded)
        );
        assert_eq!(
            apply(OrderStatus::Shipped, TOTAL, full),
            Transition::To(OrderStatus::Refunded)
        );
        assert_eq!(apply(OrderStatus::AwaitingPayment, TOTAL, full), Transition::Unchanged);
    }

    #[test]
    fn fulfilment_needs_payment() {
        assert_eq!(
            apply(OrderStatus::Paid, TOTAL, OrderEvent::ReadyForPickup),
            Transition::To(OrderStatus::ReadyForPickup)
        );
        assert_eq!(
            apply(OrderStatus::ReadyForPickup, TOTAL, OrderEvent::Shipped),
            Transition::To(OrderStatus::Shipped)
        );
        assert_eq!(
            apply(OrderStatus::AwaitingPayment, TOTAL, OrderEvent::Shipped),
            Transition::Rejected(TransitionError::NotPaid(OrderStatus::AwaitingPayment))
        );
    }

    #[test]
    fn status_names_round_trip() {
        for status in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(OrderStatus::parse("pending"), None);
    }
}
