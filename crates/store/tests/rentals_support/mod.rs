//! Shared set-up for the rental tests: customers and units added through
//! the store's own methods.

#![allow(dead_code, reason = "each test binary uses a different part of the set-up")]

use giggatek_domain::rental::UnitCondition;
use giggatek_domain::{Money, Tender};
use giggatek_store::{ContractPaymentRequest, Customer, CustomerDetails, NewUnit, Unit};

use crate::sales_support::{Till, new_id};

pub fn cents(value: i64) -> Money {
    Money::from_cents(value)
}

pub fn details(name: &str) -> CustomerDetails {
    CustomerDetails {
        full_name: name.to_string(),
        address: vec!["350 5th Ave".to_string(), "New York, NY 10118".to_string()],
        phone: "212-555-0142".to_string(),
        email: "customer@example.com".to_string(),
        id_document: "Driver licence NY 123456789".to_string(),
    }
}

pub fn customer(till: &mut Till, name: &str) -> Customer {
    let clerk = till.clerk.clone();
    till.store.add_customer(&clerk, &new_id(), &details(name)).unwrap()
}

pub fn unit(till: &mut Till, serial: &str) -> Unit {
    let manager = till.manager.clone();
    let new_unit = NewUnit {
        serial_number: serial.to_string(),
        description: "Sofá Ñandú 3-plazas".to_string(),
        product: None,
        condition: UnitCondition::New,
        cost: cents(60_000),
    };
    till.store.add_unit(&manager, &new_id(), &new_unit).unwrap()
}

/// Builds a payment of `amount` cents against contract `number`, paid in
/// exact cash under a new client id.
pub fn cash(till: &Till, number: &str, amount: i64) -> ContractPaymentRequest {
    ContractPaymentRequest {
        client_id: new_id(),
        contract_number: number.to_string(),
        clerk: till.clerk.clone(),
        amount: cents(amount),
        tenders: vec![Tender::Cash {
            tendered: cents(amount),
        }],
    }
}
