//! The shop's background workers: one applies queued Stripe events, one
//! cancels unpaid orders whose stock reservation ran out.

use std::sync::Arc;
use std::time::Duration;

use giggatek_domain::OrderEvent;
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

/// Cancels every unpaid order whose reservation ran out, which releases its
/// stock; returns how many were cancelled.
pub async fn expire_reservations(shop: &Shop) -> Result<usize, sqlx::Error> {
    let mut cancelled = 0;
    for order_id in shop_orders::expired_reservations(&shop.db, &clock::now(), 100).await? {
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
