//! The Stripe events the shop applies, read leniently from a webhook body.
//!
//! Only the fields the shop uses are read, and only `id` and `type` are
//! required. Stripe leaves fields out of event payloads that its full API
//! objects carry (a Charge in an event has no `refunds` list, for example),
//! and a strict typed model would reject such genuine events.

use serde_json::Value;

/// A webhook event, reduced to what the shop needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StripeEvent {
    /// Stripe's event id (`evt_...`), unique per event and repeated on
    /// every redelivery of it.
    pub id: String,
    /// The event type as sent, such as `payment_intent.succeeded`.
    pub event_type: String,
    /// Unix time at which Stripe created the event.
    pub created: i64,
    pub kind: EventKind,
}

/// What an event means for an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventKind {
    PaymentSucceeded(PaymentIntentFacts),
    PaymentFailed(PaymentIntentFacts),
    PaymentCanceled(PaymentIntentFacts),
    ChargeRefunded(RefundFacts),
    /// A type the shop does not act on; it is acknowledged and kept.
    Ignored,
    /// A type the shop acts on, but without a field it needs, such as the
    /// PaymentIntent id. It is acknowledged and kept for staff to look at.
    Unusable {
        reason: String,
    },
}

/// The facts of a `payment_intent.*` event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentIntentFacts {
    pub payment_intent_id: String,
    /// The PaymentIntent's `amount`, in cents.
    pub amount_cents: Option<i64>,
    /// The PaymentIntent's `amount_received`, in cents, when Stripe sends it.
    pub amount_received_cents: Option<i64>,
    /// The `order_id` the shop put into the PaymentIntent's metadata.
    pub order_reference: Option<String>,
}

/// The facts of a `charge.refunded` event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundFacts {
    pub charge_id: String,
    pub payment_intent_id: Option<String>,
    /// The charge's running total `amount_refunded`, in cents.
    pub amount_refunded_cents: i64,
    pub order_reference: Option<String>,
}

/// Reasons a body cannot be read as an event at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EventError {
    #[error("the webhook body is not JSON: {0}")]
    NotJson(String),
    #[error("the webhook body has no string field \"{0}\"")]
    MissingField(&'static str),
}

/// Reads an event from a verified webhook body.
///
/// Fails only when the body is not JSON or has no `id` or `type`; every other
/// gap becomes [`EventKind::Unusable`] so the event is still acknowledged.
pub fn parse_event(body: &[u8]) -> Result<StripeEvent, EventError> {
    let value: Value = serde_json::from_slice(body).map_err(|error| EventError::NotJson(error.to_string()))?;
    let id = value
        .get("id")
        .and_then(Value::as_str)
        .ok_or(EventError::MissingField("id"))?
        .to_string();
    let event_type = value
        .get("type")
        .and_then(Value::as_str)
        .ok_or(EventError::MissingField("type"))?
        .to_string();
    let created = value.get("created").and_then(Value::as_i64).unwrap_or(0);
    let object = value.get("data").and_then(|data| data.get("object"));
    let kind = match (event_type.as_str(), object) {
        ("payment_intent.succeeded", Some(object)) => payment_intent(object).map(EventKind::PaymentSucceeded),
        ("payment_intent.payment_failed", Some(object)) => payment_intent(object).map(EventKind::PaymentFailed),
        ("payment_intent.canceled", Some(object)) => payment_intent(object).map(EventKind::PaymentCanceled),
        ("charge.refunded", Some(object)) => refund(object).map(EventKind::ChargeRefunded),
        (
            "payment_intent.succeeded"
            | "payment_intent.payment_failed"
            | "payment_intent.canceled"
            | "charge.refunded",
            None,
        ) => Err("the event has no data.object".to_string()),
        _ => Ok(EventKind::Ignored),
    }
    .unwrap_or_else(|reason| EventKind::Unusable { reason });
    Ok(StripeEvent {
        id,
        event_type,
        created,
        kind,
    })
}

fn payment_intent(object: &Value) -> Result<PaymentIntentFacts, String> {
    let payment_intent_id = string_field(object, "id").ok_or("the PaymentIntent has no id")?;
    Ok(PaymentIntentFacts {
        payment_intent_id,
        amount_cents: object.get("amount").and_then(Value::as_i64),
        amount_received_cents: object.get("amount_received").and_then(Value::as_i64),
        order_reference: order_reference(object),
    })
}

fn refund(object: &Value) -> Result<RefundFacts, String> {
    let charge_id = string_field(object, "id").ok_or("the Charge has no id")?;
    let amount_refunded_cents = object
        .get("amount_refunded")
        .and_then(Value::as_i64)
        .ok_or("the Charge has no integer amount_refunded")?;
    Ok(RefundFacts {
        charge_id,
        payment_intent_id: string_field(object, "payment_intent"),
        amount_refunded_cents,
        order_reference: order_reference(object),
    })
}

fn string_field(object: &Value, name: &str) -> Option<String> {
    object.get(name).and_then(Value::as_str).map(str::to_string)
}

fn order_reference(object: &Value) -> Option<String> {
    object
        .get("metadata")
        .and_then(|metadata| metadata.get(crate::ORDER_METADATA_KEY))
        .and_then(Value::as_str)
        .map(str::to_string)
}
