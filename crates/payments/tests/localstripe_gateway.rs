//! The Stripe gateway against a real localstripe process on 127.0.0.1.

use giggatek_domain::Money;
use giggatek_payments::localstripe::{Localstripe, TEST_SECRET_KEY};
use giggatek_payments::{NewPaymentIntent, NewRefund, PaymentError, PaymentGateway, StripeGateway};

fn gateway(localstripe: &Localstripe) -> StripeGateway {
    StripeGateway::new(TEST_SECRET_KEY, Some(localstripe.base_url())).expect("gateway builds")
}

fn new_intent(cents: i64, order: &str, payment_method: &str) -> NewPaymentIntent {
    NewPaymentIntent {
        amount: Money::from_cents(cents),
        idempotency_key: format!("order-{order}-payment-intent"),
        order_reference: order.to_string(),
        payment_method: Some(payment_method.to_string()),
    }
}

#[tokio::test]
async fn payment_intent_create_confirm_refund() {
    let localstripe = Localstripe::start().expect("localstripe starts");
    let gateway = gateway(&localstripe);

    let created = gateway
        .create_payment_intent(&new_intent(3284, "1042", "pm_card_visa"))
        .await
        .expect("PaymentIntent is created");
    assert!(created.id.starts_with("pi_"), "id {}", created.id);
    assert_eq!(created.amount, Money::from_cents(3284));
    assert_eq!(created.status, "requires_confirmation");
    assert!(created.client_secret.is_some());

    let status = localstripe.confirm_payment_intent(&created.id).await.expect("confirm");
    assert_eq!(status, "succeeded");

    let retrieved = gateway.retrieve_payment_intent(&created.id).await.expect("retrieve");
    assert_eq!(retrieved.id, created.id);
    assert_eq!(retrieved.status, "succeeded");
    assert_eq!(retrieved.amount, Money::from_cents(3284));

    let refund = gateway
        .refund(&NewRefund {
            payment_intent_id: created.id.clone(),
            amount: Some(Money::from_cents(1999)),
            idempotency_key: "order-1042-refund-1".to_string(),
        })
        .await
        .expect("refund");
    assert!(refund.id.starts_with("re_"), "id {}", refund.id);
    assert_eq!(refund.amount, Money::from_cents(1999));
    assert_eq!(refund.status, "succeeded");
}

#[tokio::test]
async fn declined_card_and_unknown_intent_are_rejected() {
    let localstripe = Localstripe::start().expect("localstripe starts");
    let gateway = gateway(&localstripe);

    let created = gateway
        .create_payment_intent(&new_intent(5412, "1045", "pm_card_chargeCustomerFail"))
        .await
        .expect("PaymentIntent is created");
    let declined = localstripe.confirm_payment_intent(&created.id).await;
    assert!(declined.is_err(), "a declined card must fail: {declined:?}");

    let unknown = gateway.retrieve_payment_intent("pi_doesnotexist").await;
    assert!(
        matches!(unknown, Err(PaymentError::Rejected { status: 404, .. })),
        "got {unknown:?}"
    );
}

#[tokio::test]
async fn zero_amount_is_invalid_before_stripe() {
    let localstripe = Localstripe::start().expect("localstripe starts");
    let result = gateway(&localstripe)
        .create_payment_intent(&new_intent(0, "1", "pm_card_visa"))
        .await;
    assert!(matches!(result, Err(PaymentError::Invalid(_))), "got {result:?}");
}
