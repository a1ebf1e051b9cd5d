//! Applying uploaded rental records to the rental tables, inside the
//! batch's transaction, and appending what changed to the change feed.
//!
//! The batch stores each record in `sync_records` first and applies it here
//! only when that insert was new, so every record is applied exactly once.
//! Rows that change keep the highest version sent; an equal or lower
//! version (an older edit arriving late) changes nothing.

use giggatek_protocol::{
    ConflictChange, ContractChange, CustomerPayload, EntityKind, InstallmentPayload, UNIT_DOUBLE_RENTAL, UnitPayload,
};
use time::OffsetDateTime;

use super::conflicts::{ConflictRow, SELECT_CONFLICT, conflict_change};
use super::short_term_rentals::ShortTermWriter;
use super::terminals::Terminal;
use crate::sync::rentals::{CheckedContract, CheckedPayment, RentalChange};

/// The record being applied and where it came from.
pub(crate) struct RentalContext<'a> {
    pub terminal: &'a Terminal,
    pub record_client_id: &'a str,
    /// The terminal's clock when it wrote the record.
    pub record_created_at: &'a str,
    pub now: OffsetDateTime,
}

/// Keys whose rows changed in a batch, each once, in first-change order:
/// they go to the change feed when the batch ends.
#[derive(Debug, Default)]
pub(crate) struct RentalFeed {
    customers: Vec<String>,
    units: Vec<String>,
    contracts: Vec<String>,
    conflicts: Vec<i64>,
}

impl RentalFeed {
    fn customer(&mut self, client_id: &str) {
        push_once(&mut self.customers, client_id.to_owned());
    }

    fn unit(&mut self, client_id: &str) {
        push_once(&mut self.units, client_id.to_owned());
    }

    fn contract(&mut self, client_id: &str) {
        push_once(&mut self.contracts, client_id.to_owned());
    }

    fn conflict(&mut self, id: i64) {
        push_once(&mut self.conflicts, id);
    }
}

fn push_once<T: PartialEq>(keys: &mut Vec<T>, key: T) {
    if !keys.contains(&key) {
        keys.push(key);
    }
}

/// Writes rental records and their feed changes on one open connection.
/// Implemented for both backends' connections by one macro, because the
/// SQL is the same and sqlx's executors are per backend.
pub(crate) trait RentalWriter {
    /// Applies one newly stored rental record.
    async fn apply_rental(
        &mut self,
        context: &RentalContext<'_>,
        change: &RentalChange,
        feed: &mut RentalFeed,
    ) -> Result<(), sqlx::Error>;

    /// Appends the current state of every changed row to the change feed.
    async fn append_rental_changes(&mut self, feed: &RentalFeed, now: OffsetDateTime) -> Result<(), sqlx::Error>;
}

fn encode_error(error: serde_json::Error) -> sqlx::Error {
    sqlx::Error::Encode(error.into())
}

fn decode_error(error: serde_json::Error) -> sqlx::Error {
    sqlx::Error::Decode(error.into())
}

/// Builds the message a manager and the terminals see for a unit on two
/// active contracts.
fn double_rental_message(serial: &str, stored_second: &str, stored_first: &str) -> String {
    format!(
        "unit {serial} is on two active contracts, {stored_first} and {stored_second}, written while the \
         terminals were offline: return the unit on one of them, then resolve this conflict"
    )
}

macro_rules! impl_rental_writer {
    ($connection:ty) => {
        impl RentalWriter for $connection {
            async fn apply_rental(
                &mut self,
                context: &RentalContext<'_>,
                change: &RentalChange,
                feed: &mut RentalFeed,
            ) -> Result<(), sqlx::Error> {
                match change {
                    RentalChange::Customer(customer) => {
                        let address = serde_json::to_string(&customer.address).map_err(encode_error)?;
                        let changed: Option<i64> = sqlx::query_scalar(
                            "INSERT INTO store_customers (client_id, store_code, full_name, email, phone, address,
                                 id_document, version, created_at, updated_at)
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
                             ON CONFLICT (client_id) DO UPDATE SET full_name = excluded.full_name,
                                 email = excluded.email, phone = excluded.phone, address = excluded.address,
                                 id_document = excluded.id_document, version = excluded.version,
                                 updated_at = excluded.updated_at
                             WHERE store_customers.version < excluded.version
                             RETURNING id",
                        )
                        .bind(&customer.client_id)
                        .bind(&context.terminal.store_code)
                        .bind(&customer.full_name)
                        .bind(&customer.email)
                        .bind(&customer.phone)
                        .bind(&address)
                        .bind(&customer.id_document)
                        .bind(customer.version)
                        .bind(context.now)
                        .fetch_optional(&mut *self)
                        .await?;
                        if let Some(customer_id) = changed {
                            sqlx::query(
                                "UPDATE rental_contracts SET store_customer_id = $1, customer_email = $2
                                 WHERE customer_client_id = $3",
                            )
                            .bind(customer_id)
                            .bind(&customer.email)
                            .bind(&customer.client_id)
                            .execute(&mut *self)
                            .await?;
                            ShortTermWriter::link_customer(&mut *self, customer_id, customer).await?;
                            feed.customer(&customer.client_id);
                        }
                    }
                    RentalChange::Unit(unit) => {
                        let changed: Option<i64> = sqlx::query_scalar(
                            "INSERT INTO rental_units (client_id, store_code, serial_number, description, condition,
                                 status, cost_cents, version, created_at, updated_at)
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
                             ON CONFLICT (client_id) DO UPDATE SET serial_number = excluded.serial_number,
                                 description = excluded.description, condition = excluded.condition,
                                 status = excluded.status, cost_cents = excluded.cost_cents,
                                 version = excluded.version, updated_at = excluded.updated_at
                             WHERE rental_units.version < excluded.version
                             RETURNING id",
                        )
                        .bind(&unit.client_id)
                        .bind(&context.terminal.store_code)
                        .bind(&unit.serial_number)
                        .bind(&unit.description)
                        .bind(&unit.condition)
                        .bind(&unit.status)
                        .bind(unit.cost_cents)
                        .bind(unit.version)
                        .bind(context.now)
                        .fetch_optional(&mut *self)
                        .await?;
                        if changed.is_some() {
                            feed.unit(&unit.client_id);
                        }
                    }
                    RentalChange::UnitStatus(moved) => {
                        // NOTE: a move of a unit the server has not stored
                        // changes nothing here; a terminal uploads a unit
                        // before its moves, so only a unit whose own record
                        // was rejected can be missing.
                        let changed: Option<i64> = sqlx::query_scalar(
                            "UPDATE rental_units SET status = $1, condition = $2, version = $3, updated_at = $4
                             WHERE client_id = $5 AND version < $3
                             RETURNING id",
                        )
                        .bind(&moved.to_status)
                        .bind(&moved.condition)
                        .bind(moved.version)
                        .bind(context.now)
                        .bind(&moved.unit_client_id)
                        .fetch_optional(&mut *self)
                        .await?;
                        if changed.is_some() {
                            feed.unit(&moved.unit_client_id);
                        }
                    }
                    RentalChange::Contract(contract) => {
                        self.insert_contract(context, contract, feed).await?;
                    }
                    RentalChange::ContractStatus(transition) => {
                        sqlx::query(
                            "INSERT INTO rental_contract_events (record_client_id, contract_client_id, from_status,
                                 to_status, version, terminal_created_at, received_at)
                             VALUES ($1, $2, $3, $4, $5, $6, $7)
                             ON CONFLICT (record_client_id) DO NOTHING",
                        )
                        .bind(context.record_client_id)
                        .bind(&transition.contract_client_id)
                        .bind(&transition.from)
                        .bind(&transition.to)
                        .bind(transition.version)
                        .bind(context.record_created_at)
                        .bind(context.now)
                        .execute(&mut *self)
                        .await?;
                        let changed: Option<String> = sqlx::query_scalar(
                            "UPDATE rental_contracts SET status = $1, version = $2, updated_at = $3
                             WHERE client_id = $4 AND version < $2
                             RETURNING serial_number",
                        )
                        .bind(&transition.to)
                        .bind(transition.version)
                        .bind(context.now)
                        .bind(&transition.contract_client_id)
                        .fetch_optional(&mut *self)
                        .await?;
                        if let Some(serial) = changed {
                            feed.contract(&transition.contract_client_id);
                            if transition.to == "active" {
                                // A reinstatement puts the unit back on rent.
                                self.check_double_rental(context, &transition.contract_client_id, &serial, feed)
                                    .await?;
                            }
                        }
                    }
                    RentalChange::ContractPayment(payment) => {
                        self.insert_payment(context, payment).await?;
                        self.sum_payments(&payment.payload.contract_client_id, context.now).await?;
                        feed.contract(&payment.payload.contract_client_id);
                    }
                    RentalChange::ShortTermRental(rental) => {
                        ShortTermWriter::insert_short_term_rental(&mut *self, context, context.record_client_id, rental)
                            .await?;
                    }
                    RentalChange::ShortTermReturn(taken_back) => {
                        ShortTermWriter::apply_short_term_return(&mut *self, context, taken_back).await?;
                    }
                }
                Ok(())
            }

            async fn append_rental_changes(
                &mut self,
                feed: &RentalFeed,
                now: OffsetDateTime,
            ) -> Result<(), sqlx::Error> {
                for client_id in &feed.customers {
                    let row: Option<(String, String, String, String, String, i64)> = sqlx::query_as(
                        "SELECT full_name, address, phone, email, id_document, version
                         FROM store_customers WHERE client_id = $1",
                    )
                    .bind(client_id)
                    .fetch_optional(&mut *self)
                    .await?;
                    let Some((full_name, address, phone, email, id_document, version)) = row else {
                        continue;
                    };
                    let customer = CustomerPayload {
                        client_id: client_id.clone(),
                        full_name,
                        address: serde_json::from_str(&address).map_err(decode_error)?,
                        phone,
                        email,
                        id_document,
                        version,
                    };
                    let data = serde_json::to_string(&customer).map_err(encode_error)?;
                    self.append_change(EntityKind::CUSTOMER, client_id, &data, now).await?;
                }
                for client_id in &feed.units {
                    // A unit moved off rent while another active contract
                    // still has it (one of two contracts written offline
                    // was returned) stays on rent. The version rises so the
                    // terminals that moved it take the server's status.
                    sqlx::query(
                        "UPDATE rental_units SET status = 'on_rent', version = version + 1, updated_at = $2
                         WHERE client_id = $1 AND status <> 'on_rent'
                           AND EXISTS (SELECT 1 FROM rental_contracts c
                               WHERE c.serial_number = rental_units.serial_number AND c.status = 'active')",
                    )
                    .bind(client_id)
                    .bind(now)
                    .execute(&mut *self)
                    .await?;
                    let row: Option<(String, String, String, String, i64, i64)> = sqlx::query_as(
                        "SELECT serial_number, description, condition, status, cost_cents, version
                         FROM rental_units WHERE client_id = $1",
                    )
                    .bind(client_id)
                    .fetch_optional(&mut *self)
                    .await?;
                    let Some((serial_number, description, condition, status, cost_cents, version)) = row else {
                        continue;
                    };
                    let unit = UnitPayload {
                        client_id: client_id.clone(),
                        serial_number,
                        description,
                        condition,
                        status,
                        cost_cents,
                        version,
                    };
                    let data = serde_json::to_string(&unit).map_err(encode_error)?;
                    self.append_change(EntityKind::UNIT, client_id, &data, now).await?;
                }
                for client_id in &feed.contracts {
                    let Some(contract) = self.contract_change(client_id).await? else {
                        continue;
                    };
                    let data = serde_json::to_string(&contract).map_err(encode_error)?;
                    self.append_change(EntityKind::CONTRACT, client_id, &data, now).await?;
                }
                for id in &feed.conflicts {
                    let row: Option<ConflictRow> =
                        sqlx::query_as(SELECT_CONFLICT).bind(id).fetch_optional(&mut *self).await?;
                    let Some(row) = row else {
                        continue;
                    };
                    let conflict: ConflictChange = conflict_change(row);
                    let data = serde_json::to_string(&conflict).map_err(encode_error)?;
                    self.append_change(EntityKind::CONFLICT, &id.to_string(), &data, now).await?;
                }
                Ok(())
            }
        }

        impl RentalSteps for $connection {
            async fn insert_contract(
                &mut self,
                context: &RentalContext<'_>,
                contract: &CheckedContract,
                feed: &mut RentalFeed,
            ) -> Result<(), sqlx::Error> {
                let payload = &contract.payload;
                let serial = match &payload.serial_number {
                    Some(serial) => serial.clone(),
                    None => sqlx::query_scalar("SELECT serial_number FROM rental_units WHERE client_id = $1")
                        .bind(&payload.unit_client_id)
                        .fetch_optional(&mut *self)
                        .await?
                        .unwrap_or_default(),
                };
                let customer: Option<(i64, String)> =
                    sqlx::query_as("SELECT id, email FROM store_customers WHERE client_id = $1")
                        .bind(&payload.customer_client_id)
                        .fetch_optional(&mut *self)
                        .await?;
                let (customer_id, email) = match customer {
                    Some((id, email)) => (Some(id), email),
                    None => (None, String::new()),
                };
                let terms = &payload.terms;
                let initial = payload.initial_payment.as_ref();
                let inserted: Option<i64> = sqlx::query_scalar(
                    "INSERT INTO rental_contracts (client_id, contract_number, store_code, terminal_code,
                         customer_client_id, store_customer_id, customer_email, unit_client_id, serial_number,
                         policy_code, start_date, term, payment_count, cash_price_cents, periodic_payment_cents,
                         total_of_payments_cents, delivery_fee_cents, damage_waiver_cents, deposit_cents, status,
                         version, terminal_created_at, created_at, updated_at, initial_payment_receipt_number,
                         initial_payment_cents, initial_payment_cash_cents, initial_payment_card_cents)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
                         $20, $21, $22, $23, $23, $24, $25, $26, $27)
                     ON CONFLICT (client_id) DO NOTHING
                     RETURNING id",
                )
                .bind(context.record_client_id)
                .bind(&payload.contract_number)
                .bind(&context.terminal.store_code)
                .bind(&context.terminal.terminal_code)
                .bind(&payload.customer_client_id)
                .bind(customer_id)
                .bind(&email)
                .bind(&payload.unit_client_id)
                .bind(&serial)
                .bind(&payload.policy_code)
                .bind(contract.contract_date)
                .bind(&terms.term)
                .bind(terms.payment_count)
                .bind(terms.cash_price_cents)
                .bind(contract.periodic_payment_cents)
                .bind(terms.total_of_payments_cents)
                .bind(terms.delivery_fee_cents)
                .bind(terms.damage_waiver_cents)
                .bind(terms.deposit_cents)
                .bind(&payload.status)
                .bind(payload.version)
                .bind(context.record_created_at)
                .bind(context.now)
                .bind(initial.and_then(|paid| paid.receipt_number.as_deref()))
                .bind(initial.map(|paid| paid.total_cents))
                .bind(initial.map(|paid| paid.cash_cents))
                .bind(initial.map(|paid| paid.card_cents))
                .fetch_optional(&mut *self)
                .await?;
                let Some(contract_id) = inserted else {
                    return Ok(());
                };
                for (row, due_date) in payload.schedule.iter().zip(&contract.due_dates) {
                    sqlx::query(
                        "INSERT INTO rental_contract_installments (contract_id, number, due_date, amount_cents)
                         VALUES ($1, $2, $3, $4)",
                    )
                    .bind(contract_id)
                    .bind(row.number)
                    .bind(*due_date)
                    .bind(row.amount_cents)
                    .execute(&mut *self)
                    .await?;
                }
                // Payments stored before their contract (uploaded from
                // another terminal) are linked now.
                sqlx::query(
                    "UPDATE rental_contract_payments SET contract_id = $1
                     WHERE contract_client_id = $2 AND contract_id IS NULL",
                )
                .bind(contract_id)
                .bind(context.record_client_id)
                .execute(&mut *self)
                .await?;
                self.sum_payments(context.record_client_id, context.now).await?;
                feed.contract(context.record_client_id);
                if payload.status == "active" {
                    self.check_double_rental(context, context.record_client_id, &serial, feed)
                        .await?;
                }
                Ok(())
            }

            async fn check_double_rental(
                &mut self,
                context: &RentalContext<'_>,
                contract_client_id: &str,
                serial: &str,
                feed: &mut RentalFeed,
            ) -> Result<(), sqlx::Error> {
                if serial.is_empty() {
                    return Ok(());
                }
                let other: Option<(String, String)> = sqlx::query_as(
                    "SELECT client_id, contract_number FROM rental_contracts
                     WHERE serial_number = $1 AND status = 'active' AND client_id <> $2
                     ORDER BY id LIMIT 1",
                )
                .bind(serial)
                .bind(contract_client_id)
                .fetch_optional(&mut *self)
                .await?;
                let Some((other_client_id, other_number)) = other else {
                    return Ok(());
                };
                let number: String =
                    sqlx::query_scalar("SELECT contract_number FROM rental_contracts WHERE client_id = $1")
                        .bind(contract_client_id)
                        .fetch_one(&mut *self)
                        .await?;
                let conflict_id: Option<i64> = sqlx::query_scalar(
                    "INSERT INTO sync_conflicts (kind, subject, record_client_id, other_client_id, raised_at, message)
                     VALUES ($1, $2, $3, $4, $5, $6)
                     ON CONFLICT (record_client_id, kind) DO NOTHING
                     RETURNING id",
                )
                .bind(UNIT_DOUBLE_RENTAL)
                .bind(serial)
                .bind(contract_client_id)
                .bind(&other_client_id)
                .bind(context.now)
                .bind(double_rental_message(serial, &number, &other_number))
                .fetch_optional(&mut *self)
                .await?;
                if let Some(id) = conflict_id {
                    tracing::warn!(
                        conflict_id = id,
                        serial,
                        contract_client_id,
                        other_client_id = %other_client_id,
                        "unit on two active contracts"
                    );
                    feed.conflict(id);
                    feed.contract(&other_client_id);
                }
                Ok(())
            }

            async fn insert_payment(
                &mut self,
                context: &RentalContext<'_>,
                payment: &CheckedPayment,
            ) -> Result<(), sqlx::Error> {
                let payload = &payment.payload;
                sqlx::query(
                    "INSERT INTO rental_contract_payments (client_id, contract_client_id, contract_id, store_code,
                         terminal_code, receipt_number, kind, paid_at, business_date, amount_cents, rent_cents,
                         late_fee_cents)
                     VALUES ($1, $2, (SELECT id FROM rental_contracts WHERE client_id = $2), $3, $4, $5, $6, $7,
                         $8, $9, $10, $11)
                     ON CONFLICT (client_id) DO NOTHING",
                )
                .bind(context.record_client_id)
                .bind(&payload.contract_client_id)
                .bind(&context.terminal.store_code)
                .bind(&context.terminal.terminal_code)
                .bind(&payload.receipt_number)
                .bind(&payload.kind)
                .bind(payment.paid_at)
                .bind(payment.business_date)
                .bind(payload.amount_cents)
                .bind(payload.rent_cents)
                .bind(payload.late_fee_cents)
                .execute(&mut *self)
                .await?;
                Ok(())
            }

            async fn sum_payments(&mut self, contract_client_id: &str, now: OffsetDateTime) -> Result<(), sqlx::Error> {
                // PostgreSQL's SUM of BIGINT is NUMERIC, hence the casts.
                sqlx::query(
                    "UPDATE rental_contracts SET
                         paid_cents = (SELECT CAST(COALESCE(SUM(amount_cents), 0) AS BIGINT)
                             FROM rental_contract_payments WHERE contract_client_id = $1),
                         rent_paid_cents = (SELECT CAST(COALESCE(SUM(rent_cents), 0) AS BIGINT)
                             FROM rental_contract_payments WHERE contract_client_id = $1),
                         late_fees_paid_cents = (SELECT CAST(COALESCE(SUM(late_fee_cents), 0) AS BIGINT)
                             FROM rental_contract_payments WHERE contract_client_id = $1),
                         updated_at = $2
                     WHERE client_id = $1",
                )
                .bind(contract_client_id)
                .bind(now)
                .execute(&mut *self)
                .await?;
                Ok(())
            }

            async fn contract_change(&mut self, client_id: &str) -> Result<Option<ContractChange>, sqlx::Error> {
                let row: Option<ContractChangeRow> = sqlx::query_as(
                    "SELECT id, contract_number, store_code, terminal_code, customer_client_id, serial_number,
                         start_date, term, payment_count, cash_price_cents, periodic_payment_cents,
                         total_of_payments_cents, status, paid_cents, version
                     FROM rental_contracts WHERE client_id = $1",
                )
                .bind(client_id)
                .fetch_optional(&mut *self)
                .await?;
                let Some(row) = row else {
                    return Ok(None);
                };
                let (
                    id,
                    contract_number,
                    store_code,
                    terminal_code,
                    customer_client_id,
                    serial_number,
                    start,
                    term,
                    payment_count,
                    cash_price_cents,
                    periodic_payment_cents,
                    total_of_payments_cents,
                    status,
                    paid_cents,
                    version,
                ) = row;
                let rows: Vec<(i64, time::Date, i64)> = sqlx::query_as(
                    "SELECT number, due_date, amount_cents FROM rental_contract_installments
                     WHERE contract_id = $1 ORDER BY number",
                )
                .bind(id)
                .fetch_all(&mut *self)
                .await?;
                Ok(Some(ContractChange {
                    client_id: client_id.to_owned(),
                    contract_number,
                    store_code,
                    terminal_code,
                    customer_client_id,
                    serial_number,
                    contract_date: start.to_string(),
                    term,
                    payment_count,
                    cash_price_cents,
                    periodic_payment_cents,
                    total_of_payments_cents,
                    status,
                    paid_cents,
                    version,
                    schedule: rows
                        .into_iter()
                        .map(|(number, due_date, amount_cents)| InstallmentPayload {
                            number,
                            due_date: due_date.to_string(),
                            amount_cents,
                        })
                        .collect(),
                }))
            }

            async fn append_change(
                &mut self,
                entity: &str,
                key: &str,
                data: &str,
                now: OffsetDateTime,
            ) -> Result<(), sqlx::Error> {
                sqlx::query("INSERT INTO changes (entity, entity_key, data, changed_at) VALUES ($1, $2, $3, $4)")
                    .bind(entity)
                    .bind(key)
                    .bind(data)
                    .bind(now)
                    .execute(&mut *self)
                    .await?;
                Ok(())
            }
        }
    };
}

/// A `rental_contracts` row as [`RentalSteps::contract_change`] reads it.
type ContractChangeRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    time::Date,
    String,
    i64,
    i64,
    i64,
    i64,
    String,
    i64,
    i64,
);

/// The steps [`RentalWriter`] is built from.
trait RentalSteps {
    async fn insert_contract(
        &mut self,
        context: &RentalContext<'_>,
        contract: &CheckedContract,
        feed: &mut RentalFeed,
    ) -> Result<(), sqlx::Error>;

    /// Records a conflict when another active contract has the unit `serial`.
    async fn check_double_rental(
        &mut self,
        context: &RentalContext<'_>,
        contract_client_id: &str,
        serial: &str,
        feed: &mut RentalFeed,
    ) -> Result<(), sqlx::Error>;

    async fn insert_payment(
        &mut self,
        context: &RentalContext<'_>,
        payment: &CheckedPayment,
    ) -> Result<(), sqlx::Error>;

    /// Sets a contract's paid totals to the sums of its stored payments.
    async fn sum_payments(&mut self, contract_client_id: &str, now: OffsetDateTime) -> Result<(), sqlx::Error>;

    /// Loads a contract as the change feed sends it.
    async fn contract_change(&mut self, client_id: &str) -> Result<Option<ContractChange>, sqlx::Error>;

    async fn append_change(
        &mut self,
        entity: &str,
        key: &str,
        data: &str,
        now: OffsetDateTime,
    ) -> Result<(), sqlx::Error>;
}

impl_rental_writer!(sqlx::SqliteConnection);
impl_rental_writer!(sqlx::PgConnection);
