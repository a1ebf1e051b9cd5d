//! `contract`: rent-to-own contracts from preview to payout.

use std::path::Path;

use giggatek_domain::rental::{
    ContractTerms, Disclosures, POLICIES, Policy, RentalFeeReceipt, RentalPaymentReceipt, Term,
};
use giggatek_domain::{Money, ThermalWidth};
use giggatek_store::{
    CompletedContractPayment, ContractDraft, ContractPaymentRequest, ContractRequest, ContractView, Staff,
};
use serde_json::json;

use super::customer::condition;
use super::{Context, manager, sign_in};
use crate::args::{ContractCommand, ContractTenders, ContractTermsArgs, SignIn, TermArg, TextWidthArg};
use crate::error::{CliError, Failure};
use crate::input;
use crate::output::{emit, write_stdout};

pub fn run(context: &mut Context, command: ContractCommand) -> Result<(), CliError> {
    match command {
        ContractCommand::Policy { set, manager: approval } => policy(context, set.as_deref(), &approval),
        ContractCommand::Preview(terms) => {
            let disclosures =
                context
                    .store
                    .preview_contract_for(terms.customer, terms.co_signer, &terms.serial, &draft(&terms)?)?;
            emit(context.json, &disclosures, disclosures_text)
        }
        ContractCommand::Create {
            manager: approval,
            terms,
            initial,
            format,
            client_id,
        } => {
            let manager = manager(&context.store, &approval)?;
            let mut request = request(&terms, manager, input::client_id(client_id.as_deref()))?;
            request.initial_tenders = input::tenders(&initial.card, &initial.cash)?;
            let view = context.store.create_contract(&request)?;
            emit(context.json, &view, |view| {
                let mut text = view_text(view);
                if let Some(receipt) = &view.initial_payment {
                    text.push_str("\n\n");
                    text.push_str(receipt.render(width(format)).trim_end());
                }
                text
            })
        }
        ContractCommand::Show { number } => {
            let view = context.store.contract(&number)?;
            emit(context.json, &view, view_text)
        }
        ContractCommand::Pay {
            number,
            staff,
            amount,
            tenders,
            format,
        } => {
            let clerk = sign_in(&context.store, &staff)?;
            let request = payment(&number, clerk, input::money("--amount", &amount)?, &tenders)?;
            let paid = context.store.take_contract_payment(&request)?;
            payment_output(context.json, &paid, format)
        }
        ContractCommand::Buyout {
            number,
            pay,
            staff,
            pin,
            tenders,
            format,
        } => {
            if !pay {
                reject_payment_without_pay(staff.as_deref(), &tenders)?;
            }
            let view = context.store.contract(&number)?;
            if !pay {
                return emit(context.json, &view.buyout, |quote| {
                    format!(
                        "Buyout price of {number} today: {} ({} for the property, {} late fees owed).",
                        quote.total.grouped(),
                        quote.rent_part.grouped(),
                        quote.late_fees_owed.grouped()
                    )
                });
            }
            let sign = SignIn {
                code: staff.unwrap_or_default(),
                pin: pin.ok_or_else(|| {
                    CliError::new(Failure::Usage, "the PIN is missing: pass --pin or set GIGGATEK_PIN")
                })?,
            };
            let clerk = sign_in(&context.store, &sign)?;
            let request = payment(&number, clerk, view.buyout.total, &tenders)?;
            let paid = context.store.buy_out_contract(&request)?;
            payment_output(context.json, &paid, format)
        }
        ContractCommand::Return {
            number,
            manager: approval,
            condition: condition_arg,
            note,
        } => {
            let manager = manager(&context.store, &approval)?;
            let view = context
                .store
                .return_contract(&manager, &number, condition(condition_arg), &note)?;
            emit(context.json, &view, view_text)
        }
        ContractCommand::ChargeOff {
            number,
            manager: approval,
            note,
        } => {
            let manager = manager(&context.store, &approval)?;
            let view = context.store.charge_off_contract(&manager, &number, &note)?;
            emit(context.json, &view, view_text)
        }
        ContractCommand::Reinstate {
            number,
            manager: approval,
        } => {
            let manager = manager(&context.store, &approval)?;
            let view = context.store.reinstate_contract(&manager, &number)?;
            emit(context.json, &view, view_text)
        }
        ContractCommand::Agreement { number, out } => {
            let agreement = context.store.agreement(&number)?;
            let bytes = giggatek_documents::agreement_pdf(&agreement).map_err(|error| {
                let failure = match error {
                    giggatek_documents::DocumentError::AgreementIncomplete(_) => Failure::Invalid,
                    _ => Failure::Internal,
                };
                CliError::new(failure, format!("the agreement of {number}: {error}"))
            })?;
            std::fs::write(&out, &bytes)
                .map_err(|error| CliError::new(Failure::File, format!("writing {} failed: {error}", out.display())))?;
            let written = json!({ "contract_number": agreement.contract_number, "file": out });
            emit(context.json, &written, |_| format!("Wrote {}.", out.display()))
        }
        ContractCommand::Receipt { receipt, format, pdf } => {
            if let Some(initial) = context.store.initial_payment_receipt(&receipt)? {
                return fee_receipt_output(context.json, &initial, format, pdf.as_deref());
            }
            if pdf.is_some() {
                return Err(CliError::invalid(
                    "--pdf is for initial payment receipts: a contract payment prints as text only",
                ));
            }
            let printed = context.store.contract_payment_receipt(&receipt)?;
            receipt_output(context.json, &printed, format)
        }
    }
}

fn policy(context: &mut Context, set: Option<&str>, approval: &crate::args::Approval) -> Result<(), CliError> {
    if let Some(code) = set {
        let manager = manager(&context.store, approval)?;
        let chosen = context.store.set_rental_policy(&manager, code)?;
        return emit(context.json, chosen, |p| {
            format!("Contracts from now on follow {} ({}).", p.name, p.code)
        });
    }
    let current = context.store.rental_policy()?;
    let listed = json!({ "current": current.code, "policies": POLICIES });
    emit(context.json, &listed, |_| {
        POLICIES
            .iter()
            .map(|p| policy_line(p, p.code == current.code))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

fn policy_line(policy: &Policy, current: bool) -> String {
    let mark = if current { "*" } else { " " };
    let sources: Vec<String> = policy
        .citations
        .iter()
        .map(|c| {
            let unverified = if c.verified { "" } else { " (not verified)" };
            format!("{}: {}{unverified}", c.topic, c.source)
        })
        .collect();
    format!(
        "{mark} {:<16} {}\n    buyout: {}\n    sources: {}",
        policy.code,
        policy.name,
        policy.describe_buyout(),
        sources.join("; ")
    )
}

fn request(terms: &ContractTermsArgs, manager: Staff, client_id: String) -> Result<ContractRequest, CliError> {
    Ok(ContractRequest {
        client_id,
        manager,
        customer_id: terms.customer,
        co_signer_id: terms.co_signer,
        serial_number: terms.serial.clone(),
        draft: draft(terms)?,
        initial_tenders: Vec::new(),
    })
}

fn draft(terms: &ContractTermsArgs) -> Result<ContractDraft, CliError> {
    let total = match (&terms.payment, &terms.total) {
        (Some(payment), _) => ContractTerms::total_from_periodic(input::money("--payment", payment)?, terms.payments)
            .map_err(|error| CliError::invalid(format!("--payment: {error}")))?,
        (None, Some(total)) => input::money("--total", total)?,
        (None, None) => return Err(CliError::new(Failure::Usage, "pass --payment AMOUNT or --total AMOUNT")),
    };
    Ok(ContractDraft {
        term: match terms.term {
            TermArg::Weekly => Term::Weekly,
            TermArg::Biweekly => Term::Biweekly,
            TermArg::SemiMonthly => Term::SemiMonthly,
            TermArg::Monthly => Term::Monthly,
        },
        payment_count: terms.payments,
        cash_price: input::money("--cash-price", &terms.cash_price)?,
        total_of_payments: total,
        delivery_fee: input::money("--delivery-fee", &terms.delivery_fee)?,
        damage_waiver: input::money("--damage-waiver", &terms.damage_waiver)?,
        deposit: input::money("--deposit", &terms.deposit)?,
    })
}

fn payment(
    number: &str,
    clerk: Staff,
    amount: Money,
    tenders: &ContractTenders,
) -> Result<ContractPaymentRequest, CliError> {
    let list = input::tenders(&tenders.tenders.card, &tenders.tenders.cash)?;
    if list.is_empty() {
        return Err(CliError::invalid(
            "no tender given: pass --cash AMOUNT or --card AMOUNT:APPROVAL:LAST4",
        ));
    }
    Ok(ContractPaymentRequest {
        client_id: input::client_id(tenders.client_id.as_deref()),
        contract_number: number.to_string(),
        clerk,
        amount,
        tenders: list,
    })
}

/// Rejects payment options on a buyout quote, so a clerk who hands over
/// tenders but forgets `--pay` gets an error, not a quote that reads like
/// a paid buyout.
fn reject_payment_without_pay(staff: Option<&str>, tenders: &ContractTenders) -> Result<(), CliError> {
    let payment_options = [
        (staff.is_some(), "--staff"),
        (!tenders.tenders.cash.is_empty(), "--cash"),
        (!tenders.tenders.card.is_empty(), "--card"),
        (tenders.client_id.is_some(), "--client-id"),
    ];
    let names: Vec<&str> = payment_options
        .iter()
        .filter(|(set, _)| *set)
        .map(|(_, name)| *name)
        .collect();
    if names.is_empty() {
        return Ok(());
    }
    Err(CliError::new(
        Failure::Usage,
        format!(
            "--pay is missing: the payment options given ({}) need it. Add --pay to pay the buyout, \
             or leave them out to get a quote",
            names.join(", ")
        ),
    ))
}

pub(super) fn width(format: TextWidthArg) -> ThermalWidth {
    match format {
        TextWidthArg::Text58 => ThermalWidth::Mm58,
        TextWidthArg::Text80 => ThermalWidth::Mm80,
    }
}

fn payment_output(json: bool, paid: &CompletedContractPayment, format: TextWidthArg) -> Result<(), CliError> {
    if json {
        return emit(true, paid, |_| String::new());
    }
    write_stdout(paid.receipt.render(width(format)).as_bytes())
}

/// Prints a rental fee receipt as JSON or thermal text, and writes its PDF
/// to `pdf` when given.
pub(super) fn fee_receipt_output(
    json: bool,
    receipt: &RentalFeeReceipt,
    format: TextWidthArg,
    pdf: Option<&Path>,
) -> Result<(), CliError> {
    if let Some(path) = pdf {
        write_fee_receipt_pdf(receipt, path)?;
    }
    if json {
        return emit(true, receipt, |_| String::new());
    }
    write_stdout(receipt.render(width(format)).as_bytes())
}

/// Writes a rental fee receipt as a PDF file.
pub(super) fn write_fee_receipt_pdf(receipt: &RentalFeeReceipt, path: &Path) -> Result<(), CliError> {
    let bytes = giggatek_documents::rental_fee_receipt_pdf(receipt).map_err(|error| {
        CliError::new(
            Failure::Internal,
            format!("the receipt {}: {error}", receipt.receipt_number),
        )
    })?;
    std::fs::write(path, &bytes)
        .map_err(|error| CliError::new(Failure::File, format!("writing {} failed: {error}", path.display())))
}

fn receipt_output(json: bool, receipt: &RentalPaymentReceipt, format: TextWidthArg) -> Result<(), CliError> {
    if json {
        return emit(true, receipt, |_| String::new());
    }
    write_stdout(receipt.render(width(format)).as_bytes())
}

fn disclosures_text(d: &Disclosures) -> String {
    let mut lines = vec![
        format!("Cash price               {:>12}", d.cash_price.grouped()),
        format!(
            "Payments                 {:>12}",
            format!("{} {}", d.payment_count, d.term.as_str())
        ),
        format!("Each payment             {:>12}", d.periodic_payment.grouped()),
        format!("Total of payments        {:>12}", d.total_of_payments.grouped()),
        format!("Cost of lease services   {:>12}", d.cost_of_lease_services.grouped()),
        format!("Due at signing           {:>12}", d.initial_payment.grouped()),
        "Schedule:".to_string(),
    ];
    for installment in &d.schedule {
        lines.push(format!(
            "  {:>3}  {}  {:>10}",
            installment.number,
            installment.due_date,
            installment.amount.grouped()
        ));
    }
    lines.join("\n")
}

fn view_text(view: &ContractView) -> String {
    let ledger = &view.ledger;
    let mut text = format!(
        "Contract {} ({}), policy {}\nCustomer {} (customer {})\nUnit {} {} ({})\n",
        view.contract_number,
        view.status.describe(),
        view.policy_code,
        view.customer.details.full_name,
        view.customer.id,
        view.unit.serial_number,
        view.unit.description,
        view.unit.condition.as_str(),
    );
    text.push_str(&disclosures_text(&view.disclosures));
    text.push_str(&format!(
        "\nAs of {}: rent paid {}, rent past due {}, late fees owed {}, still needed to own {}\nBuyout price today {}",
        ledger.as_of,
        ledger.rent_paid.grouped(),
        ledger.rent_past_due.grouped(),
        ledger.late_fees_owed.grouped(),
        ledger.remaining_to_own.grouped(),
        view.buyout.total.grouped()
    ));
    text
}
