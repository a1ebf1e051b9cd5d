//! `rental`: short-term rentals, rented out until a store-local due date
//! and returned with a late fee for each whole day after it.

use giggatek_store::{RentOut, ShortTermRental, ShortTermReturnRequest};
use serde_json::json;

use super::contract::{fee_receipt_output, write_fee_receipt_pdf};
use super::customer::condition;
use super::{Context, sign_in};
use crate::args::RentalCommand;
use crate::error::CliError;
use crate::input;
use crate::output::emit;

pub fn run(context: &mut Context, command: RentalCommand) -> Result<(), CliError> {
    match command {
        RentalCommand::Out {
            staff,
            customer,
            serial,
            due,
            late_fee,
            client_id,
        } => {
            let clerk = sign_in(&context.store, &staff)?;
            let due_date = due
                .trim()
                .parse()
                .map_err(|_| CliError::invalid(format!("--due \"{due}\" is invalid: use a date such as 2026-07-30")))?;
            let request = RentOut {
                client_id: input::client_id(client_id.as_deref()),
                clerk,
                customer_id: customer,
                serial_number: serial,
                due_date,
                late_fee_per_day: input::money("--late-fee", &late_fee)?,
            };
            let rental = context.store.rent_out(&request)?;
            emit(context.json, &rental, rental_text)
        }
        RentalCommand::Return {
            number,
            staff,
            condition: condition_arg,
            note,
            tenders,
            format,
            pdf,
        } => {
            let clerk = sign_in(&context.store, &staff)?;
            let request = ShortTermReturnRequest {
                client_id: input::client_id(tenders.client_id.as_deref()),
                clerk,
                rental_number: number,
                condition: condition(condition_arg),
                note,
                tenders: input::tenders(&tenders.tenders.card, &tenders.tenders.cash)?,
            };
            let done = context.store.return_short_term(&request)?;
            if let Some(path) = pdf.as_deref() {
                write_fee_receipt_pdf(&done.receipt, path)?;
            }
            if context.json {
                return emit(true, &done, |_| String::new());
            }
            fee_receipt_output(false, &done.receipt, format, None)
        }
        RentalCommand::Show { number } => {
            let rental = context.store.short_term_rental(&number)?;
            let late_fee = context.store.short_term_late_fee(&number)?;
            let shown = json!({ "rental": rental, "late_fee": late_fee });
            emit(context.json, &shown, |_| {
                format!(
                    "{}\nLate fee if returned now: {} ({} days at {} per day)",
                    rental_text(&rental),
                    late_fee.total.grouped(),
                    late_fee.days_late,
                    late_fee.rate_per_day.grouped()
                )
            })
        }
        RentalCommand::Receipt { number, format, pdf } => {
            let receipt = context.store.short_term_return_receipt(&number)?;
            fee_receipt_output(context.json, &receipt, format, pdf.as_deref())
        }
    }
}

fn rental_text(rental: &ShortTermRental) -> String {
    format!(
        "Rental {} ({}): unit {} {}, customer {}, due by the end of {}, late fee {} per day",
        rental.rental_number,
        rental.status.as_str(),
        rental.unit.serial_number,
        rental.unit.description,
        rental.customer_id,
        rental.due_date,
        rental.late_fee_per_day.grouped()
    )
}
