//! `sale` and `void`: building a cart from the command line and completing
//! or abandoning it.

use giggatek_domain::{Cart, PricedCart, Tender};
use giggatek_store::{CompletedSale, SaleRequest, Store};

use super::{Context, approver, catalog, sign_in};
use crate::args::{SaleArgs, VoidArgs};
use crate::error::CliError;
use crate::input;
use crate::output::emit;

pub fn sale(context: &mut Context, args: &SaleArgs) -> Result<(), CliError> {
    let mut cart = build_cart(&context.store, &args.items)?;
    for text in &args.overrides {
        let (line, price) = input::line_and_value("--override", text)?;
        check_line(&cart, "--override", line)?;
        let price = input::money("--override", price)?;
        cart.override_price(line - 1, price)
            .map_err(|error| CliError::invalid(format!("--override line {line}: {error}")))?;
    }
    for text in &args.line_discounts {
        let (line, discount) = input::line_and_value("--line-discount", text)?;
        check_line(&cart, "--line-discount", line)?;
        let discount = input::discount("--line-discount", discount)?;
        cart.set_line_discount(line - 1, Some(discount))
            .map_err(|error| CliError::invalid(format!("--line-discount line {line}: {error}")))?;
    }
    if let Some(text) = &args.cart_discount {
        let discount = input::discount("--cart-discount", text)?;
        cart.set_cart_discount(Some(discount))
            .map_err(|error| CliError::invalid(format!("--cart-discount: {error}")))?;
    }
    let mut tenders = Vec::new();
    for text in &args.card {
        tenders.push(input::card(text)?);
    }
    for text in &args.cash {
        tenders.push(Tender::Cash {
            tendered: input::money("--cash", text)?,
        });
    }

    let clerk = sign_in(&context.store, &args.staff)?;
    let approver = approver(&context.store, &args.manager)?;
    let request = SaleRequest {
        client_id: input::client_id(args.client_id.as_deref()),
        cart,
        tenders,
        clerk,
        approver,
    };
    let sale = context.store.complete_sale(&request)?;
    emit(context.json, &sale, sale_text)
}

pub fn void(context: &mut Context, args: &VoidArgs) -> Result<(), CliError> {
    let cart = build_cart(&context.store, &args.items)?;
    let staff = sign_in(&context.store, &args.staff)?;
    context.store.void_cart(&staff, &cart, &args.reason)?;
    let result = serde_json::json!({ "voided": true, "line_count": cart.lines().len() });
    emit(context.json, &result, |_| {
        let count = cart.lines().len();
        let noun = if count == 1 { "line" } else { "lines" };
        format!("Voided a cart of {count} {noun}.")
    })
}

/// Looks up every `CODE[*QTY]` and adds it to a new cart.
fn build_cart(store: &Store, items: &[String]) -> Result<Cart, CliError> {
    let mut cart = Cart::new();
    for text in items {
        let (code, quantity) = input::item(text)?;
        let product = catalog::find(store, &code)?;
        let item = product.cart_item()?;
        cart.add(item, quantity)
            .map_err(|error| CliError::invalid(format!("--item {text}: {error}")))?;
    }
    Ok(cart)
}

fn check_line(cart: &Cart, option: &str, line: usize) -> Result<(), CliError> {
    let count = cart.lines().len();
    if line > count {
        return Err(CliError::invalid(format!(
            "{option}: there is no line {line}; the cart has {count} lines"
        )));
    }
    Ok(())
}

fn sale_text(sale: &CompletedSale) -> String {
    let mut text = format!("Sale {}", sale.receipt_number);
    if sale.replayed {
        text.push_str(" (already completed under this client id; nothing new was written)");
    }
    text.push('\n');
    text.push_str(&totals_text(&sale.priced));
    if !sale.settlement.rounding.is_zero() {
        text.push_str(&format!("\n  cash rounding {:>10}", sale.settlement.rounding));
    }
    for payment in &sale.settlement.payments {
        text.push_str(&format!("\n  {:<13} {:>10}", payment.kind.as_str(), payment.tendered));
    }
    text.push_str(&format!("\n  change        {:>10}", sale.settlement.change));
    text
}

fn totals_text(priced: &PricedCart) -> String {
    format!(
        "  subtotal      {:>10}\n  discount      {:>10}\n  tax           {:>10}\n  total         {:>10}",
        priced.subtotal, priced.discount, priced.tax, priced.total
    )
}
