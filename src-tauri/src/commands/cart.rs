//! The open cart: quantities, discounts, price overrides and voiding.

use tauri::State;

use giggatek_domain::{Cart, Discount, Percent};
use giggatek_store::StoreSettings;

use crate::commands::parse_amount;
use crate::error::CommandError;
use crate::state::AppState;
use crate::views::{CartLineView, CartView, DiscountInput, ManagerApproval};

/// Returns the open cart with its totals.
#[tauri::command(rename_all = "snake_case")]
pub fn get_cart(state: State<'_, AppState>) -> Result<CartView, CommandError> {
    let cart = state.session().cart.clone();
    cart_view(&cart, &state.settings()?)
}

/// Sets a line's quantity, typed by the clerk.
#[tauri::command(rename_all = "snake_case")]
pub fn set_quantity(state: State<'_, AppState>, index: u32, quantity: String) -> Result<CartView, CommandError> {
    let quantity = parse_quantity(&quantity)?;
    change_cart(&state, |cart| Ok(cart.set_quantity(line_index(index), quantity)?))
}

/// Removes a line.
#[tauri::command(rename_all = "snake_case")]
pub fn remove_line(state: State<'_, AppState>, index: u32) -> Result<CartView, CommandError> {
    change_cart(&state, |cart| {
        cart.remove_line(line_index(index))?;
        Ok(())
    })
}

/// Sets or removes a line discount.
#[tauri::command(rename_all = "snake_case")]
pub fn set_line_discount(
    state: State<'_, AppState>,
    index: u32,
    discount: DiscountInput,
) -> Result<CartView, CommandError> {
    let discount = parse_discount(&discount)?;
    change_cart(&state, |cart| Ok(cart.set_line_discount(line_index(index), discount)?))
}

/// Sets or removes the discount on the whole cart.
#[tauri::command(rename_all = "snake_case")]
pub fn set_cart_discount(state: State<'_, AppState>, discount: DiscountInput) -> Result<CartView, CommandError> {
    let discount = parse_discount(&discount)?;
    change_cart(&state, |cart| Ok(cart.set_cart_discount(discount)?))
}

/// Charges another unit price on a line, approved by a manager's code and PIN.
#[tauri::command(rename_all = "snake_case")]
pub fn override_price(
    state: State<'_, AppState>,
    index: u32,
    price: String,
    manager: ManagerApproval,
) -> Result<CartView, CommandError> {
    let price = parse_amount("New price", &price)?;
    let manager = state.with_store(|store| store.approve(&manager.code, &manager.pin))?;
    let view = change_cart(&state, |cart| Ok(cart.override_price(line_index(index), price)?))?;
    tracing::info!(
        manager_id = manager.id,
        line = index,
        price_cents = price.cents(),
        "price overridden"
    );
    // The sale is stored with this manager as the approver of its overrides.
    state.session().approver = Some(manager);
    Ok(view)
}

/// Empties the cart, recording the void and its reason in the audit log.
#[tauri::command(rename_all = "snake_case")]
pub fn void_cart(state: State<'_, AppState>, reason: String) -> Result<CartView, CommandError> {
    let staff = state.staff()?;
    let cart = state.session().cart.clone();
    if cart.is_empty() {
        return Err(CommandError::conflict("The cart is already empty."));
    }
    state.with_store(|store| store.void_cart(&staff, &cart, &reason))?;
    tracing::info!(staff_id = staff.id, lines = cart.lines().len(), "cart voided");
    {
        let mut session = state.session();
        session.cart.clear();
        session.approver = None;
        session.pending_sale = None;
    }
    cart_view(&Cart::new(), &state.settings()?)
}

/// Applies a change to the signed-in clerk's cart and returns the new cart.
/// A change drops any pending payment, so the next "Pay" gets a fresh sale id.
pub(crate) fn change_cart(
    state: &AppState,
    change: impl FnOnce(&mut Cart) -> Result<(), CommandError>,
) -> Result<CartView, CommandError> {
    let settings = state.settings()?;
    let cart = {
        let mut session = state.session();
        if session.staff.is_none() {
            return Err(CommandError::signed_out());
        }
        change(&mut session.cart)?;
        session.pending_sale = None;
        if session.cart.is_empty() {
            session.approver = None;
        }
        session.cart.clone()
    };
    cart_view(&cart, &settings)
}

/// Prices the cart with the store's tax settings and lays it out for the window.
pub(crate) fn cart_view(cart: &Cart, settings: &StoreSettings) -> Result<CartView, CommandError> {
    let priced = cart.price(settings.tax)?;
    let lines = cart
        .lines()
        .iter()
        .zip(&priced.lines)
        .zip(0_u32..)
        .map(|((line, amounts), index)| CartLineView {
            index,
            product_id: line.item.product_id,
            sku: line.item.sku.clone(),
            barcode: line.item.barcode.clone(),
            name: line.item.name.clone(),
            quantity: line.quantity,
            list_price: line.item.unit_price,
            unit_price: line.unit_price,
            discount: line.discount,
            gross: amounts.gross,
            discount_amount: amounts.line_discount + amounts.cart_discount,
            net: amounts.net,
        })
        .collect();
    Ok(CartView {
        lines,
        cart_discount: cart.discount(),
        subtotal: priced.subtotal,
        discount: priced.discount,
        tax_label: format!("Tax {}%", settings.tax.rate),
        tax: priced.tax,
        total: priced.total,
    })
}

/// Reads a quantity typed in a cart line.
fn parse_quantity(text: &str) -> Result<u32, CommandError> {
    text.trim().parse::<u32>().map_err(|_| {
        CommandError::invalid(format!(
            "Quantity \"{}\" is invalid: type a whole number from 1 to 9999.",
            text.trim()
        ))
    })
}

/// Reads a discount typed in the discount dialog; `None` removes it.
fn parse_discount(input: &DiscountInput) -> Result<Option<Discount>, CommandError> {
    Ok(match input {
        DiscountInput::Percent { value } => Some(Discount::Percent(Percent::parse(value)?)),
        DiscountInput::Amount { value } => Some(Discount::Amount(parse_amount("Discount", value)?)),
        DiscountInput::None => None,
    })
}

/// Converts a line index from the window. A `u32` fits in `usize` on every
/// platform the terminal runs on, and an index past the end gets the cart's
/// own "no such line" error.
fn line_index(index: u32) -> usize {
    usize::try_from(index).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use giggatek_domain::Money;

    #[test]
    fn quantity_rejects_text() {
        let error = parse_quantity("two").err();
        assert_eq!(
            error.map(|e| e.message),
            Some("Quantity \"two\" is invalid: type a whole number from 1 to 9999.".to_string())
        );
    }

    #[test]
    fn quantity_trims_spaces() {
        assert_eq!(parse_quantity(" 3 ").ok(), Some(3));
    }

    #[test]
    fn discount_parses_percent() {
        let discount = parse_discount(&DiscountInput::Percent { value: "12.5".into() })
            .ok()
            .flatten();
        assert_eq!(
            discount,
            Some(Discount::Percent(Percent::parse("12.5").unwrap_or(Percent::ZERO)))
        );
    }

    #[test]
    fn discount_parses_amount() {
        let discount = parse_discount(&DiscountInput::Amount { value: "5".into() })
            .ok()
            .flatten();
        assert_eq!(discount, Some(Discount::Amount(Money::from_cents(500))));
    }

    #[test]
    fn discount_none_clears() {
        assert_eq!(parse_discount(&DiscountInput::None).ok(), Some(None));
    }

    #[test]
    fn discount_rejects_bad_amount() {
        let error = parse_discount(&DiscountInput::Amount { value: "5.001".into() }).err();
        assert_eq!(error.map(|e| e.kind), Some(crate::error::ErrorKind::Invalid));
    }
}
