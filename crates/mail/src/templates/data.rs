//! The typed data of each message, with the sample that previews use.

use serde::{Deserialize, Serialize};

use giggatek_domain::Money;

use super::{Branding, MailCategory, MailTemplate};

/// One line of an order or a receipt.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MailLine {
    pub name: String,
    pub quantity: u32,
    pub amount: Money,
}

/// One tender on a receipt.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PaymentLine {
    pub label: String,
    pub amount: Money,
}

/// The confirmation of an online order.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OrderConfirmation {
    pub customer_name: String,
    pub order_number: String,
    /// When the order was placed, in store-local words: `Dec 4, 2026 10:15`.
    pub ordered_at: String,
    pub lines: Vec<MailLine>,
    pub subtotal: Money,
    pub tax: Money,
    pub total: Money,
    pub order_url: String,
}

impl MailTemplate for OrderConfirmation {
    const NAME: &'static str = "order_confirmation";
    const CATEGORY: MailCategory = MailCategory::Transactional;

    fn subject(&self, brand: &Branding) -> String {
        format!("{} order {} confirmed", brand.store_name, self.order_number)
    }
}

/// A receipt for a sale, in the shop or online.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SaleReceipt {
    pub customer_name: String,
    pub receipt_number: String,
    pub issued_at: String,
    pub lines: Vec<MailLine>,
    pub subtotal: Money,
    pub discount: Money,
    pub tax: Money,
    pub total: Money,
    pub payments: Vec<PaymentLine>,
}

impl MailTemplate for SaleReceipt {
    const NAME: &'static str = "receipt";
    const CATEGORY: MailCategory = MailCategory::Transactional;

    fn subject(&self, brand: &Branding) -> String {
        format!("Your {} receipt {}", brand.store_name, self.receipt_number)
    }
}

/// The receipt for one rental installment.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RentalPaymentReceipt {
    pub customer_name: String,
    pub contract_number: String,
    pub item: String,
    /// The installment's due date, `YYYY-MM-DD`.
    pub due_date: String,
    /// The store-local date of the payment, `YYYY-MM-DD`.
    pub paid_on: String,
    pub amount_paid: Money,
    /// Zero when the payment was on time; the template then leaves the row out.
    pub late_fee: Money,
    pub remaining_balance: Money,
    pub next_due_date: Option<String>,
}

impl MailTemplate for RentalPaymentReceipt {
    const NAME: &'static str = "rental_payment_receipt";
    const CATEGORY: MailCategory = MailCategory::Transactional;

    fn subject(&self, _brand: &Branding) -> String {
        format!("Payment received for rental {}", self.contract_number)
    }
}

/// A reminder of a rental installment that falls due.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RentalReminder {
    pub customer_name: String,
    pub contract_number: String,
    pub item: String,
    pub due_date: String,
    pub amount_due: Money,
    pub pay_url: String,
}

impl MailTemplate for RentalReminder {
    const NAME: &'static str = "rental_reminder";
    const CATEGORY: MailCategory = MailCategory::Transactional;

    fn subject(&self, _brand: &Branding) -> String {
        format!("Rental payment due {}", self.due_date)
    }
}

/// A password-reset link.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PasswordReset {
    pub customer_name: String,
    pub reset_url: String,
    pub expires_in_minutes: u32,
}

impl MailTemplate for PasswordReset {
    const NAME: &'static str = "password_reset";
    const CATEGORY: MailCategory = MailCategory::Transactional;

    fn subject(&self, brand: &Branding) -> String {
        format!("Reset your {} password", brand.store_name)
    }
}

/// The cover note of a signed rental agreement; the PDF is an attachment.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RentalAgreement {
    pub customer_name: String,
    pub contract_number: String,
    pub item: String,
    pub signed_on: String,
}

impl MailTemplate for RentalAgreement {
    const NAME: &'static str = "rental_agreement";
    const CATEGORY: MailCategory = MailCategory::Transactional;

    fn subject(&self, _brand: &Branding) -> String {
        format!("Your rental agreement {}", self.contract_number)
    }
}

/// A button at the end of a marketing message.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CallToAction {
    pub label: String,
    pub url: String,
}

/// A marketing message of a campaign.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Marketing {
    pub customer_name: String,
    pub subject: String,
    pub headline: String,
    pub paragraphs: Vec<String>,
    pub call_to_action: Option<CallToAction>,
}

impl MailTemplate for Marketing {
    const NAME: &'static str = "marketing";
    const CATEGORY: MailCategory = MailCategory::Marketing;

    fn subject(&self, _brand: &Branding) -> String {
        self.subject.clone()
    }
}

fn sample_lines() -> Vec<MailLine> {
    vec![
        MailLine {
            name: "NVIDIA GeForce RTX 5070 12 GB".to_string(),
            quantity: 1,
            amount: Money::from_cents(54_999),
        },
        MailLine {
            name: "Corsair Vengeance 32 GB DDR5-6000 <2x16 GB>".to_string(),
            quantity: 2,
            amount: Money::from_cents(21_998),
        },
    ]
}

/// Sample data for each message, as printed by `giggatek-mail preview`.
pub(super) mod samples {
    use super::*;

    pub fn order_confirmation() -> OrderConfirmation {
        OrderConfirmation {
            customer_name: "Núñez, Lucía".to_string(),
            order_number: "W-2026-000123".to_string(),
            ordered_at: "Dec 4, 2026 10:15".to_string(),
            lines: sample_lines(),
            subtotal: Money::from_cents(76_997),
            tax: Money::from_cents(6_352),
            total: Money::from_cents(83_349),
            order_url: "https://shop.giggatek.example/orders/W-2026-000123".to_string(),
        }
    }

    pub fn receipt() -> SaleReceipt {
        SaleReceipt {
            customer_name: "Núñez, Lucía".to_string(),
            receipt_number: "S01-T01-000042".to_string(),
            issued_at: "Dec 4, 2026 13:45".to_string(),
            lines: sample_lines(),
            subtotal: Money::from_cents(76_997),
            discount: Money::from_cents(1_000),
            tax: Money::from_cents(6_270),
            total: Money::from_cents(82_267),
            payments: vec![PaymentLine {
                label: "Card ****4242".to_string(),
                amount: Money::from_cents(82_267),
            }],
        }
    }

    pub fn rental_payment_receipt() -> RentalPaymentReceipt {
        RentalPaymentReceipt {
            customer_name: "Baker's Rentals: North".to_string(),
            contract_number: "R-000042".to_string(),
            item: "Dell XPS 15 laptop".to_string(),
            due_date: "2026-11-05".to_string(),
            paid_on: "2026-11-05".to_string(),
            amount_paid: Money::from_cents(4_500),
            late_fee: Money::ZERO,
            remaining_balance: Money::from_cents(90_000),
            next_due_date: Some("2026-11-12".to_string()),
        }
    }

    pub fn rental_reminder() -> RentalReminder {
        RentalReminder {
            customer_name: "Baker's Rentals: North".to_string(),
            contract_number: "R-000042".to_string(),
            item: "Dell XPS 15 laptop".to_string(),
            due_date: "2026-11-05".to_string(),
            amount_due: Money::from_cents(4_500),
            pay_url: "https://shop.giggatek.example/rentals/R-000042/pay".to_string(),
        }
    }

    pub fn password_reset() -> PasswordReset {
        PasswordReset {
            customer_name: "Lucía".to_string(),
            reset_url: "https://shop.giggatek.example/account/reset?token=sample".to_string(),
            expires_in_minutes: 30,
        }
    }

    pub fn rental_agreement() -> RentalAgreement {
        RentalAgreement {
            customer_name: "Núñez, Lucía".to_string(),
            contract_number: "R-000042".to_string(),
            item: "Dell XPS 15 laptop".to_string(),
            signed_on: "2026-10-22".to_string(),
        }
    }

    pub fn marketing() -> Marketing {
        Marketing {
            customer_name: "Lucía".to_string(),
            subject: "Winter GPU sale: 15 % off until Sunday".to_string(),
            headline: "Winter GPU sale".to_string(),
            paragraphs: vec![
                "Every graphics card in stock is 15 % off until Sunday, in the shop and online.".to_string(),
                "Rent-to-own customers get the same price on new contracts.".to_string(),
            ],
            call_to_action: Some(CallToAction {
                label: "See the cards".to_string(),
                url: "https://shop.giggatek.example/sale/gpus".to_string(),
            }),
        }
    }
}
