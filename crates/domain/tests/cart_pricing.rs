//! Cart pricing with exact cents: tax rounding modes, discounts and the
//! properties every priced cart keeps.

#![allow(clippy::unwrap_used, reason = "a test fails loudly on any unexpected error")]

use giggatek_domain::{
    Cart, CartError, CartItem, CashRounding, Discount, DiscountError, Money, Percent, TaxRounding, TaxSettings, Tender,
    settle,
};
use proptest::prelude::*;

fn item(product_id: i64, name: &str, cents: i64) -> CartItem {
    CartItem {
        product_id,
        sku: format!("GG{product_id:07}"),
        barcode: String::new(),
        name: name.to_string(),
        unit_price: Money::from_cents(cents),
        taxable: true,
    }
}

fn tax(rounding: TaxRounding) -> TaxSettings {
    TaxSettings {
        rate: Percent::parse("8.25").unwrap(),
        rounding,
    }
}

fn three_small_items() -> Cart {
    let mut cart = Cart::new();
    cart.add(item(1, "USB cable", 199), 1).unwrap();
    cart.add(item(2, "Mouse pad", 499), 1).unwrap();
    cart.add(item(3, "Thermal paste", 1299), 1).unwrap();
    cart
}

#[test]
fn three_lines_at_99_cents_tax_per_line() {
    let mut cart = Cart::new();
    for id in 1..=3 {
        cart.add(item(id, "Cable tie pack", 99), 1).unwrap();
    }
    let priced = cart.price(tax(TaxRounding::PerLine)).unwrap();
    assert_eq!(priced.tax, Money::from_cents(24));
    assert_eq!(priced.total, Money::from_cents(321));
}

#[test]
fn three_lines_at_99_cents_tax_per_invoice() {
    let mut cart = Cart::new();
    for id in 1..=3 {
        cart.add(item(id, "Cable tie pack", 99), 1).unwrap();
    }
    let priced = cart.price(tax(TaxRounding::PerInvoice)).unwrap();
    assert_eq!(priced.tax, Money::from_cents(25));
    assert_eq!(priced.total, Money::from_cents(322));
}

#[test]
fn field_case_line_and_invoice_rounding() {
    let cart = three_small_items();

    let per_line = cart.price(tax(TaxRounding::PerLine)).unwrap();
    let line_taxes: Vec<i64> = per_line.lines.iter().map(|l| l.tax.cents()).collect();
    assert_eq!(per_line.subtotal, Money::from_cents(1997));
    assert_eq!(line_taxes, vec![16, 41, 107]);
    assert_eq!(per_line.tax, Money::from_cents(164));
    assert_eq!(per_line.total, Money::from_cents(2161));

    let per_invoice = cart.price(tax(TaxRounding::PerInvoice)).unwrap();
    assert_eq!(per_invoice.tax, Money::from_cents(165));
    assert_eq!(per_invoice.total, Money::from_cents(2162));
    let shares: Money = per_invoice.lines.iter().map(|l| l.tax).sum();
    assert_eq!(shares, Money::from_cents(165));
}

#[test]
fn fixed_discount_above_item_price_rejected() {
    let mut cart = Cart::new();
    cart.add(item(7, "Cordless drill", 1500), 1).unwrap();
    let result = cart.set_line_discount(0, Some(Discount::Amount(Money::from_cents(2000))));
    assert_eq!(
        result,
        Err(CartError::Discount(DiscountError::TooLarge {
            requested: Money::from_cents(2000),
            base: Money::from_cents(1500),
        }))
    );
    assert_eq!(
        result.unwrap_err().to_string(),
        "a discount of 20.00 is more than the 15.00 it applies to; the largest allowed is 15.00"
    );

    let priced = cart.price(tax(TaxRounding::PerLine)).unwrap();
    assert_eq!(priced.discount, Money::ZERO);
    assert_eq!(priced.tax, Money::from_cents(124));
    assert_eq!(priced.total, Money::from_cents(1624));

    let settled = settle(
        priced.total,
        &[Tender::Cash {
            tendered: Money::from_cents(2000),
        }],
        CashRounding::None,
    );
    assert_eq!(settled.map(|s| s.change), Ok(Money::from_cents(376)));
}

#[test]
fn cart_discount_above_subtotal_rejected() {
    let mut cart = three_small_items();
    let result = cart.set_cart_discount(Some(Discount::Amount(Money::from_cents(1998))));
    assert!(matches!(
        result,
        Err(CartError::Discount(DiscountError::TooLarge { .. }))
    ));
    assert_eq!(cart.discount(), None);
}

#[test]
fn removing_a_line_that_would_leave_discount_too_large_rejected() {
    let mut cart = three_small_items();
    cart.set_cart_discount(Some(Discount::Amount(Money::from_cents(1000))))
        .unwrap();
    let result = cart.remove_line(2);
    assert!(matches!(result, Err(CartError::Discount(_))));
    assert_eq!(cart.lines().len(), 3);
}

#[test]
fn cart_discount_spreads_over_lines_and_lowers_tax() {
    let mut cart = three_small_items();
    cart.set_cart_discount(Some(Discount::Percent(Percent::parse("10").unwrap())))
        .unwrap();
    let priced = cart.price(tax(TaxRounding::PerLine)).unwrap();
    let shares: Vec<i64> = priced.lines.iter().map(|l| l.cart_discount.cents()).collect();
    assert_eq!(priced.discount, Money::from_cents(200));
    assert_eq!(shares, vec![20, 50, 130]);
    assert_eq!(priced.tax, Money::from_cents(148));
    assert_eq!(priced.total, Money::from_cents(1945));
}

#[test]
fn scanning_same_item_raises_quantity() {
    let mut cart = Cart::new();
    assert_eq!(cart.add(item(1, "SSD", 5999), 1), Ok(0));
    assert_eq!(cart.add(item(1, "SSD", 5999), 2), Ok(0));
    assert_eq!(cart.lines().len(), 1);
    assert_eq!(cart.lines()[0].quantity, 3);
}

#[test]
fn quantity_limits_enforced() {
    let mut cart = Cart::new();
    assert_eq!(cart.add(item(1, "SSD", 5999), 0), Err(CartError::InvalidQuantity(0)));
    assert_eq!(
        cart.add(item(1, "SSD", 5999), 10_000),
        Err(CartError::InvalidQuantity(10_000))
    );
    cart.add(item(1, "SSD", 5999), 9_999).unwrap();
    assert_eq!(
        cart.add(item(1, "SSD", 5999), 1),
        Err(CartError::InvalidQuantity(10_000))
    );
    assert_eq!(cart.set_quantity(5, 1), Err(CartError::NoSuchLine(5)));
}

#[test]
fn price_override_changes_line_price() {
    let mut cart = Cart::new();
    cart.add(item(1, "Monitor", 24_900), 2).unwrap();
    cart.override_price(0, Money::from_cents(19_900)).unwrap();
    let priced = cart.price(tax(TaxRounding::PerLine)).unwrap();
    assert_eq!(priced.subtotal, Money::from_cents(39_800));
    assert_eq!(cart.lines()[0].item.unit_price, Money::from_cents(24_900));
}

#[test]
fn untaxed_item_carries_no_tax() {
    let mut cart = Cart::new();
    let mut gift_card = item(9, "Gift card", 5000);
    gift_card.taxable = false;
    cart.add(gift_card, 1).unwrap();
    cart.add(item(1, "USB cable", 199), 1).unwrap();
    let priced = cart.price(tax(TaxRounding::PerInvoice)).unwrap();
    assert_eq!(priced.lines[0].tax, Money::ZERO);
    assert_eq!(priced.tax, Money::from_cents(16));
}

fn discount_strategy() -> impl Strategy<Value = Option<Discount>> {
    prop_oneof![
        Just(None),
        (0_i64..=1_000_000).prop_map(|m| Some(Discount::Percent(Percent::from_millionths(m).unwrap()))),
        (0_i64..50_000).prop_map(|c| Some(Discount::Amount(Money::from_cents(c)))),
    ]
}

prop_compose! {
    fn cart_line()(cents in 0_i64..2_000_000, quantity in 1_u32..50, taxable in any::<bool>(),
                   discount in discount_strategy()) -> (i64, u32, bool, Option<Discount>) {
        (cents, quantity, taxable, discount)
    }
}

proptest! {
    #[test]
    fn totals_equal_sum_of_lines(
        lines in proptest::collection::vec(cart_line(), 1..12),
        cart_discount in discount_strategy(),
        per_invoice in any::<bool>(),
        rate in 0_i64..150_000,
    ) {
        let mut cart = Cart::new();
        for (index, (cents, quantity, taxable, discount)) in lines.into_iter().enumerate() {
            let mut line_item = item(i64::try_from(index).unwrap(), "Part", cents);
            line_item.taxable = taxable;
            let added = cart.add(line_item, quantity).unwrap();
            // An over-large discount is rejected and the line keeps none.
            let _ = cart.set_line_discount(added, discount);
        }
        let _ = cart.set_cart_discount(cart_discount);
        let rounding = if per_invoice { TaxRounding::PerInvoice } else { TaxRounding::PerLine };
        let settings = TaxSettings { rate: Percent::from_millionths(rate).unwrap(), rounding };
        let priced = cart.price(settings).unwrap();

        prop_assert_eq!(priced.subtotal, priced.lines.iter().map(|l| l.gross).sum::<Money>());
        prop_assert_eq!(priced.discount, priced.lines.iter().map(|l| l.line_discount + l.cart_discount).sum::<Money>());
        prop_assert_eq!(priced.tax, priced.lines.iter().map(|l| l.tax).sum::<Money>());
        prop_assert_eq!(priced.total, priced.lines.iter().map(|l| l.net + l.tax).sum::<Money>());
        prop_assert_eq!(priced.total, priced.subtotal - priced.discount + priced.tax);
        for line in &priced.lines {
            prop_assert!(!line.gross.is_negative());
            prop_assert!(!line.line_discount.is_negative());
            prop_assert!(!line.cart_discount.is_negative());
            prop_assert!(!line.net.is_negative());
            prop_assert!(!line.tax.is_negative());
            prop_assert_eq!(line.net, line.gross - line.line_discount - line.cart_discount);
        }
        prop_assert!(!priced.total.is_negative());
    }

    #[test]
    fn settlement_pays_exactly_the_amount_due(total in 0_i64..1_000_000, extra in 0_i64..10_000, nickel in any::<bool>()) {
        let rounding = if nickel { CashRounding::Nickel } else { CashRounding::None };
        let tendered = Money::from_cents(total + extra + 2);
        let settled = settle(Money::from_cents(total), &[Tender::Cash { tendered }], rounding).unwrap();
        let paid: Money = settled.payments.iter().map(|p| p.amount).sum();
        prop_assert_eq!(paid, settled.amount_due);
        prop_assert_eq!(settled.amount_due, Money::from_cents(total) + settled.rounding);
        prop_assert!(settled.rounding.cents().abs() <= 2);
        prop_assert!(!settled.change.is_negative());
        prop_assert_eq!(settled.change, tendered - settled.amount_due);
    }
}

#[test]
fn total_with_tax_over_limit_is_rejected() {
    let mut cart = Cart::new();
    // 9,999,999.00 before tax is allowed; 8.25 % tax takes it past 10,000,000.00.
    cart.add(item(1, "Server rack", 999_999_900), 1).unwrap();
    assert_eq!(cart.price(tax(TaxRounding::PerLine)), Err(CartError::TotalTooLarge));
    let untaxed = TaxSettings {
        rate: Percent::ZERO,
        rounding: TaxRounding::PerLine,
    };
    assert_eq!(cart.price(untaxed).unwrap().total, Money::from_cents(999_999_900));
}
