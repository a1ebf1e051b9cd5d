//! Reading webhook events the way Stripe sends them.

use giggatek_payments::{EventError, EventKind, parse_event};

/// A payment_intent.succeeded event as Stripe formats it: two-space
/// indentation and a JSON escape in the metadata.
const PAYMENT_SUCCEEDED: &str = r#"{
  "id": "evt_3PgaxNB7WZ01zgkW1abcdef0",
  "object": "event",
  "api_version": "2024-06-20",
  "created": 1790000000,
  "data": {
    "object": {
      "id": "pi_3PgaxNB7WZ01zgkW0xyz",
      "object": "payment_intent",
      "amount": 3284,
      "amount_received": 3284,
      "currency": "usd",
      "metadata": {
        "customer_note": "Caf\u00e9 table for Zo\u00eb",
        "order_id": "1042"
      },
      "status": "succeeded"
    }
  },
  "livemode": false,
  "pending_webhooks": 1,
  "request": {
    "id": null,
    "idempotency_key": "order-1042-payment-intent"
  },
  "type": "payment_intent.succeeded"
}"#;

/// A charge.succeeded event whose Charge has no "refunds" key, as Stripe
/// sends it in events.
const CHARGE_SUCCEEDED_WITHOUT_REFUNDS: &str = r#"{
  "id": "evt_3PgaxNB7WZ01zgkW1charge0",
  "object": "event",
  "created": 1790000001,
  "data": {
    "object": {
      "id": "ch_3PgaxNB7WZ01zgkW0chg",
      "object": "charge",
      "amount": 3284,
      "amount_refunded": 0,
      "payment_intent": "pi_3PgaxNB7WZ01zgkW0xyz",
      "paid": true
    }
  },
  "type": "charge.succeeded"
}"#;

#[test]
fn payment_succeeded_reads_intent_amount_and_order() {
    let event = parse_event(PAYMENT_SUCCEEDED.as_bytes()).expect("event parses");
    assert_eq!(event.id, "evt_3PgaxNB7WZ01zgkW1abcdef0");
    assert_eq!(event.event_type, "payment_intent.succeeded");
    assert_eq!(event.created, 1_790_000_000);
    let EventKind::PaymentSucceeded(facts) = event.kind else {
        panic!("expected a payment success, got {:?}", event.kind);
    };
    assert_eq!(facts.payment_intent_id, "pi_3PgaxNB7WZ01zgkW0xyz");
    assert_eq!(facts.amount_cents, Some(3284));
    assert_eq!(facts.amount_received_cents, Some(3284));
    assert_eq!(facts.order_reference.as_deref(), Some("1042"));
}

#[test]
fn charge_without_refunds_is_ignored_not_rejected() {
    let event = parse_event(CHARGE_SUCCEEDED_WITHOUT_REFUNDS.as_bytes()).expect("event parses");
    assert_eq!(event.event_type, "charge.succeeded");
    assert_eq!(event.kind, EventKind::Ignored);
}

#[test]
fn charge_refunded_without_refunds_list_is_read() {
    let body = CHARGE_SUCCEEDED_WITHOUT_REFUNDS
        .replace("charge.succeeded", "charge.refunded")
        .replace("\"amount_refunded\": 0", "\"amount_refunded\": 1999");
    let event = parse_event(body.as_bytes()).expect("event parses");
    let EventKind::ChargeRefunded(facts) = event.kind else {
        panic!("expected a refund, got {:?}", event.kind);
    };
    assert_eq!(facts.charge_id, "ch_3PgaxNB7WZ01zgkW0chg");
    assert_eq!(facts.payment_intent_id.as_deref(), Some("pi_3PgaxNB7WZ01zgkW0xyz"));
    assert_eq!(facts.amount_refunded_cents, 1999);
    assert_eq!(facts.order_reference, None);
}

#[test]
fn failure_and_cancel_types_are_recognised() {
    let failed = PAYMENT_SUCCEEDED.replace("payment_intent.succeeded", "payment_intent.payment_failed");
    let canceled = PAYMENT_SUCCEEDED.replace("payment_intent.succeeded", "payment_intent.canceled");
    let failed = parse_event(failed.as_bytes()).expect("parses").kind;
    let canceled = parse_event(canceled.as_bytes()).expect("parses").kind;
    assert!(matches!(failed, EventKind::PaymentFailed(_)), "got {failed:?}");
    assert!(matches!(canceled, EventKind::PaymentCanceled(_)), "got {canceled:?}");
}

#[test]
fn known_type_without_object_is_unusable() {
    let body = r#"{"id": "evt_1", "type": "payment_intent.succeeded", "data": {}}"#;
    let kind = parse_event(body.as_bytes()).expect("parses").kind;
    assert_eq!(
        kind,
        EventKind::Unusable {
            reason: "the event has no data.object".to_string()
        }
    );
    let body = r#"{"id": "evt_2", "type": "payment_intent.succeeded", "data": {"object": {"amount": 5}}}"#;
    let kind = parse_event(body.as_bytes()).expect("parses").kind;
    assert_eq!(
        kind,
        EventKind::Unusable {
            reason: "the PaymentIntent has no id".to_string()
        }
    );
}

#[test]
fn body_without_id_or_type_is_an_error() {
    assert_eq!(parse_event(br#"{"type": "x"}"#), Err(EventError::MissingField("id")));
    assert_eq!(
        parse_event(br#"{"id": "evt_1"}"#),
        Err(EventError::MissingField("type"))
    );
    assert!(matches!(parse_event(b"not json"), Err(EventError::NotJson(_))));
}
