//! Rental fees taken apart from rent, and the receipt printed for them: a
//! contract's initial payment at signing, or a short-term rental's return
//! with its late fee.

use serde::{Deserialize, Serialize};

use crate::money::Money;
use crate::receipt::ReceiptPayment;
use crate::receipt_text::{PrintRow, ThermalWidth, payment_rows, render_rows};
use crate::rental::contract::Disclosures;
use crate::rental::daily_fee::DailyLateFee;
use crate::rental::payment_receipt::RentalReceiptHeader;

/// A kind of rental fee, kept apart from rent in the customer's ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RentalFee {
    DeliveryFee,
    /// The damage waiver of a rent-to-own contract. It is a one-time charge
    /// taken at signing, never added to the periodic payments.
    DamageWaiver,
    /// The refundable security deposit.
    Deposit,
    /// The per-day fee of a short-term rental returned after its due date.
    LateReturnFee,
}

impl RentalFee {
    pub const fn as_str(self) -> &'static str {
        match self {
            RentalFee::DeliveryFee => "delivery_fee",
            RentalFee::DamageWaiver => "damage_waiver",
            RentalFee::Deposit => "deposit",
            RentalFee::LateReturnFee => "late_return_fee",
        }
    }

    pub fn parse(text: &str) -> Option<RentalFee> {
        [
            RentalFee::DeliveryFee,
            RentalFee::DamageWaiver,
            RentalFee::Deposit,
            RentalFee::LateReturnFee,
        ]
        .into_iter()
        .find(|fee| fee.as_str() == text)
    }

    /// Returns the fee's name as printed.
    pub const fn label(self) -> &'static str {
        match self {
            RentalFee::DeliveryFee => "Delivery fee",
            RentalFee::DamageWaiver => "Damage waiver",
            RentalFee::Deposit => "Security deposit",
            RentalFee::LateReturnFee => "Late fee",
        }
    }
}

/// One fee and its amount. A late return fee also carries its rate and the
/// whole days it was charged for, so both print beside the total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FeeLine {
    pub fee: RentalFee,
    pub amount: Money,
    pub rate_per_day: Option<Money>,
    pub days: Option<u32>,
}

impl FeeLine {
    /// Lists the fees of a contract's initial payment that are above zero,
    /// in the agreement's order.
    pub fn initial_payment(disclosures: &Disclosures) -> Vec<FeeLine> {
        [
            (RentalFee::DeliveryFee, disclosures.delivery_fee),
            (RentalFee::DamageWaiver, disclosures.damage_waiver),
            (RentalFee::Deposit, disclosures.deposit),
        ]
        .into_iter()
        .filter(|(_, amount)| !amount.is_zero())
        .map(|(fee, amount)| FeeLine {
            fee,
            amount,
            rate_per_day: None,
            days: None,
        })
        .collect()
    }

    /// Returns the line of a late return fee, or `None` when it is zero.
    pub fn late_return(fee: &DailyLateFee) -> Option<FeeLine> {
        (!fee.total.is_zero()).then_some(FeeLine {
            fee: RentalFee::LateReturnFee,
            amount: fee.total,
            rate_per_day: Some(fee.rate_per_day),
            days: Some(fee.days_late),
        })
    }
}

/// A label and its value printed in a receipt's header section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReceiptDetail {
    pub label: String,
    pub value: String,
}

/// Everything printed on a rental fee receipt. Amounts are final, and printing
/// only lays them out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RentalFeeReceipt {
    pub store_name: String,
    pub store_address: Vec<String>,
    pub receipt_number: String,
    /// `Initial payment` or `Rental return`.
    pub title: String,
    /// `Agreement` or `Rental`.
    pub reference_label: String,
    /// The contract or short-term rental number.
    pub reference: String,
    /// Local date and time, already formatted.
    pub issued_at: String,
    pub clerk: String,
    pub customer_name: String,
    pub property: String,
    /// Lines such as the due date, the return time and the late fee's rate.
    pub details: Vec<ReceiptDetail>,
    pub lines: Vec<FeeLine>,
    pub total: Money,
    pub payments: Vec<ReceiptPayment>,
    pub change: Money,
}

impl RentalFeeReceipt {
    /// Lists the printed rows. With `for_thermal`, names go through
    /// [`crate::thermal_name`] for the printer's code page.
    pub fn rows(&self, for_thermal: bool) -> Vec<PrintRow> {
        let pair = |label: &str, value: String| PrintRow::Pair {
            label: label.to_string(),
            value,
        };
        let header = RentalReceiptHeader {
            store_name: &self.store_name,
            store_address: &self.store_address,
            receipt_number: &self.receipt_number,
            kind: &self.title,
            reference_label: &self.reference_label,
            reference: &self.reference,
            issued_at: &self.issued_at,
            clerk: &self.clerk,
            customer_name: &self.customer_name,
            property: &self.property,
        };
        let mut rows = header.rows(for_thermal);
        if !self.details.is_empty() {
            rows.push(PrintRow::Rule);
            rows.extend(
                self.details
                    .iter()
                    .map(|detail| pair(&detail.label, detail.value.clone())),
            );
        }
        rows.push(PrintRow::Rule);
        for line in &self.lines {
            rows.push(pair(line.fee.label(), line.amount.grouped()));
            if let (Some(rate), Some(days)) = (line.rate_per_day, line.days) {
                let unit = if days == 1 { "day" } else { "days" };
                rows.push(PrintRow::Note(format!("{days} {unit} at {} per day", rate.grouped())));
            }
        }
        rows.push(pair("TOTAL", self.total.grouped()));
        if !self.payments.is_empty() {
            rows.push(PrintRow::Rule);
            rows.extend(payment_rows(&self.payments));
            rows.push(pair("Change", self.change.grouped()));
        }
        rows
    }

    /// Renders the thermal text for `width`.
    pub fn render(&self, width: ThermalWidth) -> String {
        render_rows(&self.rows(true), width)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rental::daily_fee::daily_late_fee;
    use jiff::civil::date;

    fn return_receipt(lines: Vec<FeeLine>, total: i64) -> RentalFeeReceipt {
        RentalFeeReceipt {
            store_name: "GigGatek Downtown".to_string(),
            store_address: vec!["12 Main St".to_string()],
            receipt_number: "S01-T01-000007".to_string(),
            title: "Rental return".to_string(),
            reference_label: "Rental".to_string(),
            reference: "S01-T01-S000001".to_string(),
            issued_at: "2026-07-31 15:30".to_string(),
            clerk: "Ana Clerk".to_string(),
            customer_name: "Zoë Ångström".to_string(),
            property: "Carpet cleaner S/N CC-1".to_string(),
            details: vec![ReceiptDetail {
                label: "Late fee per day".to_string(),
                value: "35.00".to_string(),
            }],
            lines,
            total: Money::from_cents(total),
            payments: Vec::new(),
            change: Money::ZERO,
        }
    }

    #[test]
    fn late_return_line_shows_rate_and_days() {
        let fee = daily_late_fee(Money::from_cents(3500), date(2026, 7, 30), date(2026, 7, 31));
        let line = FeeLine::late_return(&fee).unwrap();
        let text = return_receipt(vec![line], 3500).render(ThermalWidth::Mm58);
        let expected = [
            "Late fee per day           35.00",
            "Late fee                   35.00",
            "  1 day at 35.00 per day",
            "TOTAL                      35.00",
        ];
        for row in expected {
            assert!(text.lines().any(|line| line == row), "missing {row:?} in\n{text}");
        }
        assert!(text.contains("Zoe Angstrom"), "{text}");
    }

    #[test]
    fn on_time_return_has_no_fee_line() {
        let fee = daily_late_fee(Money::from_cents(3500), date(2026, 7, 30), date(2026, 7, 30));
        assert_eq!(FeeLine::late_return(&fee), None);
        let text = return_receipt(Vec::new(), 0).render(ThermalWidth::Mm58);
        assert!(
            text.lines().any(|line| line == "TOTAL                       0.00"),
            "{text}"
        );
        assert!(!text.contains("Change"), "{text}");
    }

    #[test]
    fn fee_names_round_trip() {
        for fee in [
            RentalFee::DeliveryFee,
            RentalFee::DamageWaiver,
            RentalFee::Deposit,
            RentalFee::LateReturnFee,
        ] {
            assert_eq!(RentalFee::parse(fee.as_str()), Some(fee));
        }
        assert_eq!(RentalFee::parse("rent"), None);
    }
}
