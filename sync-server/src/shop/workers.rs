//! The shop's background workers: one applies queued Stripe events, one
//! cancels unpaid orders whose stock reservation ran out, with their
//! PaymentIntents.

use std::sync::Arc;
use std::time::Duration;

use giggatek_domain::OrderEvent;
use giggatek_payments::PaymentError;
use tokio::task::JoinHandle;

use crate::db::shop_order_updates::{self, ChangeOutcome, OrderChange};
use crate::db::shop_orders;
use crate::shop::{Shop, clock, events};

/// How often queued events are retried without a wake-up, such as events
/// whose order was not found yet.
const EVENT_RETRY_INTERVAL: Duration = Duration::from_secs(2);
/// How often expired reservations are looked for.
const EXPIRY_INTERVAL: Duration = Duration::from_secs(15);
/// How long a worker waits after a database error before its next pass.
const ERROR_BACKOFF: Duration = Duration::from_secs(5);

/// The running workers; [`Workers::stop`] ends them.
#[derive(Debug)]
pub struct Workers {
    handles: Vec<JoinHandle<()>>,
}

impl Workers {
    /// Stops the workers. Each pass commits its changes in transactions,
    /// so stopping between or within passes loses nothing.
    pub fn stop(self) {
        for handle in self.handles {
            handle.abort();
        }
    }
}

/// Starts the workers on the current Tokio runtime.
pub fn spawn(shop: Arc<Shop>) -> Workers {
    let events = tokio::spawn(run_event_worker(shop.clone()));
    let expiry = tokio::spawn(run_expiry_worker(shop));
    tracing::info!("shop workers started");
    Workers {
        handles: vec![events, expiry],
    }
}

async fn run_event_worker(shop: Arc<Shop>) {
    loop {
        match events::apply_pending(&shop).await {
            Ok(_) => {
                tokio::select! {
                    () = shop.event_queue.notified() => {}
                    () = tokio::time::sleep(EVENT_RETRY_INTERVAL) => {}
                }
            }
            Err(error) => {
                tracing::error!(%error, backoff_seconds = ERROR_BACKOFF.as_secs(), "applying Stripe events failed; retrying");
                tokio::time::sleep(ERROR_BACKOFF).await;
            }
        }
    }
}

async fn run_expiry_worker(shop: Arc<Shop>) {
    loop {
        if let Err(error) = expire_reservations(&shop).await {
            tracing::error!(%error, "expiring stock reservations failed; retrying");
        }
        tokio::time::sleep(EXPIRY_INTERVAL).await;
    }
}

/// Cancels every unpaid order whose reservation ran out: first its
/// PaymentIntent at Stripe, so no payment can complete on it any more, then
/// the order, which releases its stock. Returns how many were cancelled.
///
/// An order whose PaymentIntent cannot be cancelled stays awaiting payment
/// and is tried again on the next pass: a PaymentIntent that succeeded or
/// is processing will send its event, and a failed request is retried.
pub async fn expire_reservations(shop: &Shop) -> Result<usize, sqlx::Error> {
    let mut cancelled = 0;
    for order_id in shop_orders::expired_reservations(&shop.db, &clock::now(), 100).await? {
        let Some(order) = shop_orders::find(&shop.db, order_id).await? else {
            continue;
        };
        if let Some(payment_intent_id) = &order.payment_intent_id
            && !cancel_payment_intent(shop, order_id, payment_intent_id).await
        {
            continue;
        }
        let change = OrderChange {
            order_id,
            event: OrderEvent::ReservationExpired,
            cause: "reservation_expired",
            payment_intent_id: None,
        };
        if let ChangeOutcome::Changed { .. } = shop_order_updates::apply(&shop.db, &change, &clock::now()).await? {
            tracing::info!(order_id, "the order's reservation expired; its stock is released");
            cancelled += 1;
        }
    }
    Ok(cancelled)
}

/// Cancels an expired order's PaymentIntent; returns whether it is
/// canceled now, including by an earlier request.
async fn cancel_payment_intent(shop: &Shop, order_id: i64, payment_intent_id: &str) -> bool {
    let Some(gateway) = &shop.payments else {
        tracing::error!(
            order_id,
            "an order's reservation expired, but card payments are not configured, so its PaymentIntent \
             cannot be cancelled; the order stays awaiting payment"
        );
        return false;
    };
    // The key makes a retried cancellation return Stripe's first response.
    let key = format!("giggatek-order-{order_id}-expired");
    let error = match gateway.cancel_payment_intent(payment_intent_id, &key).await {
        Ok(_) => return true,
        Err(error) => error,
    };
    if !matches!(error, PaymentError::Rejected { .. }) {
        tracing::warn!(order_id, %error, "cancelling the order's PaymentIntent failed; retrying on the next pass");
        return false;
    }
    // Stripe rejects cancelling a PaymentIntent that is canceled already,
    // succeeded or processing, so its status decides.
    match gateway.retrieve_payment_intent(payment_intent_id).await {
        Ok(intent) if intent.status == "canceled" => true,
        Ok(intent) => {
            tracing::info!(
                order_id,
                status = %intent.status,
                "the expired order's PaymentIntent cannot be cancelled; the order waits for its payment event"
            );
            false
        }
        Err(read_error) => {
            tracing::warn!(order_id, %error, %read_error, "reading the order's PaymentIntent failed; retrying on the next pass");
            false
        }
    }
}
