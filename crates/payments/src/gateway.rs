//! The payment operations the shop needs, independent of the Stripe client.

use async_trait::async_trait;
use giggatek_domain::Money;

/// A card payment service: Stripe in production, localstripe in tests.
#[async_trait]
pub trait PaymentGateway: Send + Sync {
    /// Creates a PaymentIntent, or returns the one already created under the
    /// same idempotency key.
    async fn create_payment_intent(&self, request: &NewPaymentIntent) -> Result<PaymentIntent, PaymentError>;

    /// Reads a PaymentIntent's current state.
    async fn retrieve_payment_intent(&self, payment_intent_id: &str) -> Result<PaymentIntent, PaymentError>;

    /// Cancels a PaymentIntent that has not succeeded, so no payment can
    /// complete on it. Stripe rejects the request when the PaymentIntent
    /// already succeeded, is processing or is canceled; callers read its
    /// status to tell these apart.
    async fn cancel_payment_intent(
        &self,
        payment_intent_id: &str,
        idempotency_key: &str,
    ) -> Result<PaymentIntent, PaymentError>;

    /// Refunds a PaymentIntent's charge in full or in part.
    async fn refund(&self, request: &NewRefund) -> Result<Refund, PaymentError>;
}

/// A PaymentIntent to create for an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPaymentIntent {
    pub amount: Money,
    /// Sent as Stripe's `Idempotency-Key`, so a retried request returns the
    /// first PaymentIntent instead of creating a second one. Derive it from
    /// the order, never from the request.
    pub idempotency_key: String,
    /// Stored in the PaymentIntent's metadata under `order_id`, so every
    /// event about it names the order even if the order's own record of
    /// the PaymentIntent id is not written yet.
    pub order_reference: String,
    /// A PaymentMethod id (`pm_...`) the customer's browser already created,
    /// attached at creation; `None` leaves it for the browser to add.
    pub payment_method: Option<String>,
}

/// A refund to send to Stripe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRefund {
    pub payment_intent_id: String,
    /// The amount to refund; `None` refunds what is left of the charge.
    pub amount: Option<Money>,
    pub idempotency_key: String,
}

/// The parts of a Stripe PaymentIntent the shop reads.
#[derive(Clone, PartialEq, Eq)]
pub struct PaymentIntent {
    pub id: String,
    pub amount: Money,
    /// Stripe's status string, such as `requires_payment_method` or
    /// `succeeded`.
    pub status: String,
    /// The secret the customer's browser confirms the payment with. It goes
    /// to that customer only and never into a log.
    pub client_secret: Option<String>,
}

impl std::fmt::Debug for PaymentIntent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PaymentIntent")
            .field("id", &self.id)
            .field("amount", &self.amount)
            .field("status", &self.status)
            .field("client_secret", &self.client_secret.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

/// The parts of a Stripe Refund the shop reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refund {
    pub id: String,
    pub amount: Money,
    /// Stripe's status string, such as `succeeded` or `pending`.
    pub status: String,
}

/// Failures of a payment operation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    /// Stripe answered and refused the request, for example a declined card
    /// (402) or an unknown PaymentIntent (404).
    #[error("Stripe rejected the request (HTTP {status}): {message}")]
    Rejected { status: u16, message: String },
    /// The request did not get an answer from Stripe. Retrying with the
    /// same idempotency key is safe.
    #[error("Stripe could not be reached: {0}")]
    Unavailable(String),
    /// Stripe answered, but the answer could not be read, so whether the
    /// request took effect is unknown. Retrying with the same idempotency
    /// key is safe: Stripe returns the first answer again.
    #[error("Stripe's answer could not be read: {0}")]
    Unreadable(String),
    /// The request itself is invalid before it reaches Stripe.
    #[error("invalid payment request: {0}")]
    Invalid(String),
}
