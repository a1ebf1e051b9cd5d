//! The rent-to-own agreement that the customer signs: every disclosure as
//! text blocks, so the PDF only lays them out and never computes a figure.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::money::Money;
use crate::rental::contract::Disclosures;
use crate::rental::lifecycle::UnitCondition;

/// A person who signs the agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AgreementParty {
    pub name: String,
    pub address: Vec<String>,
    pub phone: String,
    /// The identity document shown at signing: `Driver licence NY 123456789`.
    pub id_document: String,
}

/// The rented property.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AgreementProperty {
    pub description: String,
    pub serial_number: String,
    pub condition: UnitCondition,
}

/// Everything printed on the agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Agreement {
    pub store_name: String,
    pub store_address: Vec<String>,
    pub contract_number: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub contract_date: Date,
    pub customer: AgreementParty,
    pub co_signer: Option<AgreementParty>,
    pub property: AgreementProperty,
    pub disclosures: Disclosures,
    pub policy_name: String,
    /// The buyout formula in words.
    pub buyout_formula: String,
    /// The buyout price on the agreement's print date.
    pub buyout_today: Money,
    pub late_fee_share: String,
    pub late_fee_cap: Money,
    pub grace_days: u32,
    pub reinstatement_days: u32,
    /// The receipt number of the initial payment taken at signing, or
    /// `None` when nothing was due then.
    pub initial_payment_receipt: Option<String>,
}

/// One block of the printed agreement, in print order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgreementBlock {
    Title(String),
    Heading(String),
    Paragraph(String),
    /// A label and its value on one line.
    Pair {
        label: String,
        value: String,
    },
    /// The payment schedule's header row followed by its rows.
    Table {
        header: [String; 3],
        rows: Vec<[String; 3]>,
    },
    /// A line to sign on, with the signer's printed name under it.
    Signature {
        role: String,
        name: String,
    },
}

impl Agreement {
    /// Names every required field that is blank. Printing is refused until
    /// the list is empty.
    pub fn missing_fields(&self) -> Vec<&'static str> {
        let blank = |text: &str| text.trim().is_empty();
        let mut missing = Vec::new();
        let checks = [
            ("store name", blank(&self.store_name)),
            ("store address", self.store_address.iter().all(|line| blank(line))),
            ("contract number", blank(&self.contract_number)),
            ("customer name", blank(&self.customer.name)),
            ("customer address", self.customer.address.iter().all(|line| blank(line))),
            ("customer phone", blank(&self.customer.phone)),
            ("customer ID document", blank(&self.customer.id_document)),
            ("property description", blank(&self.property.description)),
            ("serial number", blank(&self.property.serial_number)),
            ("cash price", self.disclosures.cash_price.is_zero()),
            ("payment schedule", self.disclosures.schedule.is_empty()),
        ];
        for (field, is_blank) in checks {
            if is_blank {
                missing.push(field);
            }
        }
        if let Some(co_signer) = &self.co_signer
            && blank(&co_signer.name)
        {
            missing.push("co-signer name");
        }
        missing
    }

    /// Lists the agreement's blocks in print order.
    pub fn blocks(&self) -> Vec<AgreementBlock> {
        let d = &self.disclosures;
        let pair = |label: &str, value: String| AgreementBlock::Pair {
            label: label.to_string(),
            value,
        };
        let heading = |text: &str| AgreementBlock::Heading(text.to_string());
        let paragraph = |text: String| AgreementBlock::Paragraph(text);

        let mut blocks = vec![AgreementBlock::Title("Rent-to-own agreement".to_string())];
        blocks.push(pair("Store", self.store_name.clone()));
        for line in &self.store_address {
            blocks.push(pair("", line.clone()));
        }
        blocks.push(pair("Agreement", self.contract_number.clone()));
        blocks.push(pair("Date", self.contract_date.to_string()));
        blocks.push(pair("Customer", self.customer.name.clone()));
        for line in &self.customer.address {
            blocks.push(pair("", line.clone()));
        }
        blocks.push(pair("Phone", self.customer.phone.clone()));
        blocks.push(pair("ID document", self.customer.id_document.clone()));
        if let Some(co_signer) = &self.co_signer {
            blocks.push(pair("Co-signer", co_signer.name.clone()));
        }

        blocks.push(heading("Property"));
        blocks.push(pair("Description", self.property.description.clone()));
        blocks.push(pair("Serial number", self.property.serial_number.clone()));
        blocks.push(pair("Condition", self.property.condition.as_str().to_string()));

        blocks.push(heading("Cost"));
        blocks.push(pair("Cash price", d.cash_price.grouped()));
        blocks.push(pair("Initial payment due at signing", d.initial_payment.grouped()));
        if let Some(receipt) = &self.initial_payment_receipt {
            blocks.push(pair(
                "Initial payment received",
                format!("{} (receipt {receipt})", d.initial_payment.grouped()),
            ));
        }
        blocks.push(pair(
            "Each payment",
            format!("{} {}", d.periodic_payment.grouped(), d.term.describe()),
        ));
        blocks.push(pair("Number of payments", d.payment_count.to_string()));
        blocks.push(pair("Total of payments", d.total_of_payments.grouped()));
        blocks.push(pair("Cost of lease services", d.cost_of_lease_services.grouped()));
        blocks.push(paragraph(format!(
            "You will make {} payments {}, the first due on {}. Any payment that differs from {} \
             is listed in the schedule below. The cost of lease services is the total of payments \
             less the cash price.",
            d.payment_count,
            d.term.describe(),
            d.schedule.first().map(|i| i.due_date.to_string()).unwrap_or_default(),
            d.periodic_payment.grouped(),
        )));
        blocks.push(paragraph(
            "You will not own the property until you have made every payment or paid the early-purchase price. \
             Until then the property belongs to the store."
                .to_string(),
        ));

        blocks.push(heading("Other charges"));
        blocks.push(pair("Delivery fee", d.delivery_fee.grouped()));
        blocks.push(pair("Damage waiver (optional, one-time)", d.damage_waiver.grouped()));
        blocks.push(pair("Security deposit (refundable)", d.deposit.grouped()));
        blocks.push(paragraph(format!(
            "A payment not made within {} days after its due date incurs one late fee of {} % of that payment \
             or {}, whichever is less. The total of payments does not include these charges.",
            self.grace_days,
            self.late_fee_share,
            self.late_fee_cap.grouped()
        )));

        blocks.push(heading("Loss and damage"));
        blocks.push(paragraph(
            "You are responsible for the property's fair market value if it is lost, stolen, damaged or \
             destroyed while in your possession, except for normal wear. The damage waiver, if bought, \
             covers accidental damage but not loss, theft or intentional damage."
                .to_string(),
        ));
        blocks.push(heading("Maintenance"));
        blocks.push(paragraph(
            "The store maintains and services the property during the agreement at no extra charge. Any \
             manufacturer's warranty passes to you when you become the owner."
                .to_string(),
        ));
        blocks.push(heading("Early purchase"));
        blocks.push(paragraph(format!(
            "You may buy the property at any time. The early-purchase price is {} ({}).",
            self.buyout_formula, self.policy_name
        )));
        blocks.push(pair("Early-purchase price today", self.buyout_today.grouped()));
        blocks.push(heading("Reinstatement"));
        blocks.push(paragraph(format!(
            "If you miss a payment or return the property, you may reinstate this agreement within {} days \
             by paying what is past due, keeping credit for every payment already made.",
            self.reinstatement_days
        )));
        blocks.push(heading("Termination"));
        blocks.push(paragraph(
            "You may end this agreement at any time by returning the property in good repair, except for \
             normal wear, and paying any amount past due. You owe nothing for periods after the return."
                .to_string(),
        ));

        blocks.push(heading("Payment schedule"));
        blocks.push(AgreementBlock::Table {
            header: ["No.".to_string(), "Due date".to_string(), "Amount".to_string()],
            rows: d
                .schedule
                .iter()
                .map(|i| [i.number.to_string(), i.due_date.to_string(), i.amount.grouped()])
                .collect(),
        });

        blocks.push(heading("Signatures"));
        blocks.push(AgreementBlock::Signature {
            role: "Customer".to_string(),
            name: self.customer.name.clone(),
        });
        if let Some(co_signer) = &self.co_signer {
            blocks.push(AgreementBlock::Signature {
                role: "Co-signer".to_string(),
                name: co_signer.name.clone(),
            });
        }
        blocks.push(AgreementBlock::Signature {
            role: "For the store".to_string(),
            name: self.store_name.clone(),
        });
        blocks
    }
}
