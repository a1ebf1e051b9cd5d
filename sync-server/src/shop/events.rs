//! Applying stored Stripe events to orders.

use giggatek_domain::{Money, OrderEvent, OrderStatus};
use giggatek_mail::jobs::NewMail;
use giggatek_payments::{EventKind, PaymentIntentFacts, parse_event};

use crate::db::shop_events::{self, StoredEvent};
use crate::db::shop_order_updates::{self, ChangeOutcome, OrderChange};
use crate::db::{shop_accounts, shop_orders};
use crate::shop::{Shop, clock};

/// How many events one pass of the worker takes.
const BATCH: i64 = 100;

/// Applies every pending event once; returns how many reached a final
/// status. Events whose order is not found stay pending for the next pass.
pub async fn apply_pending(shop: &Shop) -> Result<usize, sqlx::Error> {
    let mut finished = 0;
    for stored in shop_events::pending(&shop.db, BATCH).await? {
        let (status, note) = apply_one(shop, &stored).await?;
        if status != "pending" {
            finished += 1;
        }
        if status == "pending" && stored.attempts == 0 {
            tracing::info!(event_id = %stored.event_id, "the event's order is not found yet; it stays queued");
        }
        shop_events::finish(&shop.db, stored.id, status, note.as_deref(), &clock::now()).await?;
    }
    Ok(finished)
}

/// Works out the order change an event stands for and applies it; returns
/// the event's new status and a note for staff.
async fn apply_one(shop: &Shop, stored: &StoredEvent) -> Result<(&'static str, Option<String>), sqlx::Error> {
    let event = match parse_event(stored.payload.as_bytes()) {
        Ok(event) => event,
        Err(error) => return Ok(("unusable", Some(error.to_string()))),
    };
    let (facts, order_event) = match &event.kind {
        EventKind::PaymentSucceeded(facts) => {
            let Some(amount) = facts.amount_received_cents.or(facts.amount_cents) else {
                return Ok(("unusable", Some("the PaymentIntent has no amount".to_owned())));
            };
            (
                lookup_facts(facts),
                OrderEvent::PaymentSucceeded {
                    amount: Money::from_cents(amount),
                },
            )
        }
        EventKind::PaymentFailed(facts) => (lookup_facts(facts), OrderEvent::PaymentFailed),
        EventKind::PaymentCanceled(facts) => (lookup_facts(facts), OrderEvent::PaymentCanceled),
        EventKind::ChargeRefunded(facts) => (
            (facts.payment_intent_id.clone(), facts.order_reference.clone()),
            OrderEvent::Refunded {
                refunded_total: Money::from_cents(facts.amount_refunded_cents),
            },
        ),
        EventKind::Ignored => return Ok(("ignored", None)),
        EventKind::Unusable { reason } => return Ok(("unusable", Some(reason.clone()))),
    };
    let (payment_intent_id, order_reference) = facts;
    let order_id = match find_order(shop, payment_intent_id.as_deref(), order_reference.as_deref()).await? {
        Lookup::Found(order_id) => order_id,
        Lookup::Missing => {
            return Ok((
                "pending",
                Some("no order has this PaymentIntent or order reference yet".to_owned()),
            ));
        }
        Lookup::OtherPaymentIntent(order_id) => {
            tracing::error!(event_id = %event.id, order_id, "an event names an order that has another PaymentIntent");
            return Ok((
                "unusable",
                Some(format!(
                    "order {order_id} is linked to another PaymentIntent: check for a second payment"
                )),
            ));
        }
    };
    let change = OrderChange {
        order_id,
        event: order_event,
        cause: &event.id,
        payment_intent_id: payment_intent_id.as_deref(),
    };
    let paid_mail = match change.event {
        OrderEvent::PaymentSucceeded { .. } => confirmation_mail(shop, order_id).await?,
        _ => None,
    };
    let outcome = shop_order_updates::apply_with_mail(&shop.db, &change, paid_mail.as_ref(), &clock::now()).await?;
    match outcome {
        ChangeOutcome::Changed {
            from: OrderStatus::Cancelled,
            to: OrderStatus::Paid,
        } => {
            // The money is taken, so the order is paid again and its units
            // leave the stock; staff fulfil or refund it.
            tracing::error!(event_id = %event.id, order_id, "a payment arrived for a cancelled order: fulfil or refund it");
            Ok((
                "applied",
                Some("paid after cancellation: fulfil or refund the order".to_owned()),
            ))
        }
        ChangeOutcome::Changed { from, to } => {
            tracing::info!(event_id = %event.id, order_id, from = from.as_str(), to = to.as_str(), "order status changed");
            Ok(("applied", None))
        }
        ChangeOutcome::Unchanged(status) => {
            Ok(("applied", Some(format!("no change: the order is {}", status.as_str()))))
        }
        ChangeOutcome::Rejected(error) => {
            tracing::error!(event_id = %event.id, order_id, %error, "a Stripe event does not fit its order");
            Ok(("unusable", Some(error.to_string())))
        }
        ChangeOutcome::OrderMissing => Ok(("pending", Some("the order is not found yet".to_owned()))),
    }
}

/// Renders the confirmation an order gets once paid. An order that cannot
/// be mailed (its address is rejected by the mail crate) is still marked
/// paid: the error is logged and no mail is queued.
async fn confirmation_mail(shop: &Shop, order_id: i64) -> Result<Option<NewMail>, sqlx::Error> {
    let Some(order) = shop_orders::find(&shop.db, order_id).await? else {
        return Ok(None);
    };
    let lines = shop_orders::lines(&shop.db, order_id).await?;
    let customer_name = match order.customer_id {
        Some(customer_id) => shop_accounts::find_account(&shop.db, customer_id)
            .await?
            .map(|account| account.name),
        None => None,
    };
    match shop.mail.order_confirmation(&order, &lines, customer_name.as_deref()) {
        Ok(mail) => Ok(Some(mail)),
        Err(error) => {
            tracing::error!(order_id, %error, "the order confirmation cannot be made; no mail is queued");
            Ok(None)
        }
    }
}

fn lookup_facts(facts: &PaymentIntentFacts) -> (Option<String>, Option<String>) {
    (Some(facts.payment_intent_id.clone()), facts.order_reference.clone())
}

/// How an event's order was found.
enum Lookup {
    Found(i64),
    Missing,
    /// The order reference names an order linked to a different
    /// PaymentIntent.
    OtherPaymentIntent(i64),
}

/// Finds the order by its PaymentIntent, or else by the order id the shop
/// put into the PaymentIntent's metadata (the event can arrive before the
/// PaymentIntent is linked to the order).
async fn find_order(
    shop: &Shop,
    payment_intent_id: Option<&str>,
    order_reference: Option<&str>,
) -> Result<Lookup, sqlx::Error> {
    if let Some(payment_intent_id) = payment_intent_id
        && let Some(order) = shop_orders::find_by_payment_intent(&shop.db, payment_intent_id).await?
    {
        return Ok(Lookup::Found(order.id));
    }
    let Some(order_id) = order_reference.and_then(|reference| reference.parse::<i64>().ok()) else {
        return Ok(Lookup::Missing);
    };
    let Some(order) = shop_orders::find(&shop.db, order_id).await? else {
        return Ok(Lookup::Missing);
    };
    match (&order.payment_intent_id, payment_intent_id) {
        (Some(linked), Some(from_event)) if linked != from_event => Ok(Lookup::OtherPaymentIntent(order.id)),
        _ => Ok(Lookup::Found(order.id)),
    }
}
