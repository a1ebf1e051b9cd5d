//! Rent-to-own: customers, the contract wizard, payments, buyouts, returns
//! and the printed agreement.

use tauri::State;

use giggatek_domain::rental::ContractTerms;
use giggatek_domain::{CardApproval, Money, Tender, ThermalWidth};
use giggatek_store::{
    CompletedContractPayment, ContractDraft, ContractPaymentRequest, ContractRequest, ContractView, Customer,
    CustomerDetails,
};

use super::parse_amount;
use crate::error::{CommandError, ErrorKind};
use crate::receipt_files;
use crate::rental_views::{
    ContractDetail, ContractInput, ContractPaymentInput, ContractPaymentView, ContractReturnInput, CustomerInput,
    CustomerView,
};
use crate::short_term_views::ContractChargeOffInput;
use crate::state::AppState;
use crate::views::ManagerApproval;

/// The maximum number of customers a search returns.
const SEARCH_LIMIT: u32 = 25;

/// Finds customers by part of a name, phone, email or ID document.
#[tauri::command(rename_all = "snake_case")]
pub fn search_customers(state: State<'_, AppState>, query: String) -> Result<Vec<CustomerView>, CommandError> {
    state.staff()?;
    let found = state.with_store(|store| store.search_customers(&query, SEARCH_LIMIT))?;
    Ok(found.into_iter().map(customer_view).collect())
}

/// Adds a customer, or saves an edit when `id` is set.
#[tauri::command(rename_all = "snake_case")]
pub fn save_customer(state: State<'_, AppState>, customer: CustomerInput) -> Result<CustomerView, CommandError> {
    let staff = state.staff()?;
    let details = CustomerDetails {
        full_name: customer.full_name,
        address: customer.address,
        phone: customer.phone,
        email: customer.email,
        id_document: customer.id_document,
    };
    let saved = state.with_store(|store| match (customer.id, customer.version) {
        (Some(id), Some(version)) => store.update_customer(&staff, id, version, &details),
        _ => store.add_customer(&staff, &customer.client_id, &details),
    })?;
    Ok(customer_view(saved))
}

/// Computes the schedule and disclosures for the wizard's live preview.
#[tauri::command(rename_all = "snake_case")]
pub fn preview_contract(
    state: State<'_, AppState>,
    contract: ContractInput,
) -> Result<giggatek_domain::rental::Disclosures, CommandError> {
    state.staff()?;
    let draft = draft(&contract)?;
    state.with_store(|store| store.preview_contract(&draft))
}

/// Writes the contract; a manager approves it with code and PIN.
#[tauri::command(rename_all = "snake_case")]
pub fn create_contract(
    state: State<'_, AppState>,
    contract: ContractInput,
    client_id: String,
    manager: ManagerApproval,
) -> Result<ContractDetail, CommandError> {
    state.staff()?;
    let draft = draft(&contract)?;
    let initial_tenders = tenders(
        &contract.initial_cash,
        &contract.initial_card_amount,
        &contract.initial_card_approval,
        &contract.initial_card_last4,
    )?;
    let view = state.with_store(|store| {
        let manager = store.approve(&manager.code, &manager.pin)?;
        store.create_contract(&ContractRequest {
            client_id,
            manager,
            customer_id: contract.customer_id,
            co_signer_id: contract.co_signer_id,
            serial_number: contract.serial_number.clone(),
            draft,
            initial_tenders,
        })
    })?;
    Ok(contract_detail(view))
}

/// Loads a contract with today's account and buyout price.
#[tauri::command(rename_all = "snake_case")]
pub fn get_contract(state: State<'_, AppState>, contract_number: String) -> Result<ContractDetail, CommandError> {
    state.staff()?;
    Ok(contract_detail(
        state.with_store(|store| store.contract(&contract_number))?,
    ))
}

/// Takes a payment against a contract.
#[tauri::command(rename_all = "snake_case")]
pub fn take_contract_payment(
    state: State<'_, AppState>,
    payment: ContractPaymentInput,
) -> Result<ContractPaymentView, CommandError> {
    let clerk = state.staff()?;
    let amount = parse_amount("Amount", &payment.amount)?;
    let request = payment_request(&payment, clerk, amount)?;
    let paid = state.with_store(|store| store.take_contract_payment(&request))?;
    Ok(payment_view(paid))
}

/// Pays today's buyout price; `payment.amount` is ignored and the quote is
/// taken again inside the same call.
#[tauri::command(rename_all = "snake_case")]
pub fn buy_out_contract(
    state: State<'_, AppState>,
    payment: ContractPaymentInput,
) -> Result<ContractPaymentView, CommandError> {
    let clerk = state.staff()?;
    let paid = state.with_store(|store| {
        let quote = store.contract(&payment.contract_number)?.buyout.total;
        let request = payment_request(&payment, clerk.clone(), quote)
            .map_err(|error| giggatek_store::StoreError::Invalid(error.message))?;
        store.buy_out_contract(&request)
    })?;
    Ok(payment_view(paid))
}

/// Takes the unit back and ends the contract; a manager approves.
#[tauri::command(rename_all = "snake_case")]
pub fn return_contract(
    state: State<'_, AppState>,
    request: ContractReturnInput,
) -> Result<ContractDetail, CommandError> {
    state.staff()?;
    let view = state.with_store(|store| {
        let manager = store.approve(&request.manager.code, &request.manager.pin)?;
        store.return_contract(&manager, &request.contract_number, request.condition, &request.note)
    })?;
    Ok(contract_detail(view))
}

/// Writes off what is owed and ends the contract; a manager approves.
#[tauri::command(rename_all = "snake_case")]
pub fn charge_off_contract(
    state: State<'_, AppState>,
    request: ContractChargeOffInput,
) -> Result<ContractDetail, CommandError> {
    state.staff()?;
    let view = state.with_store(|store| {
        let manager = store.approve(&request.manager.code, &request.manager.pin)?;
        store.charge_off_contract(&manager, &request.contract_number, &request.note)
    })?;
    Ok(contract_detail(view))
}

/// Makes a returned contract active again within the policy's window; a
/// manager approves.
#[tauri::command(rename_all = "snake_case")]
pub fn reinstate_contract(
    state: State<'_, AppState>,
    contract_number: String,
    manager: ManagerApproval,
) -> Result<ContractDetail, CommandError> {
    state.staff()?;
    let view = state.with_store(|store| {
        let manager = store.approve(&manager.code, &manager.pin)?;
        store.reinstate_contract(&manager, &contract_number)
    })?;
    Ok(contract_detail(view))
}

/// Writes the agreement PDF into the receipts folder and returns its path.
/// Printing is refused while a required field is blank.
#[tauri::command(rename_all = "snake_case")]
pub fn print_agreement(state: State<'_, AppState>, contract_number: String) -> Result<String, CommandError> {
    state.staff()?;
    let agreement = state.with_store(|store| store.agreement(&contract_number))?;
    let pdf = giggatek_documents::agreement_pdf(&agreement).map_err(|error| match error {
        giggatek_documents::DocumentError::AgreementIncomplete(_) => CommandError::invalid(error.to_string()),
        other => CommandError::new(ErrorKind::Storage, format!("The agreement PDF was not made: {other}")),
    })?;
    let folder = &state.paths.receipts;
    let summary = format!("Rent-to-own agreement {}\n", agreement.contract_number);
    let saved = receipt_files::save(folder, &agreement.contract_number, &summary, Some(&pdf)).map_err(|error| {
        tracing::error!(contract_number = %agreement.contract_number, %error, "cannot save the agreement");
        CommandError::new(
            ErrorKind::Storage,
            format!(
                "The agreement could not be saved in {}. Check the disk, then print again.",
                folder.display()
            ),
        )
    })?;
    let path = saved.pdf_file.unwrap_or(saved.text_file);
    tracing::info!(contract_number = %agreement.contract_number, "agreement printed");
    Ok(path.display().to_string())
}

fn customer_view(customer: Customer) -> CustomerView {
    CustomerView {
        id: customer.id,
        version: customer.version,
        full_name: customer.details.full_name,
        address: customer.details.address,
        phone: customer.details.phone,
        email: customer.details.email,
        id_document: customer.details.id_document,
    }
}

fn contract_detail(view: ContractView) -> ContractDetail {
    ContractDetail {
        contract_number: view.contract_number,
        status: view.status,
        policy_code: view.policy_code,
        customer: customer_view(view.customer),
        serial_number: view.unit.serial_number,
        unit_description: view.unit.description,
        unit_condition: view.unit.condition,
        unit_status: view.unit.status,
        disclosures: view.disclosures,
        ledger: view.ledger,
        buyout: view.buyout,
        initial_receipt_text: view.initial_payment.as_ref().map(|r| r.render(ThermalWidth::Mm58)),
        initial_payment: view.initial_payment,
    }
}

fn payment_view(paid: CompletedContractPayment) -> ContractPaymentView {
    ContractPaymentView {
        receipt_text: paid.receipt.render(ThermalWidth::Mm58),
        receipt_number: paid.receipt_number,
        status: paid.status,
        receipt: paid.receipt,
        replayed: paid.replayed,
    }
}

/// Parses an optional amount: blank is zero.
pub(super) fn optional_amount(field: &str, text: &str) -> Result<Money, CommandError> {
    if text.trim().is_empty() {
        Ok(Money::ZERO)
    } else {
        parse_amount(field, text)
    }
}

fn draft(contract: &ContractInput) -> Result<ContractDraft, CommandError> {
    let payment_count: u32 = contract.payment_count.trim().parse().map_err(|_| {
        CommandError::invalid(format!(
            "Number of payments \"{}\" is invalid: type a whole number such as 52.",
            contract.payment_count.trim()
        ))
    })?;
    let total_of_payments = if contract.payment.trim().is_empty() {
        parse_amount("Total of payments", &contract.total)?
    } else {
        let payment = parse_amount("Each payment", &contract.payment)?;
        ContractTerms::total_from_periodic(payment, payment_count)
            .map_err(|error| CommandError::invalid(error.to_string()))?
    };
    Ok(ContractDraft {
        term: contract.term,
        payment_count,
        cash_price: parse_amount("Cash price", &contract.cash_price)?,
        total_of_payments,
        delivery_fee: optional_amount("Delivery fee", &contract.delivery_fee)?,
        damage_waiver: optional_amount("Damage waiver", &contract.damage_waiver)?,
        deposit: optional_amount("Deposit", &contract.deposit)?,
    })
}

/// Reads the cash and card parts a screen submits into tenders, card
/// first; a blank part adds none.
pub(super) fn tenders(
    cash: &str,
    card_amount: &str,
    card_approval: &str,
    card_last4: &str,
) -> Result<Vec<Tender>, CommandError> {
    let mut tenders = Vec::new();
    let card_amount = optional_amount("Card amount", card_amount)?;
    if !card_amount.is_zero() {
        let approval =
            CardApproval::parse(card_approval, card_last4).map_err(|error| CommandError::invalid(error.to_string()))?;
        tenders.push(Tender::Card {
            amount: card_amount,
            approval,
        });
    }
    let cash = optional_amount("Cash", cash)?;
    if !cash.is_zero() {
        tenders.push(Tender::Cash { tendered: cash });
    }
    Ok(tenders)
}

fn payment_request(
    payment: &ContractPaymentInput,
    clerk: giggatek_store::Staff,
    amount: Money,
) -> Result<ContractPaymentRequest, CommandError> {
    let tenders = tenders(
        &payment.cash,
        &payment.card_amount,
        &payment.card_approval,
        &payment.card_last4,
    )?;
    if tenders.is_empty() {
        return Err(CommandError::invalid("Type the cash handed over or the card amount."));
    }
    Ok(ContractPaymentRequest {
        client_id: payment.client_id.clone(),
        contract_number: payment.contract_number.clone(),
        clerk,
        amount,
        tenders,
    })
}
