//! The JSON shapes the shop's API returns.

use serde::Serialize;

use crate::db::shop_catalog::ProductRow;
use crate::db::shop_orders::{OrderLineRow, OrderRow};

/// A product as customers see it. Amounts are integer cents.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProductView {
    pub id: i64,
    pub sku: String,
    pub name: String,
    pub category: String,
    pub price_cents: i64,
    pub taxable: bool,
    pub stock_available: i64,
    /// Published online and priced in the catalog: customers can find and
    /// buy it. Customers only ever see products on sale.
    pub on_sale: bool,
    /// Present on items that can be rented to own.
    pub rent_to_own: Option<RentToOwnView>,
}

/// A rentable item's rent-to-own terms.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RentToOwnView {
    /// The price to buy the item outright today.
    pub cash_price_cents: i64,
    pub payment_cents: i64,
    pub payment_count: i64,
    /// `weekly` or `monthly`.
    pub interval: String,
    /// Every payment added up: what the customer pays to own the item.
    pub total_to_own_cents: i64,
}

impl From<&ProductRow> for ProductView {
    fn from(product: &ProductRow) -> ProductView {
        let rent_to_own = match (
            product.rto_payment_cents,
            product.rto_payment_count,
            &product.rto_interval,
        ) {
            (Some(payment_cents), Some(payment_count), Some(interval)) => Some(RentToOwnView {
                cash_price_cents: product.price_cents,
                payment_cents,
                payment_count,
                interval: interval.clone(),
                total_to_own_cents: payment_cents.saturating_mul(payment_count),
            }),
            _ => None,
        };
        ProductView {
            id: product.id,
            sku: product.sku.clone(),
            name: product.name.clone(),
            category: product.category.clone(),
            price_cents: product.price_cents,
            taxable: product.taxable,
            stock_available: product.stock_available.max(0),
            on_sale: product.on_sale,
            rent_to_own,
        }
    }
}

/// An order as its customer and staff see it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OrderView {
    pub id: i64,
    /// `awaiting_payment`, `paid`, `ready_for_pickup`, `shipped`,
    /// `cancelled` or `refunded`.
    pub status: String,
    pub subtotal_cents: i64,
    pub tax_cents: i64,
    pub total_cents: i64,
    pub paid_cents: i64,
    pub refunded_cents: i64,
    pub payment_intent_id: Option<String>,
    pub reservation_expires_at: String,
    pub created_at: String,
    pub lines: Vec<OrderLineView>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OrderLineView {
    pub product_id: i64,
    pub sku: String,
    pub name: String,
    pub quantity: i64,
    pub unit_price_cents: i64,
    pub tax_cents: i64,
    pub total_cents: i64,
}

impl OrderView {
    pub fn new(order: &OrderRow, lines: &[OrderLineRow]) -> OrderView {
        OrderView {
            id: order.id,
            status: order.status.clone(),
            subtotal_cents: order.subtotal_cents,
            tax_cents: order.tax_cents,
            total_cents: order.total_cents,
            paid_cents: order.paid_cents,
            refunded_cents: order.refunded_cents,
            payment_intent_id: order.payment_intent_id.clone(),
            reservation_expires_at: order.reservation_expires_at.clone(),
            created_at: order.created_at.clone(),
            lines: lines
                .iter()
                .map(|line| OrderLineView {
                    product_id: line.product_id,
                    sku: line.sku.clone(),
                    name: line.name.clone(),
                    quantity: line.quantity,
                    unit_price_cents: line.unit_price_cents,
                    tax_cents: line.tax_cents,
                    total_cents: line.total_cents,
                })
                .collect(),
        }
    }
}
