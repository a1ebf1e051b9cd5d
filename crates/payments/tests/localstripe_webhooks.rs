//! Webhooks that localstripe signs and delivers, checked by this crate's
//! signature verification and event parsing.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use giggatek_domain::Money;
use giggatek_payments::localstripe::{Localstripe, TEST_SECRET_KEY};
use giggatek_payments::signature::{DEFAULT_TOLERANCE_SECONDS, verify};
use giggatek_payments::{EventKind, NewPaymentIntent, NewRefund, PaymentGateway, StripeGateway, parse_event};

const WEBHOOK_SECRET: &str = "whsec_giggatek_test";

/// One webhook request as received: the Stripe-Signature header and the raw body.
struct Delivery {
    signature: Option<String>,
    body: Vec<u8>,
}

/// Accepts webhook requests on 127.0.0.1 and responds to each with 200.
fn webhook_endpoint() -> (String, mpsc::Receiver<Delivery>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/webhooks/stripe", listener.local_addr().expect("address"));
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut signature = None;
            let mut length = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some((name, value)) = line.split_once(':') {
                    match name.to_ascii_lowercase().as_str() {
                        "stripe-signature" => signature = Some(value.trim().to_string()),
                        "content-length" => length = value.trim().parse().unwrap_or(0),
                        _ => {}
                    }
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).expect("body");
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            if sender.send(Delivery { signature, body }).is_err() {
                return;
            }
        }
    });
    (url, receiver)
}

fn now() -> i64 {
    let seconds = SystemTime::now().duration_since(UNIX_EPOCH).expect("clock").as_secs();
    i64::try_from(seconds).expect("seconds fit")
}

fn next_delivery_of(receiver: &mpsc::Receiver<Delivery>, event_type: &str) -> Delivery {
    loop {
        let delivery = receiver
            .recv_timeout(Duration::from_secs(60))
            .expect("a webhook arrives");
        let event = parse_event(&delivery.body).expect("event parses");
        if event.event_type == event_type {
            return delivery;
        }
    }
}

#[tokio::test]
async fn localstripe_signatures_verify_and_events_parse() {
    let (url, receiver) = webhook_endpoint();
    let localstripe = Localstripe::start().expect("localstripe starts");
    localstripe
        .configure_webhook(&url, WEBHOOK_SECRET)
        .expect("webhook configured");
    let gateway = StripeGateway::new(TEST_SECRET_KEY, Some(localstripe.base_url())).expect("gateway");

    let intent = gateway
        .create_payment_intent(&NewPaymentIntent {
            amount: Money::from_cents(8977),
            idempotency_key: "order-1043-payment-intent".to_string(),
            order_reference: "1043".to_string(),
            payment_method: Some("pm_card_visa".to_string()),
        })
        .await
        .expect("PaymentIntent");
    localstripe.confirm_payment_intent(&intent.id).await.expect("confirm");

    let succeeded = next_delivery_of(&receiver, "payment_intent.succeeded");
    let checked = verify(
        &succeeded.body,
        succeeded.signature.as_deref(),
        WEBHOOK_SECRET,
        now(),
        DEFAULT_TOLERANCE_SECONDS,
    );
    assert_eq!(checked, Ok(()));
    let event = parse_event(&succeeded.body).expect("event");
    let EventKind::PaymentSucceeded(facts) = event.kind else {
        panic!("expected a payment success, got {:?}", event.kind);
    };
    assert_eq!(facts.payment_intent_id, intent.id);
    assert_eq!(facts.amount_cents, Some(8977));
    assert_eq!(facts.order_reference.as_deref(), Some("1043"));

    gateway
        .refund(&NewRefund {
            payment_intent_id: intent.id.clone(),
            amount: None,
            idempotency_key: "order-1043-refund-1".to_string(),
        })
        .await
        .expect("refund");
    let refunded = next_delivery_of(&receiver, "charge.refunded");
    let checked = verify(
        &refunded.body,
        refunded.signature.as_deref(),
        WEBHOOK_SECRET,
        now(),
        DEFAULT_TOLERANCE_SECONDS,
    );
    assert_eq!(checked, Ok(()));
    let event = parse_event(&refunded.body).expect("event");
    let EventKind::ChargeRefunded(facts) = event.kind else {
        panic!("expected a refund, got {:?}", event.kind);
    };
    assert_eq!(facts.payment_intent_id.as_deref(), Some(intent.id.as_str()));
    assert_eq!(facts.amount_refunded_cents, 8977);

    let mut altered = refunded.body.clone();
    if let Some(byte) = altered.iter_mut().find(|byte| **byte == b'7') {
        *byte = b'8';
    }
    let checked = verify(
        &altered,
        refunded.signature.as_deref(),
        WEBHOOK_SECRET,
        now(),
        DEFAULT_TOLERANCE_SECONDS,
    );
    assert!(checked.is_err(), "an altered body must not verify");
}
