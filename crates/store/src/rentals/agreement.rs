//! The printable agreement of a stored contract.

use giggatek_domain::rental::{Agreement, AgreementParty, AgreementProperty, policy::percent_text};

use crate::db::Store;
use crate::error::StoreError;
use crate::rentals::contracts::ContractView;
use crate::rentals::customers::Customer;
use crate::settings;

fn party(customer: &Customer) -> AgreementParty {
    AgreementParty {
        name: customer.details.full_name.clone(),
        address: customer.details.address.clone(),
        phone: customer.details.phone.clone(),
        id_document: customer.details.id_document.clone(),
    }
}

impl Store {
    /// Builds the agreement of a contract, with today's buyout price.
    pub fn agreement(&self, contract_number: &str) -> Result<Agreement, StoreError> {
        let view: ContractView = self.contract(contract_number)?;
        let settings = settings::load(&self.conn)?;
        let policy = giggatek_domain::rental::Policy::find(&view.policy_code).map_err(StoreError::invalid)?;
        Ok(Agreement {
            store_name: settings.store_name,
            store_address: settings.store_address,
            contract_number: view.contract_number,
            contract_date: view.terms.contract_date,
            customer: party(&view.customer),
            co_signer: view.co_signer.as_ref().map(party),
            property: AgreementProperty {
                description: view.unit.description.clone(),
                serial_number: view.unit.serial_number.clone(),
                condition: view.unit.condition,
            },
            initial_payment_receipt: view.initial_payment.as_ref().map(|r| r.receipt_number.clone()),
            disclosures: view.disclosures,
            policy_name: policy.name.to_string(),
            buyout_formula: policy.describe_buyout(),
            buyout_today: view.buyout.total,
            late_fee_share: percent_text(policy.late_fee.share_millionths),
            late_fee_cap: policy.late_fee.cap,
            grace_days: policy.late_fee.grace_days(view.terms.term),
            reinstatement_days: policy.reinstatement_days,
        })
    }
}
