//! Checks of uploaded rent-to-own records: customers, units and their
//! moves, contracts with their schedules, lifecycle transitions and
//! payments. A valid record becomes a [`RentalChange`] with its dates and
//! instants parsed, ready for the database.

use giggatek_domain::rental::Policy;
use giggatek_protocol::{
    ContractPayload, ContractPaymentPayload, ContractStatusPayload, ContractTermsPayload, CustomerPayload,
    CustomerRecord, InitialPaymentPayload, Record, RecordKind, UnitPayload, UnitRecord, UnitStatusPayload,
};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::short_term::{self, CheckedShortTermRental, CheckedShortTermReturn};
use super::validate::{Rejection, check_amount, parse, parse_date};

/// The longest name, phone, email, ID document or address line, in
/// characters, as the terminal allows.
const MAX_TEXT_CHARS: usize = 120;
/// The most address lines a customer has.
const MAX_ADDRESS_LINES: usize = 4;
/// The longest serial number, in characters.
pub(crate) const MAX_SERIAL_CHARS: usize = 64;
/// The longest unit description, in characters.
pub(crate) const MAX_DESCRIPTION_CHARS: usize = 160;
/// The longest contract or receipt number and policy code.
pub(crate) const MAX_CODE_CHARS: usize = 64;
/// The most payments a contract may have.
const MAX_PAYMENTS: i64 = 260;

pub(crate) const UNIT_CONDITIONS: &[&str] = &["new", "used", "damaged"];
const UNIT_STATUSES: &[&str] = &["in_stock", "on_rent", "sold", "returned", "written_off"];
const CONTRACT_STATUSES: &[&str] = &["active", "paid_out", "bought_out", "returned", "charged_off"];
const TERMS: &[&str] = &["weekly", "biweekly", "semi_monthly", "monthly"];
const PAYMENT_KINDS: &[&str] = &["payment", "buyout"];

/// A checked rental record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RentalChange {
    Customer(CustomerPayload),
    Unit(UnitPayload),
    UnitStatus(UnitStatusPayload),
    Contract(CheckedContract),
    ContractStatus(ContractStatusPayload),
    ContractPayment(CheckedPayment),
    ShortTermRental(CheckedShortTermRental),
    ShortTermReturn(CheckedShortTermReturn),
}

/// A contract with its dates parsed and its periodic payment worked out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedContract {
    pub payload: ContractPayload,
    pub contract_date: time::Date,
    /// Each installment's due date, in schedule order.
    pub due_dates: Vec<time::Date>,
    /// The first (largest) installment: extra cents of an uneven split go
    /// to the earliest payments.
    pub periodic_payment_cents: i64,
}

/// A contract payment with its dates parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedPayment {
    pub payload: ContractPaymentPayload,
    pub business_date: time::Date,
    pub paid_at: OffsetDateTime,
}

/// Checks a rental record; `None` when `record` is of another kind.
pub fn check(record: &Record) -> Option<Result<RentalChange, Rejection>> {
    let checked = match record.kind.as_str() {
        RecordKind::CUSTOMER => check_customer(record),
        RecordKind::UNIT => check_unit(record),
        RecordKind::UNIT_STATUS => check_unit_status(record),
        RecordKind::CONTRACT => check_contract(record),
        RecordKind::CONTRACT_STATUS => check_contract_status(record),
        RecordKind::CONTRACT_PAYMENT => check_payment(record),
        RecordKind::SHORT_TERM_RENTAL => short_term::check_rental_record(record),
        RecordKind::SHORT_TERM_RETURN => short_term::check_return_record(record),
        _ => return None,
    };
    Some(checked)
}

fn check_customer(record: &Record) -> Result<RentalChange, Rejection> {
    let CustomerRecord { customer } = parse(record)?;
    check_uuid("payload.customer.client_id", &customer.client_id)?;
    check_text("payload.customer.full_name", &customer.full_name, MAX_TEXT_CHARS)?;
    check_text("payload.customer.phone", &customer.phone, MAX_TEXT_CHARS)?;
    check_text("payload.customer.id_document", &customer.id_document, MAX_TEXT_CHARS)?;
    if customer.address.is_empty() || customer.address.len() > MAX_ADDRESS_LINES {
        return Err(Rejection::new(
            "payload.customer.address",
            format!("the address must have 1 to {MAX_ADDRESS_LINES} lines"),
        ));
    }
    for (index, line) in customer.address.iter().enumerate() {
        check_text(&format!("payload.customer.address[{index}]"), line, MAX_TEXT_CHARS)?;
    }
    if !customer.email.is_empty() {
        check_text("payload.customer.email", &customer.email, MAX_TEXT_CHARS)?;
        if !customer.email.contains('@') {
            return Err(Rejection::new(
                "payload.customer.email",
                "the email must be empty or an address such as name@example.com",
            ));
        }
    }
    check_version("payload.customer.version", customer.version)?;
    Ok(RentalChange::Customer(customer))
}

fn check_unit(record: &Record) -> Result<RentalChange, Rejection> {
    let UnitRecord { unit } = parse(record)?;
    check_uuid("payload.unit.client_id", &unit.client_id)?;
    check_text("payload.unit.serial_number", &unit.serial_number, MAX_SERIAL_CHARS)?;
    check_text("payload.unit.description", &unit.description, MAX_DESCRIPTION_CHARS)?;
    check_one_of("payload.unit.condition", &unit.condition, UNIT_CONDITIONS)?;
    check_one_of("payload.unit.status", &unit.status, UNIT_STATUSES)?;
    check_amount("payload.unit.cost", unit.cost_cents)?;
    check_version("payload.unit.version", unit.version)?;
    Ok(RentalChange::Unit(unit))
}

fn check_unit_status(record: &Record) -> Result<RentalChange, Rejection> {
    let moved: UnitStatusPayload = parse(record)?;
    check_uuid("payload.unit_client_id", &moved.unit_client_id)?;
    check_text("payload.serial_number", &moved.serial_number, MAX_SERIAL_CHARS)?;
    check_one_of("payload.from_status", &moved.from_status, UNIT_STATUSES)?;
    check_one_of("payload.to_status", &moved.to_status, UNIT_STATUSES)?;
    check_one_of("payload.condition", &moved.condition, UNIT_CONDITIONS)?;
    if let Some(contract) = &moved.contract_client_id {
        check_uuid("payload.contract_client_id", contract)?;
    }
    check_version("payload.version", moved.version)?;
    Ok(RentalChange::UnitStatus(moved))
}

fn check_contract(record: &Record) -> Result<RentalChange, Rejection> {
    let contract: ContractPayload = parse(record)?;
    check_text("payload.contract_number", &contract.contract_number, MAX_CODE_CHARS)?;
    check_uuid("payload.customer_client_id", &contract.customer_client_id)?;
    check_uuid("payload.unit_client_id", &contract.unit_client_id)?;
    if let Some(serial) = &contract.serial_number {
        check_text("payload.serial_number", serial, MAX_SERIAL_CHARS)?;
    }
    check_text("payload.policy_code", &contract.policy_code, MAX_CODE_CHARS)?;
    // The shop prices buyouts and late fees by the contract's policy, so a
    // code missing from `POLICIES` is rejected. The terminal keeps the record
    // in its outbox, and `giggatek sync --retry-rejected` sends it again.
    Policy::find(&contract.policy_code).map_err(|error| Rejection::new("payload.policy_code", error.to_string()))?;
    let contract_date = parse_date("payload.contract_date", &contract.contract_date)?;
    let terms = &contract.terms;
    check_one_of("payload.terms.term", &terms.term, TERMS)?;
    if !(1..=MAX_PAYMENTS).contains(&terms.payment_count) {
        return Err(Rejection::new(
            "payload.terms.payment_count",
            format!("payment_count {} must be 1 to {MAX_PAYMENTS}", terms.payment_count),
        ));
    }
    if terms.cash_price_cents <= 0 {
        return Err(Rejection::new(
            "payload.terms.cash_price",
            "the cash price must be above 0",
        ));
    }
    check_amount("payload.terms.cash_price", terms.cash_price_cents)?;
    check_amount("payload.terms.total_of_payments", terms.total_of_payments_cents)?;
    if terms.total_of_payments_cents < terms.cash_price_cents {
        return Err(Rejection::new(
            "payload.terms.total_of_payments",
            format!(
                "the total of payments {} cents is below the cash price {} cents",
                terms.total_of_payments_cents, terms.cash_price_cents
            ),
        ));
    }
    check_amount("payload.terms.delivery_fee", terms.delivery_fee_cents)?;
    check_amount("payload.terms.damage_waiver", terms.damage_waiver_cents)?;
    check_amount("payload.terms.deposit", terms.deposit_cents)?;
    let due_dates = check_schedule(&contract)?;
    if let Some(initial) = &contract.initial_payment {
        check_initial_payment(initial, terms)?;
    }
    check_one_of("payload.status", &contract.status, CONTRACT_STATUSES)?;
    check_version("payload.version", contract.version)?;
    let periodic_payment_cents = contract.schedule.first().map_or(0, |row| row.amount_cents);
    Ok(RentalChange::Contract(CheckedContract {
        payload: contract,
        contract_date,
        due_dates,
        periodic_payment_cents,
    }))
}

/// Checks that the schedule has `payment_count` rows numbered from 1,
/// with due dates after the contract date in order, summing exactly to
/// the total of payments.
fn check_schedule(contract: &ContractPayload) -> Result<Vec<time::Date>, Rejection> {
    let count = usize::try_from(contract.terms.payment_count).unwrap_or(0);
    if contract.schedule.len() != count {
        return Err(Rejection::new(
            "payload.schedule",
            format!(
                "the schedule has {} rows but payment_count is {count}",
                contract.schedule.len()
            ),
        ));
    }
    let mut due_dates = Vec::with_capacity(count);
    let mut previous = parse_date("payload.contract_date", &contract.contract_date)?;
    let mut sum: i64 = 0;
    for (index, row) in contract.schedule.iter().enumerate() {
        let field = format!("payload.schedule[{index}]");
        if usize::try_from(row.number).ok() != Some(index + 1) {
            return Err(Rejection::new(
                format!("{field}.number"),
                format!("installment number {} should be {}", row.number, index + 1),
            ));
        }
        let due = parse_date(&format!("{field}.due_date"), &row.due_date)?;
        if due <= previous {
            return Err(Rejection::new(
                format!("{field}.due_date"),
                format!("due date {} is not after the one before it", row.due_date),
            ));
        }
        check_amount(&format!("{field}.amount"), row.amount_cents)?;
        sum = sum.saturating_add(row.amount_cents);
        previous = due;
        due_dates.push(due);
    }
    if sum != contract.terms.total_of_payments_cents {
        return Err(Rejection::new(
            "payload.schedule",
            format!(
                "the installments sum to {sum} cents but the total of payments is {} cents",
                contract.terms.total_of_payments_cents
            ),
        ));
    }
    Ok(due_dates)
}

/// Checks that the initial payment took exactly the fees the terms
/// disclose as due at signing, paid in cash and card, with a receipt
/// whenever anything was due.
fn check_initial_payment(initial: &InitialPaymentPayload, terms: &ContractTermsPayload) -> Result<(), Rejection> {
    let parts = [
        (
            "delivery_fee_cents",
            initial.delivery_fee_cents,
            terms.delivery_fee_cents,
        ),
        (
            "damage_waiver_cents",
            initial.damage_waiver_cents,
            terms.damage_waiver_cents,
        ),
        ("deposit_cents", initial.deposit_cents, terms.deposit_cents),
    ];
    for (name, paid, disclosed) in parts {
        let field = format!("payload.initial_payment.{name}");
        check_amount(&field, paid)?;
        if paid != disclosed {
            return Err(Rejection::new(
                field,
                format!("{paid} cents differs from the {disclosed} cents the terms disclose"),
            ));
        }
    }
    check_amount("payload.initial_payment.total_cents", initial.total_cents)?;
    check_amount("payload.initial_payment.cash_cents", initial.cash_cents)?;
    check_amount("payload.initial_payment.card_cents", initial.card_cents)?;
    let fees = initial.delivery_fee_cents + initial.damage_waiver_cents + initial.deposit_cents;
    if initial.total_cents != fees {
        return Err(Rejection::new(
            "payload.initial_payment.total_cents",
            format!(
                "the total {} cents must equal the delivery fee, damage waiver and deposit, {fees} cents",
                initial.total_cents
            ),
        ));
    }
    if initial.cash_cents + initial.card_cents != initial.total_cents {
        return Err(Rejection::new(
            "payload.initial_payment.cash_cents",
            format!(
                "cash {} plus card {} cents must equal the total {} cents",
                initial.cash_cents, initial.card_cents, initial.total_cents
            ),
        ));
    }
    match &initial.receipt_number {
        Some(number) => check_text("payload.initial_payment.receipt_number", number, MAX_CODE_CHARS),
        None if initial.total_cents == 0 => Ok(()),
        None => Err(Rejection::new(
            "payload.initial_payment.receipt_number",
            format!("a receipt number is missing for the {} cents paid", initial.total_cents),
        )),
    }
}

fn check_contract_status(record: &Record) -> Result<RentalChange, Rejection> {
    let transition: ContractStatusPayload = parse(record)?;
    check_uuid("payload.contract_client_id", &transition.contract_client_id)?;
    check_one_of("payload.from", &transition.from, CONTRACT_STATUSES)?;
    check_one_of("payload.to", &transition.to, CONTRACT_STATUSES)?;
    if transition.version < 2 {
        return Err(Rejection::new(
            "payload.version",
            format!("version {} must be 2 or more after a transition", transition.version),
        ));
    }
    Ok(RentalChange::ContractStatus(transition))
}

fn check_payment(record: &Record) -> Result<RentalChange, Rejection> {
    let payment: ContractPaymentPayload = parse(record)?;
    check_uuid("payload.contract_client_id", &payment.contract_client_id)?;
    check_text("payload.receipt_number", &payment.receipt_number, MAX_CODE_CHARS)?;
    check_one_of("payload.kind", &payment.kind, PAYMENT_KINDS)?;
    let business_date = parse_date("payload.business_date", &payment.business_date)?;
    let (field, paid_at) = match &payment.paid_at {
        Some(paid_at) => ("payload.paid_at", paid_at.as_str()),
        None => ("created_at", record.created_at.as_str()),
    };
    let paid_at = OffsetDateTime::parse(paid_at, &Rfc3339)
        .map_err(|_| Rejection::new(field, format!("instant {paid_at:?} is invalid: expected UTC RFC 3339")))?;
    if payment.amount_cents <= 0 {
        return Err(Rejection::new("payload.amount_cents", "the amount must be above 0"));
    }
    check_amount("payload.amount_cents", payment.amount_cents)?;
    check_amount("payload.rent_cents", payment.rent_cents)?;
    check_amount("payload.late_fee_cents", payment.late_fee_cents)?;
    if payment.rent_cents.saturating_add(payment.late_fee_cents) != payment.amount_cents {
        return Err(Rejection::new(
            "payload.amount_cents",
            format!(
                "rent {} plus late fees {} cents must equal the amount {} cents",
                payment.rent_cents, payment.late_fee_cents, payment.amount_cents
            ),
        ));
    }
    Ok(RentalChange::ContractPayment(CheckedPayment {
        payload: payment,
        business_date,
        paid_at,
    }))
}

pub(crate) fn check_uuid(field: &str, text: &str) -> Result<(), Rejection> {
    uuid::Uuid::parse_str(text)
        .map(drop)
        .map_err(|_| Rejection::new(field, format!("{text:?} is not a UUID")))
}

pub(crate) fn check_text(field: &str, text: &str, max_chars: usize) -> Result<(), Rejection> {
    let count = text.chars().count();
    if text.trim().is_empty() || count > max_chars || text.chars().any(char::is_control) {
        return Err(Rejection::new(
            field,
            format!("must be 1 to {max_chars} characters on one line, not {count}"),
        ));
    }
    Ok(())
}

pub(crate) fn check_one_of(field: &str, value: &str, allowed: &[&str]) -> Result<(), Rejection> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(Rejection::new(
            field,
            format!("{value:?} is invalid: expected one of {}", allowed.join(", ")),
        ))
    }
}

fn check_version(field: &str, version: i64) -> Result<(), Rejection> {
    if version >= 1 {
        Ok(())
    } else {
        Err(Rejection::new(field, format!("version {version} must be 1 or more")))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};
    use uuid::Uuid;

    use super::*;

    const CUSTOMER: &str = "0193a5b2-7c4e-7000-8000-00000000c001";
    const UNIT: &str = "0193a5b2-7c4e-7000-8000-00000000a001";

    fn record(kind: &str, payload: Value) -> Record {
        Record {
            kind: RecordKind(kind.to_owned()),
            client_id: Uuid::nil(),
            created_at: "2027-01-31T15:00:00Z".to_owned(),
            payload: serde_json::value::to_raw_value(&payload).unwrap(),
        }
    }

    /// $1,000.00 over 3 monthly payments signed 2027-01-31.
    fn contract(schedule_amounts: [i64; 3]) -> Value {
        json!({
            "contract_number": "S01-T01-R000001",
            "customer_client_id": CUSTOMER,
            "unit_client_id": UNIT,
            "serial_number": "SN-SOFA-1",
            "policy_code": "standard",
            "contract_date": "2027-01-31",
            "terms": {
                "contract_date": "2027-01-31", "term": "monthly", "payment_count": 3,
                "cash_price": 90000, "total_of_payments": 100000,
                "delivery_fee": 0, "damage_waiver": 0, "deposit": 0,
            },
            "schedule": [
                { "number": 1, "due_date": "2027-02-28", "amount": schedule_amounts[0] },
                { "number": 2, "due_date": "2027-03-31", "amount": schedule_amounts[1] },
                { "number": 3, "due_date": "2027-04-30", "amount": schedule_amounts[2] },
            ],
            "status": "active",
            "version": 1,
        })
    }

    fn rejected_field(record: &Record) -> String {
        match check(record) {
            Some(Err(rejection)) => rejection.field,
            other => panic!("expected a rejection, got {other:?}"),
        }
    }

    #[test]
    fn contract_parses_dates_and_periodic_payment() {
        let Some(Ok(RentalChange::Contract(checked))) = check(&record("contract", contract([33_334, 33_333, 33_333])))
        else {
            panic!("the contract should pass");
        };
        assert_eq!(checked.periodic_payment_cents, 33_334);
        assert_eq!(checked.contract_date, time::macros::date!(2027 - 01 - 31));
        assert_eq!(
            checked.due_dates,
            vec![
                time::macros::date!(2027 - 02 - 28),
                time::macros::date!(2027 - 03 - 31),
                time::macros::date!(2027 - 04 - 30)
            ]
        );
    }

    #[test]
    fn contract_policy_must_be_known() {
        let mut payload = contract([33_334, 33_333, 33_333]);
        payload["policy_code"] = json!("us-zz");
        let unknown = record("contract", payload);
        assert_eq!(rejected_field(&unknown), "payload.policy_code");
        let Some(Err(rejection)) = check(&unknown) else {
            panic!("the contract should be rejected");
        };
        assert!(
            rejection.message.contains("\"us-zz\" is not a rental policy"),
            "{}",
            rejection.message
        );
    }

    #[test]
    fn contract_schedule_must_sum_to_total() {
        let short = record("contract", contract([33_333, 33_333, 33_333]));
        assert_eq!(rejected_field(&short), "payload.schedule");
    }

    #[test]
    fn contract_due_dates_must_increase() {
        let mut payload = contract([33_334, 33_333, 33_333]);
        payload["schedule"][2]["due_date"] = json!("2027-03-31");
        assert_eq!(
            rejected_field(&record("contract", payload)),
            "payload.schedule[2].due_date"
        );
    }

    #[test]
    fn initial_payment_must_match_terms() {
        let with_initial = |initial: Value| {
            let mut payload = contract([33_334, 33_333, 33_333]);
            payload["terms"]["delivery_fee"] = json!(2500);
            payload["terms"]["deposit"] = json!(5000);
            payload["initial_payment"] = initial;
            record("contract", payload)
        };
        let paid = json!({
            "receipt_number": "S01-T01-000001", "delivery_fee_cents": 2500, "damage_waiver_cents": 0,
            "deposit_cents": 5000, "total_cents": 7500, "cash_cents": 1500, "card_cents": 6000,
        });
        assert!(matches!(check(&with_initial(paid.clone())), Some(Ok(_))));
        let cases = [
            ("deposit_cents", json!(4000), "payload.initial_payment.deposit_cents"),
            (
                "delivery_fee_cents",
                json!(-2500),
                "payload.initial_payment.delivery_fee_cents",
            ),
            ("total_cents", json!(7000), "payload.initial_payment.total_cents"),
            ("cash_cents", json!(1000), "payload.initial_payment.cash_cents"),
            ("receipt_number", Value::Null, "payload.initial_payment.receipt_number"),
        ];
        for (key, value, field) in cases {
            let mut changed = paid.clone();
            changed[key] = value;
            assert_eq!(rejected_field(&with_initial(changed)), field, "{key}");
        }
    }

    #[test]
    fn payment_parts_must_add_up() {
        let payment = json!({
            "contract_client_id": UNIT, "receipt_number": "S01-T01-000007", "kind": "payment",
            "business_date": "2027-02-28", "paid_at": "2027-02-28T20:00:00Z",
            "amount_cents": 4500, "rent_cents": 4500, "late_fee_cents": 500,
        });
        assert_eq!(
            rejected_field(&record("contract_payment", payment)),
            "payload.amount_cents"
        );
    }

    #[test]
    fn payment_without_paid_at_uses_created_at() {
        let payment = json!({
            "contract_client_id": UNIT, "receipt_number": "S01-T01-000007", "kind": "payment",
            "business_date": "2027-01-31", "amount_cents": 4500, "rent_cents": 4000, "late_fee_cents": 500,
        });
        let Some(Ok(RentalChange::ContractPayment(checked))) = check(&record("contract_payment", payment)) else {
            panic!("the payment should pass");
        };
        assert_eq!(checked.paid_at, time::macros::datetime!(2027-01-31 15:00 UTC));
    }

    #[test]
    fn invalid_rental_fields_are_named() {
        let customer = |email: &str| {
            json!({ "customer": {
                "id": 1, "client_id": CUSTOMER, "full_name": "Marta Ilves", "address": ["1 Main St"],
                "phone": "212-555-0101", "email": email, "id_document": "Passport TK1234567", "version": 1,
            }})
        };
        assert!(matches!(check(&record("customer", customer(""))), Some(Ok(_))));
        assert_eq!(
            rejected_field(&record("customer", customer("marta.example.com"))),
            "payload.customer.email"
        );
        let moved = json!({
            "unit_client_id": UNIT, "serial_number": "SN-SOFA-1", "from_status": "in_stock",
            "to_status": "lent", "condition": "new", "version": 2,
        });
        assert_eq!(rejected_field(&record("unit_status", moved)), "payload.to_status");
        let transition = json!({ "contract_client_id": "R1", "from": "active", "to": "returned", "version": 2 });
        assert_eq!(
            rejected_field(&record("contract_status", transition)),
            "payload.contract_client_id"
        );
        assert!(check(&record("sale", json!({}))).is_none());
    }
}
