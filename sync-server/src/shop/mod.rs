//! The online shop's services: settings, the payment gateway, sign-in, and
//! the background workers that apply Stripe events and expire stock
//! reservations. Its HTTP routes are in `routes::shop`, its queries in the
//! `db::shop_*` modules.

pub mod auth;
pub mod checkout;
pub mod clock;
pub mod config;
pub mod error;
pub mod events;
pub mod input;
pub mod json;
pub mod mail;
pub mod rentals;
pub mod workers;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::FromRef;
use futures_util::future::BoxFuture;
use giggatek_payments::{PaymentGateway, StripeGateway};
use tokio::sync::Notify;

use crate::db::Database;
use crate::shop::config::ShopConfig;
use crate::shop::mail::ShopMail;
use crate::state::AppState;

/// A test's hook into checkout, given the order id and the PaymentIntent
/// id: it runs after the PaymentIntent is created and before it is linked
/// to the order.
pub type CheckoutHook = Arc<dyn Fn(i64, String) -> BoxFuture<'static, ()> + Send + Sync>;

/// Everything the shop's handlers and workers share.
pub struct Shop {
    pub db: Database,
    pub config: ShopConfig,
    /// `None` when no Stripe key is configured, so checkout returns 503.
    pub payments: Option<Arc<dyn PaymentGateway>>,
    /// Renders the shop's mail with links to `config.public_url`.
    pub mail: ShopMail,
    /// Wakes the webhook event worker when an event is stored or an order
    /// gets its PaymentIntent.
    pub event_queue: Notify,
    /// Serialises PaymentIntent creation per order inside this process.
    payment_intent_locks: Mutex<HashMap<i64, Arc<tokio::sync::Mutex<()>>>>,
    pub checkout_hook: Option<CheckoutHook>,
}

impl std::fmt::Debug for Shop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shop")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Shop {
    /// Builds the shop on `db`; a Stripe client is made when a secret key is
    /// configured.
    pub fn new(db: Database, config: ShopConfig) -> anyhow::Result<Shop> {
        let payments: Option<Arc<dyn PaymentGateway>> = match &config.stripe_secret_key {
            Some(key) => Some(Arc::new(
                StripeGateway::new(key.expose(), config.stripe_api_base.as_deref())
                    .map_err(|error| anyhow::anyhow!("the Stripe client could not be built: {error}"))?,
            )),
            None => None,
        };
        Ok(Shop {
            db,
            mail: ShopMail::new(&config.public_url),
            config,
            payments,
            event_queue: Notify::new(),
            payment_intent_locks: Mutex::new(HashMap::new()),
            checkout_hook: None,
        })
    }

    /// Returns the lock that makes one PaymentIntent per order within this
    /// process. Across processes, Stripe's idempotency key does the same.
    pub fn payment_intent_lock(&self, order_id: i64) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self
            .payment_intent_locks
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // Locks that no request holds or waits for are dropped, so the map stays small.
        locks.retain(|_, lock| Arc::strong_count(lock) > 1);
        locks.entry(order_id).or_default().clone()
    }
}

impl FromRef<AppState> for Arc<Shop> {
    fn from_ref(state: &AppState) -> Arc<Shop> {
        state.shop.clone()
    }
}
