//! The receipt printed for a payment on a contract: what was paid, what is
//! still needed to own the property, and today's buyout price.

use serde::Serialize;

use crate::money::Money;
use crate::receipt::ReceiptPayment;
use crate::receipt_text::{PrintRow, ThermalWidth, payment_rows, render_rows};
use crate::thermal_name::thermal_name;

/// Everything printed on a contract payment's receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RentalPaymentReceipt {
    pub store_name: String,
    pub store_address: Vec<String>,
    pub receipt_number: String,
    pub contract_number: String,
    /// Local date and time of the payment, already formatted.
    pub issued_at: String,
    pub clerk: String,
    pub customer_name: String,
    pub property: String,
    pub amount_paid: Money,
    pub rent: Money,
    pub late_fee: Money,
    pub payments: Vec<ReceiptPayment>,
    pub change: Money,
    /// Rent and late fees still to pay to own the property.
    pub remaining_to_own: Money,
    pub buyout_price: Money,
    /// The next due date and the amount then due, when any rent remains.
    pub next_due: Option<(String, Money)>,
    /// A line such as `Paid in full: the property is yours`.
    pub status_line: Option<String>,
}

impl RentalPaymentReceipt {
    /// Lists the printed rows. With `for_thermal`, names go through
    /// [`thermal_name`] for the printer's code page.
    pub fn rows(&self, for_thermal: bool) -> Vec<PrintRow> {
        let text = |value: &str| {
            if for_thermal {
                thermal_name(value)
            } else {
                value.to_string()
            }
        };
        let pair = |label: &str, value: String| PrintRow::Pair {
            label: label.to_string(),
            value,
        };
        let mut rows = vec![PrintRow::Centered(text(&self.store_name))];
        rows.extend(self.store_address.iter().map(|line| PrintRow::Centered(text(line))));
        rows.push(PrintRow::Rule);
        rows.push(pair("Receipt", self.receipt_number.clone()));
        rows.push(pair("Type", "Rental payment".to_string()));
        rows.push(pair("Agreement", self.contract_number.clone()));
        rows.push(pair("Date", self.issued_at.clone()));
        rows.push(pair("Clerk", text(&self.clerk)));
        rows.push(pair("Customer", text(&self.customer_name)));
        rows.push(PrintRow::Note(text(&self.property)));
        rows.push(PrintRow::Rule);
        rows.push(pair("Rent", self.rent.grouped()));
        if !self.late_fee.is_zero() {
            rows.push(pair("Late fee", self.late_fee.grouped()));
        }
        rows.push(pair("AMOUNT PAID", self.amount_paid.grouped()));
        rows.push(PrintRow::Rule);
        rows.extend(payment_rows(&self.payments));
        rows.push(pair("Change", self.change.grouped()));
        rows.push(PrintRow::Rule);
        rows.push(pair("Still needed to own", self.remaining_to_own.grouped()));
        rows.push(pair("Buyout price today", self.buyout_price.grouped()));
        if let Some((date, amount)) = &self.next_due {
            rows.push(pair(&format!("Next due {date}"), amount.grouped()));
        }
        if let Some(line) = &self.status_line {
            rows.push(PrintRow::Centered(line.clone()));
        }
        rows
    }

    /// Renders the thermal text for `width`.
    pub fn render(&self, width: ThermalWidth) -> String {
        render_rows(&self.rows(true), width)
    }
}
