//! `customer` and `unit`: the people and the serialized units of rent-to-own.

use giggatek_domain::rental::{UnitCondition, UnitStatus};
use giggatek_store::{Customer, CustomerDetails, NewUnit};
use serde_json::json;

use super::{Context, manager, sign_in};
use crate::args::{ConditionArg, CustomerCommand, UnitCommand};
use crate::error::CliError;
use crate::input;
use crate::output::emit;

pub fn run(context: &mut Context, command: CustomerCommand) -> Result<(), CliError> {
    match command {
        CustomerCommand::Add {
            staff,
            details,
            client_id,
        } => {
            let staff = sign_in(&context.store, &staff)?;
            let details = CustomerDetails {
                full_name: details.name,
                address: details.address,
                phone: details.phone,
                email: details.email,
                id_document: details.id_document,
            };
            let id = input::client_id(client_id.as_deref());
            let customer = context.store.add_customer(&staff, &id, &details)?;
            emit(context.json, &customer, |c| {
                format!("Added customer {}.\n{}", c.id, customer_text(c))
            })
        }
        CustomerCommand::Edit {
            id,
            staff,
            version,
            details,
        } => {
            let staff = sign_in(&context.store, &staff)?;
            let mut changed = context.store.customer(id)?.details;
            if let Some(name) = details.name {
                changed.full_name = name;
            }
            if !details.address.is_empty() {
                changed.address = details.address;
            }
            if let Some(phone) = details.phone {
                changed.phone = phone;
            }
            if let Some(email) = details.email {
                changed.email = email;
            }
            if let Some(id_document) = details.id_document {
                changed.id_document = id_document;
            }
            let customer = context.store.update_customer(&staff, id, version, &changed)?;
            emit(context.json, &customer, |c| {
                format!("Saved customer {}.\n{}", c.id, customer_text(c))
            })
        }
        CustomerCommand::Search { text, limit } => {
            let customers = context.store.search_customers(&text, limit)?;
            emit(context.json, &customers, |found| {
                if found.is_empty() {
                    return format!("No customer matches \"{text}\".");
                }
                found
                    .iter()
                    .map(|c| format!("{:>6}  {}  {}", c.id, c.details.full_name, c.details.phone))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
        }
        CustomerCommand::Ledger { id } => {
            let ledger = context.store.customer_ledger(id)?;
            emit(context.json, &ledger, |entries| {
                if entries.is_empty() {
                    return format!("Customer {id} has paid no rent or rental fees.");
                }
                entries
                    .iter()
                    .map(|entry| {
                        let rate = match (entry.rate_per_day, entry.days) {
                            (Some(rate), Some(days)) => format!("  ({days} x {} per day)", rate.grouped()),
                            _ => String::new(),
                        };
                        format!(
                            "{}  {}  {}  {:<16} {:>12}{rate}",
                            entry.business_date,
                            entry.receipt_number,
                            entry.reference,
                            entry.kind,
                            entry.amount.grouped()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
        }
        CustomerCommand::Show { id } => {
            let customer = context.store.customer(id)?;
            let contracts = context.store.customer_contracts(id)?;
            let shown = json!({ "customer": customer, "contracts": contracts });
            emit(context.json, &shown, |_| {
                let mut text = customer_text(&customer);
                for contract in &contracts {
                    text.push_str(&format!(
                        "\nContract {}  {}  unit {}  signed {}",
                        contract.contract_number,
                        contract.status.describe(),
                        contract.serial_number,
                        contract.contract_date
                    ));
                }
                text
            })
        }
    }
}

fn customer_text(customer: &Customer) -> String {
    let d = &customer.details;
    let mut lines = vec![
        format!(
            "{} (customer {}, version {})",
            d.full_name, customer.id, customer.version
        ),
        d.address.join("\n"),
        format!("Phone {}", d.phone),
    ];
    if !d.email.trim().is_empty() {
        lines.push(format!("Email {}", d.email));
    }
    lines.push(format!("ID {}", d.id_document));
    lines.join("\n")
}

pub fn condition(arg: ConditionArg) -> UnitCondition {
    match arg {
        ConditionArg::New => UnitCondition::New,
        ConditionArg::Used => UnitCondition::Used,
        ConditionArg::Damaged => UnitCondition::Damaged,
    }
}

pub fn unit(context: &mut Context, command: UnitCommand) -> Result<(), CliError> {
    match command {
        UnitCommand::Add {
            manager: approval,
            serial,
            description,
            product,
            condition: condition_arg,
            cost,
            client_id,
        } => {
            let manager = manager(&context.store, &approval)?;
            let new_unit = NewUnit {
                serial_number: serial,
                description,
                product,
                condition: condition(condition_arg),
                cost: input::money("--cost", &cost)?,
            };
            let id = input::client_id(client_id.as_deref());
            let unit = context.store.add_unit(&manager, &id, &new_unit)?;
            emit(context.json, &unit, |u| {
                format!(
                    "Received unit {} ({}), cost {}.",
                    u.serial_number,
                    u.description,
                    u.cost.grouped()
                )
            })
        }
        UnitCommand::Show { serial } => {
            let unit = context.store.unit(&serial)?;
            let history = context.store.unit_history(unit.id)?;
            let shown = json!({ "unit": unit, "history": history });
            emit(context.json, &shown, |_| {
                let mut text = format!(
                    "{} {}\nStatus {}, condition {}, cost {}",
                    unit.serial_number,
                    unit.description,
                    unit.status.describe(),
                    unit.condition.as_str(),
                    unit.cost.grouped()
                );
                for event in &history {
                    text.push_str(&format!(
                        "\n{}  {} -> {}  {}",
                        event.created_at,
                        event.from_status.map(UnitStatus::describe).unwrap_or("-"),
                        event.to_status.describe(),
                        event.note
                    ));
                }
                text
            })
        }
    }
}
