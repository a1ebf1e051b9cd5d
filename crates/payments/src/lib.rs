//! Card payments through Stripe for the online shop.
//!
//! - [`PaymentGateway`]: the operations the shop needs (create a PaymentIntent
//!   under an idempotency key, retrieve one, refund), with
//!   [`StripeGateway`] as the implementation over async-stripe.
//! - [`signature`]: Stripe's webhook signature check on the raw body.
//! - [`event`]: the webhook events the shop applies, read leniently.
//!
//! This crate is apart from the server because async-stripe takes minutes to
//! compile; the server's own changes rebuild without it.

pub mod event;
pub mod gateway;
#[cfg(feature = "localstripe")]
pub mod localstripe;
pub mod signature;
mod stripe_gateway;

pub use event::{EventError, EventKind, PaymentIntentFacts, RefundFacts, StripeEvent, parse_event};
pub use gateway::{NewPaymentIntent, NewRefund, PaymentError, PaymentGateway, PaymentIntent, Refund};
pub use signature::{DEFAULT_TOLERANCE_SECONDS, SignatureError};
pub use stripe_gateway::StripeGateway;

/// The PaymentIntent metadata key that holds the shop's order reference.
pub const ORDER_METADATA_KEY: &str = "order_id";
