//! [`PaymentGateway`] over async-stripe's HTTP client.

use std::collections::HashMap;
use std::time::Duration;

use async_trait::async_trait;
use giggatek_domain::Money;
use stripe::{Client, ClientBuilder, IdempotencyKey, RequestStrategy, StripeError, StripeRequest};
use stripe_core::payment_intent::{CancelPaymentIntent, CreatePaymentIntent, RetrievePaymentIntent};
use stripe_core::refund::CreateRefund;

use crate::ORDER_METADATA_KEY;
use crate::gateway::{NewPaymentIntent, NewRefund, PaymentError, PaymentGateway, PaymentIntent, Refund};

/// How long one request to Stripe may take before it counts as unavailable.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

/// Stripe (or localstripe) reached with a secret API key.
pub struct StripeGateway {
    client: Client,
}

impl std::fmt::Debug for StripeGateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StripeGateway { .. }")
    }
}

impl StripeGateway {
    /// Builds a client for `secret_key` (`sk_live_...` or `sk_test_...`).
    /// `api_base` replaces `https://api.stripe.com/`, for localstripe in tests.
    pub fn new(secret_key: &str, api_base: Option<&str>) -> Result<StripeGateway, PaymentError> {
        let mut builder = ClientBuilder::new(secret_key).timeout(REQUEST_TIMEOUT);
        if let Some(base) = api_base {
            let base = if base.ends_with('/') {
                base.to_string()
            } else {
                format!("{base}/")
            };
            builder = builder.url(base);
        }
        let client = builder
            .build()
            .map_err(|error| PaymentError::Invalid(error.to_string()))?;
        Ok(StripeGateway { client })
    }
}

#[async_trait]
impl PaymentGateway for StripeGateway {
    async fn create_payment_intent(&self, request: &NewPaymentIntent) -> Result<PaymentIntent, PaymentError> {
        if request.amount.cents() <= 0 {
            return Err(PaymentError::Invalid(format!(
                "a PaymentIntent needs a positive amount, not {} cents",
                request.amount.cents()
            )));
        }
        let metadata = HashMap::from([(ORDER_METADATA_KEY.to_string(), request.order_reference.clone())]);
        let mut create =
            CreatePaymentIntent::new(request.amount.cents(), stripe_types::Currency::USD).metadata(metadata);
        if let Some(payment_method) = &request.payment_method {
            create = create.payment_method(payment_method.clone());
        }
        let intent = create
            .customize()
            .request_strategy(idempotent(&request.idempotency_key)?)
            .send(&self.client)
            .await
            .map_err(payment_error)?;
        Ok(read_payment_intent(&intent))
    }

    async fn retrieve_payment_intent(&self, payment_intent_id: &str) -> Result<PaymentIntent, PaymentError> {
        let intent = RetrievePaymentIntent::new(payment_intent_id)
            .send(&self.client)
            .await
            .map_err(payment_error)?;
        Ok(read_payment_intent(&intent))
    }

    async fn cancel_payment_intent(
        &self,
        payment_intent_id: &str,
        idempotency_key: &str,
    ) -> Result<PaymentIntent, PaymentError> {
        // No cancellation_reason: localstripe rejects the parameter.
        let intent = CancelPaymentIntent::new(payment_intent_id)
            .customize()
            .request_strategy(idempotent(idempotency_key)?)
            .send(&self.client)
            .await
            .map_err(payment_error)?;
        Ok(read_payment_intent(&intent))
    }

    async fn refund(&self, request: &NewRefund) -> Result<Refund, PaymentError> {
        let mut create = CreateRefund::new().payment_intent(request.payment_intent_id.clone());
        if let Some(amount) = request.amount {
            create = create.amount(amount.cents());
        }
        let refund = create
            .customize()
            .request_strategy(idempotent(&request.idempotency_key)?)
            .send(&self.client)
            .await
            .map_err(payment_error)?;
        Ok(Refund {
            id: refund.id.to_string(),
            amount: Money::from_cents(refund.amount),
            status: refund.status.unwrap_or_default(),
        })
    }
}

fn idempotent(key: &str) -> Result<RequestStrategy, PaymentError> {
    let key = IdempotencyKey::new(key).map_err(|error| PaymentError::Invalid(format!("idempotency key: {error}")))?;
    Ok(RequestStrategy::Idempotent(key))
}

fn read_payment_intent(intent: &stripe_shared::PaymentIntent) -> PaymentIntent {
    PaymentIntent {
        id: intent.id.to_string(),
        amount: Money::from_cents(intent.amount),
        status: intent.status.as_str().to_string(),
        client_secret: intent.client_secret.clone(),
    }
}

/// Maps async-stripe's error to the gateway's: an answer it cannot parse is
/// [`PaymentError::Unreadable`], kept apart from no answer at all.
pub(crate) fn payment_error(error: StripeError) -> PaymentError {
    match error {
        StripeError::Stripe(details, status) => PaymentError::Rejected {
            status,
            message: details.message.unwrap_or_else(|| details.type_.as_str().to_string()),
        },
        StripeError::JSONDeserialize(message) => PaymentError::Unreadable(message),
        StripeError::Timeout => PaymentError::Unavailable("the request timed out".to_string()),
        other => PaymentError::Unavailable(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unparsable_answer_is_unreadable() {
        let error = payment_error(StripeError::JSONDeserialize("missing field `object`".to_string()));
        assert_eq!(error, PaymentError::Unreadable("missing field `object`".to_string()));
        assert_eq!(
            error.to_string(),
            "Stripe's answer could not be read: missing field `object`"
        );
    }

    #[test]
    fn no_answer_is_unavailable() {
        let error = payment_error(StripeError::ClientError("connection refused".to_string()));
        assert_eq!(
            error.to_string(),
            "Stripe could not be reached: error communicating with stripe: connection refused"
        );
        let timeout = payment_error(StripeError::Timeout);
        assert_eq!(timeout, PaymentError::Unavailable("the request timed out".to_string()));
    }
}
