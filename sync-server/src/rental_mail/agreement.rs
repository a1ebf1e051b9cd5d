//! The rental agreement mailed to the customer once a contract reaches the
//! server: the same document the terminal prints for signing, rebuilt by
//! the domain and documents crates from the stored contract, as a PDF
//! attachment.

use giggatek_domain::Money;
use giggatek_domain::rental::policy::percent_text;
use giggatek_domain::rental::{Agreement, AgreementParty, AgreementProperty, ContractTerms, Term, UnitCondition};
use giggatek_mail::jobs::{Attachment, NewMail};
use giggatek_mail::templates::Branding;
use jiff::civil::Date;

use crate::db::rental_mail::PendingAgreement;
use crate::db::shop_rentals::{InstallmentRow, RentalContractRow, RentalPaymentRow};
use crate::shop::rentals::{civil_date, compute_account, schedule};

/// Builds the agreement of `contract` as of `today`, with the buyout price
/// of that day.
///
/// # Errors
///
/// Returns an error when a stored value is one the domain rejects (an
/// unknown policy, term or condition, or an address that is not a list).
pub fn build_agreement(
    brand: &Branding,
    contract: &RentalContractRow,
    pending: &PendingAgreement,
    installments: &[InstallmentRow],
    payments: &[RentalPaymentRow],
    today: Date,
) -> anyhow::Result<Agreement> {
    let number = &contract.contract_number;
    let account = compute_account(contract, installments, payments, today)?;
    let policy = account.policy;
    let term = Term::parse(&contract.term).map_err(|error| anyhow::anyhow!("contract {number}: {error}"))?;
    let contract_date = civil_date(contract.start_date)?;
    let terms = ContractTerms {
        contract_date,
        term,
        payment_count: u32::try_from(contract.payment_count)?,
        cash_price: Money::from_cents(contract.cash_price_cents),
        total_of_payments: Money::from_cents(contract.total_of_payments_cents),
        delivery_fee: Money::from_cents(pending.delivery_fee_cents),
        damage_waiver: Money::from_cents(pending.damage_waiver_cents),
        deposit: Money::from_cents(pending.deposit_cents),
    };
    let address: Vec<String> = serde_json::from_str(&pending.customer_address)
        .map_err(|error| anyhow::anyhow!("contract {number}: the customer's address is not a list: {error}"))?;
    let condition =
        UnitCondition::parse(&pending.unit_condition).map_err(|error| anyhow::anyhow!("contract {number}: {error}"))?;
    Ok(Agreement {
        store_name: brand.store_name.clone(),
        store_address: brand.address_lines.clone(),
        contract_number: number.clone(),
        contract_date,
        customer: AgreementParty {
            name: pending.customer_name.clone(),
            address,
            phone: pending.customer_phone.clone(),
            id_document: pending.customer_id_document.clone(),
        },
        co_signer: None,
        property: AgreementProperty {
            description: contract.item.clone(),
            serial_number: contract.serial_number.clone(),
            condition,
        },
        disclosures: terms.disclose(schedule(installments)?),
        policy_name: policy.name.to_string(),
        buyout_formula: policy.describe_buyout(),
        buyout_today: account.buyout.map(|quote| quote.total).unwrap_or_default(),
        late_fee_share: percent_text(policy.late_fee.share_millionths),
        late_fee_cap: policy.late_fee.cap,
        grace_days: policy.late_fee.grace_days(term),
        reinstatement_days: policy.reinstatement_days,
        initial_payment_receipt: pending.initial_payment_receipt.clone(),
    })
}

/// Attaches the agreement's PDF to `mail`.
///
/// # Errors
///
/// Returns the documents crate's error when the PDF cannot be made.
pub fn attach_pdf(mail: NewMail, agreement: &Agreement) -> anyhow::Result<NewMail> {
    let content = giggatek_documents::agreement_pdf(agreement)?;
    Ok(mail.attach(Attachment {
        filename: format!("agreement-{}.pdf", agreement.contract_number),
        content_type: "application/pdf".to_owned(),
        content,
    }))
}
