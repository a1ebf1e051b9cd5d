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

/// The header that every rental receipt prints: the store, the receipt's
/// number and kind, the contract or rental it is for, and who was there.
pub(crate) struct RentalReceiptHeader<'a> {
    pub store_name: &'a str,
    pub store_address: &'a [String],
    pub receipt_number: &'a str,
    /// The receipt's kind, such as `Rental payment`.
    pub kind: &'a str,
    pub reference_label: &'a str,
    pub reference: &'a str,
    pub issued_at: &'a str,
    pub clerk: &'a str,
    pub customer_name: &'a str,
    pub property: &'a str,
}

/// Returns `value` as printed: through [`thermal_name`] for the thermal
/// printer's code page, or as written for a PDF.
fn printable(value: &str, for_thermal: bool) -> String {
    if for_thermal {
        thermal_name(value)
    } else {
        value.to_string()
    }
}

impl RentalReceiptHeader<'_> {
    /// Lists the header's rows, ending before the first rule under it.
    pub(crate) fn rows(&self, for_thermal: bool) -> Vec<PrintRow> {
        let text = |value: &str| printable(value, for_thermal);
        let pair = |label: &str, value: String| PrintRow::Pair {
            label: label.to_string(),
            value,
        };
        let mut rows = vec![PrintRow::Centered(text(self.store_name))];
        rows.extend(self.store_address.iter().map(|line| PrintRow::Centered(text(line))));
        rows.push(PrintRow::Rule);
        rows.push(pair("Receipt", self.receipt_number.to_string()));
        rows.push(pair("Type", self.kind.to_string()));
        rows.push(pair(self.reference_label, self.reference.to_string()));
        rows.push(pair("Date", self.issued_at.to_string()));
        rows.push(pair("Clerk", text(self.clerk)));
        rows.push(pair("Customer", text(self.customer_name)));
        rows.push(PrintRow::Note(text(self.property)));
        rows
    }
}

impl RentalPaymentReceipt {
    /// Lists the printed rows. With `for_thermal`, names go through
    /// [`thermal_name`] for the printer's code page.
    pub fn rows(&self, for_thermal: bool) -> Vec<PrintRow> {
        let pair = |label: &str, value: String| PrintRow::Pair {
            label: label.to_string(),
            value,
        };
        let header = RentalReceiptHeader {
            store_name: &self.store_name,
            store_address: &self.store_address,
            receipt_number: &self.receipt_number,
            kind: "Rental payment",
            reference_label: "Agreement",
            reference: &self.contract_number,
            issued_at: &self.issued_at,
            clerk: &self.clerk,
            customer_name: &self.customer_name,
            property: &self.property,
        };
        let mut rows = header.rows(for_thermal);
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
