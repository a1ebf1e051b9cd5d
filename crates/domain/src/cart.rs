//! The cart a clerk builds at the till, and its pricing.

use serde::{Deserialize, Serialize};

use crate::discount::{Discount, DiscountError};
use crate::money::{MAX_AMOUNT_CENTS, Money};
use crate::tax::TaxSettings;

/// The largest quantity on one line.
pub const MAX_QUANTITY: u32 = 9_999;

/// The product facts a cart line needs, as found in the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CartItem {
    pub product_id: i64,
    pub sku: String,
    pub barcode: String,
    pub name: String,
    pub unit_price: Money,
    pub taxable: bool,
}

/// One line of the cart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CartLine {
    pub item: CartItem,
    pub quantity: u32,
    /// The price charged per unit: the catalog price unless a manager
    /// overrode it.
    pub unit_price: Money,
    pub discount: Option<Discount>,
}

/// A cart line with its amounts worked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PricedLine {
    /// Unit price times quantity.
    pub gross: Money,
    pub line_discount: Money,
    /// This line's share of the cart discount.
    pub cart_discount: Money,
    /// Gross less both discounts: what the line sells for before tax.
    pub net: Money,
    pub tax: Money,
}

/// A cart's amounts. Every total is the sum of the same field of its lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PricedCart {
    pub lines: Vec<PricedLine>,
    /// Sum of the lines' gross amounts.
    pub subtotal: Money,
    /// Sum of line and cart discounts.
    pub discount: Money,
    pub tax: Money,
    /// Net plus tax: what the customer owes before any cash rounding.
    pub total: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CartError {
    #[error("quantity {0} is not allowed: use 1 to 9999")]
    InvalidQuantity(u32),
    #[error("there is no line {0} in the cart")]
    NoSuchLine(usize),
    #[error("{0} has no price and is not for sale")]
    NotForSale(String),
    #[error(transparent)]
    Discount(#[from] DiscountError),
    #[error("the price {0} is more than the largest amount allowed (10,000,000.00)")]
    PriceTooLarge(Money),
    #[error("the cart's total would pass the largest amount allowed (10,000,000.00)")]
    TotalTooLarge,
}

/// An open cart. Every change is checked by pricing the result, so a cart
/// that exists can always be priced.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Cart {
    lines: Vec<CartLine>,
    discount: Option<Discount>,
}

impl Cart {
    pub fn new() -> Cart {
        Cart::default()
    }

    pub fn lines(&self) -> &[CartLine] {
        &self.lines
    }

    pub fn discount(&self) -> Option<Discount> {
        self.discount
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Adds `quantity` of an item. A scan of an item already on an
    /// undiscounted line at the catalog price raises that line's quantity.
    /// Returns the index of the line that changed.
    pub fn add(&mut self, item: CartItem, quantity: u32) -> Result<usize, CartError> {
        check_quantity(quantity)?;
        if item.unit_price.cents() > MAX_AMOUNT_CENTS || item.unit_price.is_negative() {
            return Err(CartError::PriceTooLarge(item.unit_price));
        }
        let existing = self.lines.iter().position(|line| {
            line.item.product_id == item.product_id && line.discount.is_none() && line.unit_price == item.unit_price
        });
        self.try_change(|cart| match existing {
            Some(index) => {
                let line = cart.line_mut(index)?;
                let total = line.quantity.saturating_add(quantity);
                check_quantity(total)?;
                line.quantity = total;
                Ok(index)
            }
            None => {
                cart.lines.push(CartLine {
                    unit_price: item.unit_price,
                    item,
                    quantity,
                    discount: None,
                });
                Ok(cart.lines.len() - 1)
            }
        })
    }

    pub fn set_quantity(&mut self, index: usize, quantity: u32) -> Result<(), CartError> {
        check_quantity(quantity)?;
        self.try_change(|cart| {
            cart.line_mut(index)?.quantity = quantity;
            Ok(())
        })
    }

    pub fn remove_line(&mut self, index: usize) -> Result<CartLine, CartError> {
        self.try_change(|cart| {
            if index >= cart.lines.len() {
                return Err(CartError::NoSuchLine(index));
            }
            Ok(cart.lines.remove(index))
        })
    }

    /// Sets or clears a line's discount; a fixed amount above the line's
    /// gross is rejected.
    pub fn set_line_discount(&mut self, index: usize, discount: Option<Discount>) -> Result<(), CartError> {
        self.try_change(|cart| {
            cart.line_mut(index)?.discount = discount;
            Ok(())
        })
    }

    /// Sets or clears the cart discount, taken from the total after line
    /// discounts and spread over the lines in proportion to their amounts.
    pub fn set_cart_discount(&mut self, discount: Option<Discount>) -> Result<(), CartError> {
        self.try_change(|cart| {
            cart.discount = discount;
            Ok(())
        })
    }

    /// Charges a different unit price on one line. Who may do this is the
    /// caller's rule (a manager); the cart only checks the amount.
    pub fn override_price(&mut self, index: usize, unit_price: Money) -> Result<(), CartError> {
        if unit_price.cents() > MAX_AMOUNT_CENTS || unit_price.is_negative() {
            return Err(CartError::PriceTooLarge(unit_price));
        }
        self.try_change(|cart| {
            cart.line_mut(index)?.unit_price = unit_price;
            Ok(())
        })
    }

    /// Empties the cart.
    pub fn clear(&mut self) {
        *self = Cart::default();
    }

    /// Works out every line's discounts and tax, and the totals.
    ///
    /// # Properties
    /// - Subtotal, discount, tax and total each equal the sum over the lines.
    /// - No amount is negative: a fixed discount larger than what it applies
    ///   to is an error, never a negative line.
    pub fn price(&self, tax: TaxSettings) -> Result<PricedCart, CartError> {
        let mut grosses = Vec::with_capacity(self.lines.len());
        let mut line_discounts = Vec::with_capacity(self.lines.len());
        for line in &self.lines {
            let gross = line.unit_price.times(line.quantity);
            let off = match line.discount {
                Some(discount) => discount.amount_off(gross)?,
                None => Money::ZERO,
            };
            grosses.push(gross);
            line_discounts.push(off);
        }
        let after_line: Vec<Money> = grosses.iter().zip(&line_discounts).map(|(g, d)| *g - *d).collect();
        let before_cart: Money = after_line.iter().sum();
        if before_cart.cents() > MAX_AMOUNT_CENTS {
            return Err(CartError::TotalTooLarge);
        }
        let cart_off = match self.discount {
            Some(discount) => discount.amount_off(before_cart)?,
            None => Money::ZERO,
        };
        let weights: Vec<i64> = after_line.iter().map(|m| m.cents()).collect();
        let cart_shares = crate::allocation::allocate(cart_off, &weights);
        let nets: Vec<Money> = after_line.iter().zip(&cart_shares).map(|(a, s)| *a - *s).collect();
        let taxable: Vec<Money> = nets
            .iter()
            .zip(&self.lines)
            .map(|(net, line)| if line.item.taxable { *net } else { Money::ZERO })
            .collect();
        let taxes = tax.line_taxes(&taxable);

        let lines: Vec<PricedLine> = (0..self.lines.len())
            .map(|i| PricedLine {
                gross: grosses.get(i).copied().unwrap_or_default(),
                line_discount: line_discounts.get(i).copied().unwrap_or_default(),
                cart_discount: cart_shares.get(i).copied().unwrap_or_default(),
                net: nets.get(i).copied().unwrap_or_default(),
                tax: taxes.get(i).copied().unwrap_or_default(),
            })
            .collect();
        let subtotal: Money = lines.iter().map(|l| l.gross).sum();
        let discount: Money = lines.iter().map(|l| l.line_discount + l.cart_discount).sum();
        let tax_total: Money = lines.iter().map(|l| l.tax).sum();
        let net: Money = lines.iter().map(|l| l.net).sum();
        // Tax can carry a cart under the limit before tax over it.
        if (net + tax_total).cents() > MAX_AMOUNT_CENTS {
            return Err(CartError::TotalTooLarge);
        }
        Ok(PricedCart {
            lines,
            subtotal,
            discount,
            tax: tax_total,
            total: net + tax_total,
        })
    }

    fn line_mut(&mut self, index: usize) -> Result<&mut CartLine, CartError> {
        self.lines.get_mut(index).ok_or(CartError::NoSuchLine(index))
    }

    /// Applies `change` to a copy and keeps it only if the copy still prices.
    fn try_change<T>(&mut self, change: impl FnOnce(&mut Cart) -> Result<T, CartError>) -> Result<T, CartError> {
        let mut next = self.clone();
        let result = change(&mut next)?;
        let probe = TaxSettings {
            rate: crate::rate::Percent::ZERO,
            rounding: crate::tax::TaxRounding::PerLine,
        };
        next.price(probe)?;
        *self = next;
        Ok(result)
    }
}

fn check_quantity(quantity: u32) -> Result<(), CartError> {
    if quantity == 0 || quantity > MAX_QUANTITY {
        return Err(CartError::InvalidQuantity(quantity));
    }
    Ok(())
}
