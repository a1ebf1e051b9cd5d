//! Writing a contract and reading it back with its schedule, its ledger on
//! a given day and today's buyout price.

use giggatek_domain::rental::{
    BuyoutQuote, ContractStatus, ContractTerms, Disclosures, Installment, Ledger, Policy, ReceivedPayment,
    RentalFeeReceipt, Term, UnitStatus, quote_buyout,
};
use giggatek_domain::{Money, Tender};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::audit::{self, NewAuditEntry};
use crate::clock::{business_date, format_instant, parse_instant, time_zone};
use crate::db::Store;
use crate::error::StoreError;
use crate::outbox;
use crate::rentals::customers::{Customer, load_customer};
use crate::rentals::fees::{FeeSubject, fee_payment_for};
use crate::rentals::initial_payment::{InitialPayment, cash_and_card, initial_payment_receipt, take_initial_payment};
use crate::rentals::policy::load_policy;
use crate::rentals::units::{Unit, UnitChange, change_unit, load_unit, normalize_serial, rentable_unit};
use crate::sales::{check_client_id, same_tenders};
use crate::settings::{self, StoreSettings};
use crate::staff::{Staff, require_manager};

/// The counter that numbers this terminal's contracts.
const CONTRACT_COUNTER: &str = "contract";

/// The money terms of a contract, without the people and the unit: what
/// the wizard's live preview needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractDraft {
    pub term: Term,
    pub payment_count: u32,
    pub cash_price: Money,
    pub total_of_payments: Money,
    pub delivery_fee: Money,
    pub damage_waiver: Money,
    pub deposit: Money,
}

/// A new contract as the wizard submits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractRequest {
    /// A UUID made when the wizard opened; a retried save carries it again.
    pub client_id: String,
    pub manager: Staff,
    pub customer_id: i64,
    pub co_signer_id: Option<i64>,
    /// The serial number scanned from the unit.
    pub serial_number: String,
    pub draft: ContractDraft,
    /// The tenders that pay the initial payment (delivery fee, damage
    /// waiver and deposit) at signing; empty when none is due.
    #[serde(default)]
    pub initial_tenders: Vec<Tender>,
}

/// A contract with everything the screens and documents show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContractView {
    pub id: i64,
    pub client_id: String,
    pub contract_number: String,
    pub status: ContractStatus,
    pub policy_code: String,
    pub customer: Customer,
    pub co_signer: Option<Customer>,
    pub unit: Unit,
    pub terms: ContractTerms,
    pub disclosures: Disclosures,
    /// The account on the store-local date it was read, or on the day the
    /// contract closed for a returned or charged-off contract.
    pub ledger: Ledger,
    pub buyout: BuyoutQuote,
    /// The receipt of the initial payment taken at signing, or `None` when
    /// nothing was due then.
    pub initial_payment: Option<RentalFeeReceipt>,
    pub version: i64,
}

/// One line of a contract list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContractSummary {
    pub contract_number: String,
    pub status: ContractStatus,
    pub customer_id: i64,
    pub serial_number: String,
    pub contract_date: String,
}

impl ContractDraft {
    fn terms(&self, contract_date: Date) -> ContractTerms {
        ContractTerms {
            contract_date,
            term: self.term,
            payment_count: self.payment_count,
            cash_price: self.cash_price,
            total_of_payments: self.total_of_payments,
            delivery_fee: self.delivery_fee,
            damage_waiver: self.damage_waiver,
            deposit: self.deposit,
        }
    }
}

/// The stored row of a contract, before its related rows are loaded.
pub(crate) struct ContractRow {
    pub id: i64,
    pub client_id: String,
    pub contract_number: String,
    pub customer_id: i64,
    pub co_signer_id: Option<i64>,
    pub unit_id: i64,
    pub policy: &'static Policy,
    pub terms: ContractTerms,
    pub status: ContractStatus,
    pub closed_at: Option<Timestamp>,
    pub version: i64,
}

pub(crate) fn contract_row(conn: &Connection, contract_number: &str) -> Result<ContractRow, StoreError> {
    let number = contract_number.trim();
    let row = conn
        .query_row(
            "SELECT id, client_id, contract_number, customer_id, co_signer_id, unit_id, policy_code, contract_date,
                 term, payment_count, cash_price_cents, total_of_payments_cents, delivery_fee_cents,
                 damage_waiver_cents, deposit_cents, status, closed_at, version
             FROM contracts WHERE contract_number = ?1",
            [number],
            |row| {
                Ok((
                    (
                        row.get::<_, i64>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, String>(2)?,
                        row.get::<_, i64>(3)?,
                        row.get::<_, Option<i64>>(4)?,
                        row.get::<_, i64>(5)?,
                    ),
                    (
                        row.get::<_, String>(6)?,
                        row.get::<_, String>(7)?,
                        row.get::<_, String>(8)?,
                    ),
                    (
                        row.get::<_, u32>(9)?,
                        row.get::<_, i64>(10)?,
                        row.get::<_, i64>(11)?,
                        row.get::<_, i64>(12)?,
                        row.get::<_, i64>(13)?,
                        row.get::<_, i64>(14)?,
                    ),
                    (
                        row.get::<_, String>(15)?,
                        row.get::<_, Option<String>>(16)?,
                        row.get::<_, i64>(17)?,
                    ),
                ))
            },
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("there is no contract \"{number}\": check the number")))?;
    let ((id, client_id, contract_number, customer_id, co_signer_id, unit_id), (policy, date, term), amounts, rest) =
        row;
    let (payment_count, cash, total, delivery, waiver, deposit) = amounts;
    let (status, closed_at, version) = rest;
    let corrupt = |what: &str| StoreError::Corrupt(format!("contract {contract_number} has {what}"));
    Ok(ContractRow {
        id,
        client_id,
        policy: Policy::find(&policy).map_err(|_| corrupt("an unknown policy"))?,
        terms: ContractTerms {
            contract_date: date.parse().map_err(|_| corrupt("an unreadable contract date"))?,
            term: Term::parse(&term).map_err(|_| corrupt("an unknown term"))?,
            payment_count,
            cash_price: Money::from_cents(cash),
            total_of_payments: Money::from_cents(total),
            delivery_fee: Money::from_cents(delivery),
            damage_waiver: Money::from_cents(waiver),
            deposit: Money::from_cents(deposit),
        },
        status: ContractStatus::parse(&status).ok_or_else(|| corrupt("an unknown status"))?,
        closed_at: closed_at.as_deref().map(parse_instant).transpose()?,
        contract_number,
        customer_id,
        co_signer_id,
        unit_id,
        version,
    })
}

pub(crate) fn stored_schedule(conn: &Connection, contract_id: i64) -> Result<Vec<Installment>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT number, due_date, amount_cents FROM contract_installments WHERE contract_id = ?1 ORDER BY number",
    )?;
    let rows = statement.query_map([contract_id], |row| {
        Ok((row.get::<_, u32>(0)?, row.get::<_, String>(1)?, row.get::<_, i64>(2)?))
    })?;
    let mut schedule = Vec::new();
    for row in rows {
        let (number, due_date, amount) = row?;
        schedule.push(Installment {
            number,
            due_date: due_date.parse().map_err(|_| {
                StoreError::Corrupt(format!(
                    "contract {contract_id} installment {number} has an unreadable date"
                ))
            })?,
            amount: Money::from_cents(amount),
        });
    }
    Ok(schedule)
}

/// The rent and fee payments of a contract, oldest first (buyouts excluded).
pub(crate) fn received_payments(conn: &Connection, contract_id: i64) -> Result<Vec<ReceivedPayment>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT business_date, amount_cents FROM contract_payments
         WHERE contract_id = ?1 AND kind = 'payment' ORDER BY id",
    )?;
    let rows = statement.query_map([contract_id], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
    })?;
    let mut payments = Vec::new();
    for row in rows {
        let (date, amount) = row?;
        payments.push(ReceivedPayment {
            business_date: date.parse().map_err(|_| {
                StoreError::Corrupt(format!("a payment of contract {contract_id} has an unreadable date"))
            })?,
            amount: Money::from_cents(amount),
        });
    }
    Ok(payments)
}

/// The date a contract's account is read on: today, or the day it closed
/// when it was returned or charged off, since nothing accrues after that.
pub(crate) fn ledger_date(row: &ContractRow, today: Date, zone: &TimeZone) -> Date {
    match (row.status, row.closed_at) {
        (ContractStatus::Returned | ContractStatus::ChargedOff, Some(closed)) => {
            closed.to_zoned_datetime(zone.clone()).date().min(today)
        }
        _ => today,
    }
}

/// Loads a contract with its ledger and buyout price on `today`.
pub(crate) fn load_view(
    conn: &Connection,
    contract_number: &str,
    today: Date,
    zone: &TimeZone,
) -> Result<ContractView, StoreError> {
    let row = contract_row(conn, contract_number)?;
    let schedule = stored_schedule(conn, row.id)?;
    let payments = received_payments(conn, row.id)?;
    let as_of = ledger_date(&row, today, zone).max(row.terms.contract_date);
    let mut ledger = Ledger::compute(&schedule, row.terms.term, &row.policy.late_fee, &payments, as_of)
        .map_err(|error| StoreError::Corrupt(format!("contract {}: {error}", row.contract_number)))?;
    let periodic = schedule.first().map(|i| i.amount).unwrap_or_default();
    let mut buyout = quote_buyout(row.policy.buyout, row.terms.cash_price, periodic, &ledger);
    if row.status != ContractStatus::Active {
        close_account(row.status, &mut ledger, &mut buyout);
    }
    let disclosures = row.terms.disclose(schedule);
    let initial_payment = initial_payment_receipt(conn, &row)?;
    Ok(ContractView {
        id: row.id,
        client_id: row.client_id,
        contract_number: row.contract_number,
        status: row.status,
        policy_code: row.policy.code.to_string(),
        customer: load_customer(conn, row.customer_id)?,
        co_signer: row.co_signer_id.map(|id| load_customer(conn, id)).transpose()?,
        unit: load_unit(conn, row.unit_id)?,
        terms: row.terms,
        disclosures,
        ledger,
        buyout,
        initial_payment,
        version: row.version,
    })
}

/// Clears what a closed contract no longer offers. No closed contract can
/// be bought out or paid toward ownership, so the amount still needed to
/// own and the buyout quote are zero. A paid-out or bought-out contract
/// also owes no past-due rent or late fees, because its last payment or
/// the buyout price settled them. The ledger omits buyout payments, so
/// without this a bought-out contract would still show its unpaid rent.
/// A returned or charged-off contract keeps what was past due when it
/// closed, which a reinstatement collects.
fn close_account(status: ContractStatus, ledger: &mut Ledger, buyout: &mut BuyoutQuote) {
    ledger.remaining_to_own = Money::ZERO;
    if matches!(status, ContractStatus::PaidOut | ContractStatus::BoughtOut) {
        ledger.rent_past_due = Money::ZERO;
        ledger.late_fees_owed = Money::ZERO;
    }
    *buyout = BuyoutQuote {
        formula: buyout.formula,
        rent_part: Money::ZERO,
        late_fees_owed: Money::ZERO,
        total: Money::ZERO,
        ownership_passes: false,
    };
}

fn next_contract_number(conn: &Connection, settings: &StoreSettings) -> Result<String, StoreError> {
    let value: i64 = conn.query_row(
        "INSERT INTO counters (name, value) VALUES (?1, 1)
         ON CONFLICT (name) DO UPDATE SET value = value + 1
         RETURNING value",
        [CONTRACT_COUNTER],
        |row| row.get(0),
    )?;
    Ok(format!(
        "{}-{}-R{value:06}",
        settings.store_code, settings.terminal_code
    ))
}

/// Loads a new contract's customer and unit, and checks its co-signer.
///
/// # Errors
/// - `NotFound` for an unknown customer, co-signer or serial number.
/// - `Invalid` when the co-signer is the customer.
/// - `Conflict` when the unit cannot be rented out ([`rentable_unit`]).
fn check_parties(
    conn: &Connection,
    customer_id: i64,
    co_signer_id: Option<i64>,
    serial_number: &str,
) -> Result<(Customer, Unit), StoreError> {
    let customer = load_customer(conn, customer_id)?;
    if let Some(co_signer_id) = co_signer_id {
        if co_signer_id == customer.id {
            return Err(StoreError::Invalid(
                "the co-signer must be another person than the customer".to_string(),
            ));
        }
        load_customer(conn, co_signer_id)?;
    }
    let unit = rentable_unit(conn, serial_number)?;
    Ok((customer, unit))
}

/// Checks that a retried request under a stored client id asks for the
/// stored contract: the same customer, co-signer, unit, terms and initial
/// tenders. The contract date is not compared, so a retry on a later day
/// still returns the contract.
///
/// # Errors
/// `Conflict` naming the stored contract when the request differs.
fn require_same_contract(
    conn: &Connection,
    contract_number: &str,
    client_id: &str,
    request: &ContractRequest,
) -> Result<(), StoreError> {
    let row = contract_row(conn, contract_number)?;
    let unit = load_unit(conn, row.unit_id)?;
    let stored_tenders = fee_payment_for(conn, FeeSubject::InitialPayment(row.id))?
        .map(|payment| payment.payments)
        .unwrap_or_default();
    let same = row.customer_id == request.customer_id
        && row.co_signer_id == request.co_signer_id
        && normalize_serial(&request.serial_number).is_ok_and(|serial| serial == unit.serial_number)
        && row.terms == request.draft.terms(row.terms.contract_date)
        && same_tenders(&stored_tenders, &request.initial_tenders);
    if same {
        return Ok(());
    }
    Err(StoreError::Conflict(format!(
        "client id {client_id} already belongs to contract {contract_number} with another customer, unit, \
         terms or initial tenders: make a new client id for a new contract"
    )))
}

/// Today's store-local date and the store's zone.
pub(crate) fn today(conn: &Connection, now: Timestamp) -> Result<(Date, TimeZone), StoreError> {
    let settings = settings::load(conn)?;
    let zone = time_zone(&settings.time_zone)?;
    let date: Date = business_date(now, &zone)
        .parse()
        .map_err(|_| StoreError::Corrupt("the business date is unreadable".to_string()))?;
    Ok((date, zone))
}

impl Store {
    /// Computes the disclosures a contract would have if written today
    /// under the store's policy, without writing anything: the wizard's
    /// live preview.
    pub fn preview_contract(&self, draft: &ContractDraft) -> Result<Disclosures, StoreError> {
        let (today, _) = today(&self.conn, self.now())?;
        let policy = load_policy(&self.conn)?;
        draft.terms(today).disclosures(policy).map_err(StoreError::invalid)
    }

    /// Computes the disclosures of a contract for `customer_id`, an
    /// optional co-signer and the unit with `serial_number`, after the
    /// checks [`Store::create_contract`] makes on them, so a preview fails
    /// where the contract would.
    ///
    /// # Errors
    /// - `NotFound` for an unknown customer, co-signer or serial number.
    /// - `Conflict` when the unit is not in stock or is damaged.
    /// - `Invalid` for terms the policy rejects.
    pub fn preview_contract_for(
        &self,
        customer_id: i64,
        co_signer_id: Option<i64>,
        serial_number: &str,
        draft: &ContractDraft,
    ) -> Result<Disclosures, StoreError> {
        check_parties(&self.conn, customer_id, co_signer_id, serial_number)?;
        self.preview_contract(draft)
    }

    /// Writes a contract: the initial payment is taken with
    /// `request.initial_tenders`, the unit goes on rent, the schedule is
    /// stored as disclosed, and the contract, the payment, the unit's
    /// change, the audit entry and the outbox records are written in one
    /// transaction. A contract is never stored without its initial payment.
    ///
    /// A client id already stored returns that contract and writes nothing
    /// when the request is the same, and is a `Conflict` otherwise.
    ///
    /// # Errors
    /// - `ManagerRequired` unless `manager` is an active manager.
    /// - `NotFound` for an unknown customer or serial number.
    /// - `Conflict` when the unit is not in stock (on rent, sold, damaged).
    /// - `Invalid` for terms the policy rejects, or initial tenders that do
    ///   not pay the initial payment.
    /// - `Conflict` when an initial payment is due and no shift is open.
    pub fn create_contract(&mut self, request: &ContractRequest) -> Result<ContractView, StoreError> {
        let client_id = check_client_id(&request.client_id)?;
        let now = self.now();
        let tx = self.write()?;
        require_manager(&tx, &request.manager)?;
        let (today, zone) = today(&tx, now)?;
        let existing: Option<String> = tx
            .query_row(
                "SELECT contract_number FROM contracts WHERE client_id = ?1",
                [&client_id],
                |row| row.get(0),
            )
            .optional()?;
        if let Some(number) = existing {
            require_same_contract(&tx, &number, &client_id, request)?;
            return load_view(&tx, &number, today, &zone);
        }
        outbox::ensure_unused(&tx, &client_id)?;

        let settings = settings::load(&tx)?;
        let policy = load_policy(&tx)?;
        let terms = request.draft.terms(today);
        let disclosures = terms.disclosures(policy).map_err(StoreError::invalid)?;
        let (customer, unit) = check_parties(&tx, request.customer_id, request.co_signer_id, &request.serial_number)?;

        let number = next_contract_number(&tx, &settings)?;
        let at = format_instant(now);
        tx.execute(
            "INSERT INTO contracts (client_id, contract_number, customer_id, co_signer_id, unit_id, policy_code,
                 contract_date, term, payment_count, cash_price_cents, total_of_payments_cents, delivery_fee_cents,
                 damage_waiver_cents, deposit_cents, status, staff_id, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 'active', ?15, ?16, ?16)",
            params![
                client_id,
                number,
                customer.id,
                request.co_signer_id,
                unit.id,
                policy.code,
                today.to_string(),
                terms.term.as_str(),
                terms.payment_count,
                terms.cash_price.cents(),
                terms.total_of_payments.cents(),
                terms.delivery_fee.cents(),
                terms.damage_waiver.cents(),
                terms.deposit.cents(),
                request.manager.id,
                at,
            ],
        )?;
        let contract_id = tx.last_insert_rowid();
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO contract_installments (contract_id, number, due_date, amount_cents) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for installment in &disclosures.schedule {
                insert.execute(params![
                    contract_id,
                    installment.number,
                    installment.due_date.to_string(),
                    installment.amount.cents()
                ])?;
            }
        }
        let initial_receipt = take_initial_payment(
            &tx,
            &InitialPayment {
                client_id: &client_id,
                contract_id,
                customer_id: customer.id,
                staff_id: request.manager.id,
                now,
                business_date: today,
                disclosures: &disclosures,
                tenders: &request.initial_tenders,
            },
        )?;
        change_unit(
            &tx,
            now,
            &unit,
            &UnitChange {
                to_status: UnitStatus::OnRent,
                condition: unit.condition,
                contract_id: Some(contract_id),
                staff_id: Some(request.manager.id),
                note: &format!("rented on {number}"),
            },
        )?;
        let (initial_cash, initial_card) = cash_and_card(disclosures.initial_payment, &request.initial_tenders);
        let payload = json!({
            "contract_number": number,
            "customer_client_id": customer.client_id,
            "unit_client_id": unit.client_id,
            "serial_number": unit.serial_number,
            "policy_code": policy.code,
            "contract_date": today.to_string(),
            "terms": terms,
            "schedule": disclosures.schedule,
            "initial_payment": {
                "receipt_number": initial_receipt,
                "delivery_fee_cents": terms.delivery_fee.cents(),
                "damage_waiver_cents": terms.damage_waiver.cents(),
                "deposit_cents": terms.deposit.cents(),
                "total_cents": disclosures.initial_payment.cents(),
                "cash_cents": initial_cash.cents(),
                "card_cents": initial_card.cents(),
            },
            "status": ContractStatus::Active,
            "version": 1,
        });
        outbox::enqueue(&tx, now, &client_id, "contract", &payload)?;
        audit::record(
            &tx,
            now,
            NewAuditEntry {
                staff_id: Some(request.manager.id),
                approved_by: None,
                action: "contract_created",
                subject: &number,
                detail: json!({
                    "contract_id": contract_id,
                    "customer_id": customer.id,
                    "unit_id": unit.id,
                    "policy_code": policy.code,
                    "cash_price_cents": terms.cash_price.cents(),
                    "total_of_payments_cents": terms.total_of_payments.cents(),
                    "payment_count": terms.payment_count,
                    "term": terms.term,
                    "initial_payment_cents": disclosures.initial_payment.cents(),
                    "initial_payment_receipt": initial_receipt,
                }),
            },
        )?;
        let view = load_view(&tx, &number, today, &zone)?;
        tx.commit()?;
        tracing::info!(contract_id, contract_number = %number, "contract created");
        Ok(view)
    }

    /// Loads a contract with its ledger and buyout price as of today.
    pub fn contract(&self, contract_number: &str) -> Result<ContractView, StoreError> {
        let (today, zone) = today(&self.conn, self.now())?;
        load_view(&self.conn, contract_number, today, &zone)
    }

    /// Lists a customer's contracts, newest first.
    pub fn customer_contracts(&self, customer_id: i64) -> Result<Vec<ContractSummary>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT c.contract_number, c.status, c.customer_id, u.serial_number, c.contract_date
             FROM contracts c JOIN units u ON u.id = c.unit_id
             WHERE c.customer_id = ?1 ORDER BY c.id DESC",
        )?;
        let rows = statement.query_map([customer_id], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, i64>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
            ))
        })?;
        let mut contracts = Vec::new();
        for row in rows {
            let (contract_number, status, customer_id, serial_number, contract_date) = row?;
            contracts.push(ContractSummary {
                status: ContractStatus::parse(&status)
                    .ok_or_else(|| StoreError::Corrupt(format!("contract {contract_number} has an unknown status")))?,
                contract_number,
                customer_id,
                serial_number,
                contract_date,
            });
        }
        Ok(contracts)
    }
}
