//! Checkout: pricing the cart, writing the order with its stock
//! reservation, and creating its one PaymentIntent.

use giggatek_domain::{Cart, CartItem, Money};
use giggatek_payments::{NewPaymentIntent, PaymentError};

use crate::db::shop_carts::{self, CartRow};
use crate::db::shop_orders::{self, CreateOutcome, NewOrder, OrderLineRow, OrderRow};
use crate::shop::error::ShopError;
use crate::shop::{Shop, clock};

/// A checkout as the API received it.
#[derive(Debug, Clone)]
pub struct CheckoutRequest {
    pub cart: CartRow,
    /// The client's `Idempotency-Key` header, if sent.
    pub idempotency_key: Option<String>,
    pub customer_id: Option<i64>,
    pub email: String,
    /// A PaymentMethod id the customer's browser made, attached at creation.
    pub payment_method: Option<String>,
}

/// The order a checkout gave, new or found again.
#[derive(Debug, Clone)]
pub struct CheckoutOutcome {
    pub order: OrderRow,
    /// Whether this request wrote the order.
    pub created: bool,
    /// The PaymentIntent's client secret while the order awaits payment.
    pub client_secret: Option<String>,
}

/// Prices a list of cart items with the domain's rules; every amount comes
/// from the catalog, never from the client.
pub fn price_items(
    shop: &Shop,
    items: &[shop_carts::CartItemRow],
) -> Result<(giggatek_domain::PricedCart, Cart), ShopError> {
    let mut cart = Cart::new();
    for item in items {
        let unit_price = Money::from_cents_checked(item.product.price_cents)
            .map_err(|error| anyhow::anyhow!("product {} has an invalid price: {error}", item.product.sku))?;
        let quantity = u32::try_from(item.quantity)
            .map_err(|_| ShopError::invalid("quantity", format!("quantity {} is not allowed", item.quantity)))?;
        let line = CartItem {
            product_id: item.product.id,
            sku: item.product.sku.clone(),
            barcode: String::new(),
            name: item.product.name.clone(),
            unit_price,
            taxable: item.product.taxable,
        };
        cart.add(line, quantity)
            .map_err(|error| ShopError::invalid("quantity", error.to_string()))?;
    }
    let priced = cart
        .price(shop.config.tax)
        .map_err(|error| ShopError::invalid("cart", error.to_string()))?;
    Ok((priced, cart))
}

/// Checks out a cart: one order per cart (and per idempotency key), however
/// often or concurrently the same checkout is sent.
pub async fn checkout(shop: &Shop, request: CheckoutRequest) -> Result<CheckoutOutcome, ShopError> {
    if let Some(order) = existing_order(shop, &request).await? {
        return finish(shop, order, false, request.payment_method).await;
    }
    let items = shop_carts::items(&shop.db, request.cart.id).await?;
    if items.is_empty() {
        return Err(ShopError::invalid(
            "cart_id",
            "the cart is empty: add products before checking out",
        ));
    }
    for item in &items {
        if !item.product.on_sale {
            return Err(ShopError::conflict(
                "not_for_sale",
                format!("{} is no longer sold online: remove it from the cart", item.product.sku),
            ));
        }
        if item.quantity > item.product.stock_available {
            return Err(out_of_stock(&item.product.sku, item.product.stock_available));
        }
    }
    let (priced, cart) = price_items(shop, &items)?;
    if priced.total.cents() <= 0 {
        return Err(ShopError::invalid(
            "cart_id",
            "the cart's total is zero: nothing to pay",
        ));
    }
    let lines = cart
        .lines()
        .iter()
        .zip(&priced.lines)
        .map(|(line, amounts)| OrderLineRow {
            product_id: line.item.product_id,
            sku: line.item.sku.clone(),
            name: line.item.name.clone(),
            quantity: i64::from(line.quantity),
            unit_price_cents: line.unit_price.cents(),
            tax_cents: amounts.tax.cents(),
            total_cents: (amounts.net + amounts.tax).cents(),
        })
        .collect();
    let new_order = NewOrder {
        cart_id: request.cart.id,
        idempotency_key: request.idempotency_key.clone(),
        customer_id: request.customer_id,
        email: request.email.clone(),
        subtotal_cents: priced.subtotal.cents(),
        tax_cents: priced.tax.cents(),
        total_cents: priced.total.cents(),
        lines,
        reservation_expires_at: clock::from_now(shop.config.reservation_seconds),
    };
    match shop_orders::create(&shop.db, &new_order, &clock::now()).await? {
        CreateOutcome::Created(order_id) => {
            let order = shop_orders::find(&shop.db, order_id)
                .await?
                .ok_or_else(|| anyhow::anyhow!("order {order_id} vanished after its commit"))?;
            tracing::info!(order_id, total_cents = order.total_cents, "order created");
            finish(shop, order, true, request.payment_method).await
        }
        CreateOutcome::AlreadyExists => {
            let order = existing_order(shop, &request)
                .await?
                .ok_or_else(|| anyhow::anyhow!("a checkout clashed with an order that is not found"))?;
            finish(shop, order, false, request.payment_method).await
        }
        CreateOutcome::OutOfStock(sku) => Err(out_of_stock(&sku, 0)),
    }
}

fn out_of_stock(sku: &str, available: i64) -> ShopError {
    ShopError::conflict(
        "out_of_stock",
        format!("not enough stock of {sku}: {available} available; lower the quantity"),
    )
}

/// Finds the order this checkout already made, by idempotency key or by cart.
async fn existing_order(shop: &Shop, request: &CheckoutRequest) -> Result<Option<OrderRow>, ShopError> {
    if let Some(key) = &request.idempotency_key
        && let Some(order) = shop_orders::find_by_idempotency_key(&shop.db, key).await?
    {
        if order.cart_id != request.cart.id {
            return Err(ShopError::invalid(
                "Idempotency-Key",
                "this key was used for another cart's checkout: send a new key",
            ));
        }
        return Ok(Some(order));
    }
    Ok(shop_orders::find_by_cart(&shop.db, request.cart.id).await?)
}

/// Makes sure an order awaiting payment has its PaymentIntent and returns
/// the client secret for it.
async fn finish(
    shop: &Shop,
    order: OrderRow,
    created: bool,
    payment_method: Option<String>,
) -> Result<CheckoutOutcome, ShopError> {
    if order.status != "awaiting_payment" {
        return Ok(CheckoutOutcome {
            order,
            created,
            client_secret: None,
        });
    }
    let gateway = shop
        .payments
        .clone()
        .ok_or_else(|| ShopError::PaymentsUnavailable("card payments are not configured on this server".to_owned()))?;
    let lock = shop.payment_intent_lock(order.id);
    let _guard = lock.lock().await;
    let order = shop_orders::find(&shop.db, order.id).await?.unwrap_or(order);
    let intent = match &order.payment_intent_id {
        Some(payment_intent_id) => gateway.retrieve_payment_intent(payment_intent_id).await,
        None => {
            let cart = shop_orders::find_cart_public_id(&shop.db, order.cart_id).await?;
            let created_intent = gateway
                .create_payment_intent(&NewPaymentIntent {
                    amount: Money::from_cents(order.total_cents),
                    idempotency_key: format!("giggatek-order-{}-cart-{cart}", order.id),
                    order_reference: order.id.to_string(),
                    payment_method,
                })
                .await;
            if let Ok(intent) = &created_intent {
                if let Some(hook) = &shop.checkout_hook {
                    hook(order.id, intent.id.clone()).await;
                }
                shop_orders::link_payment_intent(&shop.db, order.id, &intent.id, &clock::now()).await?;
                // An event for this PaymentIntent may be waiting already.
                shop.event_queue.notify_one();
            }
            created_intent
        }
    };
    let intent = intent.map_err(|error| {
        tracing::warn!(order_id = order.id, %error, "creating or reading the order's PaymentIntent failed");
        match error {
            PaymentError::Rejected { message, .. } => ShopError::PaymentRejected(message),
            other => ShopError::PaymentsUnavailable(format!("{other}; retry the checkout")),
        }
    })?;
    let order = shop_orders::find(&shop.db, order.id).await?.unwrap_or(order);
    Ok(CheckoutOutcome {
        order,
        created,
        client_secret: intent.client_secret,
    })
}
