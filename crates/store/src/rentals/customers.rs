//! Customers who rent: created, edited and searched at the terminal.
//!
//! Every personal field lives in the `customers` table. Log lines and audit
//! entries name a customer by id only, never by a personal field.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::audit::{self, NewAuditEntry};
use crate::clock::format_instant;
use crate::db::Store;
use crate::error::StoreError;
use crate::outbox;
use crate::sales::check_client_id;
use crate::staff::{Staff, require_active};

/// Maximum length of a name, phone, email or ID document, in characters.
const MAX_FIELD_CHARS: usize = 120;
/// Maximum number of address lines.
const MAX_ADDRESS_LINES: usize = 4;

/// A customer's details as the form submits them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerDetails {
    /// The name as the customer writes it, in any script. A name in a
    /// non-Latin script may carry its Latin form in parentheses, which the
    /// thermal receipt prints: `山田 花子 (Hanako Yamada)`.
    pub full_name: String,
    pub address: Vec<String>,
    pub phone: String,
    pub email: String,
    /// The identity document shown: `Driver licence NY 123456789`.
    pub id_document: String,
}

/// A stored customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    pub id: i64,
    pub client_id: String,
    #[serde(flatten)]
    pub details: CustomerDetails,
    /// Bumped on every change; an edit names the version it started from.
    pub version: i64,
}

impl CustomerDetails {
    /// Trims every field and checks it, naming the first one that is wrong.
    fn checked(&self) -> Result<CustomerDetails, StoreError> {
        let field = |label: &str, value: &str, required: bool| -> Result<String, StoreError> {
            let value = value.trim();
            if required && value.is_empty() {
                return Err(StoreError::Invalid(format!("the customer's {label} is missing")));
            }
            if value.chars().count() > MAX_FIELD_CHARS || value.chars().any(char::is_control) {
                return Err(StoreError::Invalid(format!(
                    "the customer's {label} is invalid: use at most {MAX_FIELD_CHARS} characters on one line"
                )));
            }
            Ok(value.to_string())
        };
        let address: Vec<String> = self
            .address
            .iter()
            .map(|line| field("address", line, false))
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .filter(|line| !line.is_empty())
            .collect();
        if address.is_empty() || address.len() > MAX_ADDRESS_LINES {
            return Err(StoreError::Invalid(format!(
                "the customer's address is invalid: use 1 to {MAX_ADDRESS_LINES} lines"
            )));
        }
        let email = field("email", &self.email, false)?;
        if !email.is_empty() && !looks_like_email(&email) {
            return Err(StoreError::Invalid(format!(
                "the email \"{email}\" is invalid: use a form like name@example.com, or leave it blank"
            )));
        }
        Ok(CustomerDetails {
            full_name: field("name", &self.full_name, true)?,
            address,
            phone: field("phone", &self.phone, true)?,
            email,
            id_document: field("ID document", &self.id_document, true)?,
        })
    }
}

/// Checks the shape `local@domain.tld` without judging the parts further.
fn looks_like_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.contains(char::is_whitespace)
        }
        None => false,
    }
}

const CUSTOMER_COLUMNS: &str = "id, client_id, full_name, address, phone, email, id_document, version";

fn customer_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<(Customer, String)> {
    Ok((
        Customer {
            id: row.get(0)?,
            client_id: row.get(1)?,
            details: CustomerDetails {
                full_name: row.get(2)?,
                address: Vec::new(),
                phone: row.get(4)?,
                email: row.get(5)?,
                id_document: row.get(6)?,
            },
            version: row.get(7)?,
        },
        row.get(3)?,
    ))
}

fn with_address((mut customer, address): (Customer, String)) -> Result<Customer, StoreError> {
    customer.details.address = serde_json::from_str(&address)
        .map_err(|error| StoreError::Corrupt(format!("customer {} has an unreadable address: {error}", customer.id)))?;
    Ok(customer)
}

/// Loads a customer by id through any connection or open transaction.
pub(crate) fn load_customer(conn: &Connection, id: i64) -> Result<Customer, StoreError> {
    let sql = format!("SELECT {CUSTOMER_COLUMNS} FROM customers WHERE id = ?1");
    let row = conn.query_row(&sql, [id], customer_from_row).optional()?;
    with_address(row.ok_or_else(|| StoreError::NotFound(format!("there is no customer {id}")))?)
}

fn customer_payload(customer: &Customer) -> serde_json::Value {
    json!({ "customer": customer })
}

impl Store {
    /// Adds a customer. A client id already stored returns that customer and
    /// writes nothing, so a double submit adds one customer.
    pub fn add_customer(
        &mut self,
        staff: &Staff,
        client_id: &str,
        details: &CustomerDetails,
    ) -> Result<Customer, StoreError> {
        let client_id = check_client_id(client_id)?;
        let details = details.checked()?;
        let now = self.now();
        let tx = self.write()?;
        require_active(&tx, staff)?;
        let existing: Option<i64> = tx
            .query_row("SELECT id FROM customers WHERE client_id = ?1", [&client_id], |row| {
                row.get(0)
            })
            .optional()?;
        if let Some(id) = existing {
            return load_customer(&tx, id);
        }
        outbox::ensure_unused(&tx, &client_id)?;
        let created_at = format_instant(now);
        tx.execute(
            "INSERT INTO customers (client_id, full_name, address, phone, email, id_document, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            params![
                client_id,
                details.full_name,
                json!(details.address).to_string(),
                details.phone,
                details.email,
                details.id_document,
                created_at,
            ],
        )?;
        let customer = load_customer(&tx, tx.last_insert_rowid())?;
        outbox::enqueue(&tx, now, &client_id, "customer", &customer_payload(&customer))?;
        audit::record(
            &tx,
            now,
            NewAuditEntry {
                staff_id: Some(staff.id),
                approved_by: None,
                action: "customer_added",
                subject: &format!("customer {}", customer.id),
                detail: json!({ "customer_id": customer.id }),
            },
        )?;
        tx.commit()?;
        tracing::info!(customer_id = customer.id, "customer added");
        Ok(customer)
    }

    /// Saves new details for a customer. `version` is the version the form
    /// was loaded at; an edit saved since gives `Conflict`, so one clerk's
    /// change never silently overwrites another's.
    pub fn update_customer(
        &mut self,
        staff: &Staff,
        id: i64,
        version: i64,
        details: &CustomerDetails,
    ) -> Result<Customer, StoreError> {
        let details = details.checked()?;
        let now = self.now();
        let tx = self.write()?;
        require_active(&tx, staff)?;
        let before = load_customer(&tx, id)?;
        if before.version != version {
            return Err(StoreError::Conflict(format!(
                "customer {id} was changed by someone else since it was opened: reload it and edit again"
            )));
        }
        if before.details == details {
            return Ok(before);
        }
        tx.execute(
            "UPDATE customers SET full_name = ?1, address = ?2, phone = ?3, email = ?4, id_document = ?5,
                 updated_at = ?6, version = version + 1
             WHERE id = ?7",
            params![
                details.full_name,
                json!(details.address).to_string(),
                details.phone,
                details.email,
                details.id_document,
                format_instant(now),
                id,
            ],
        )?;
        let customer = load_customer(&tx, id)?;
        outbox::enqueue(
            &tx,
            now,
            &outbox::new_client_id(),
            "customer",
            &customer_payload(&customer),
        )?;
        // The audit entry names the fields that changed, not their values.
        let changed: Vec<&str> = [
            ("full_name", before.details.full_name != details.full_name),
            ("address", before.details.address != details.address),
            ("phone", before.details.phone != details.phone),
            ("email", before.details.email != details.email),
            ("id_document", before.details.id_document != details.id_document),
        ]
        .into_iter()
        .filter_map(|(name, differs)| differs.then_some(name))
        .collect();
        audit::record(
            &tx,
            now,
            NewAuditEntry {
                staff_id: Some(staff.id),
                approved_by: None,
                action: "customer_updated",
                subject: &format!("customer {id}"),
                detail: json!({ "customer_id": id, "fields": changed, "version": customer.version }),
            },
        )?;
        tx.commit()?;
        tracing::info!(customer_id = id, "customer updated");
        Ok(customer)
    }

    /// Loads a customer by id.
    pub fn customer(&self, id: i64) -> Result<Customer, StoreError> {
        load_customer(&self.conn, id)
    }

    /// Finds customers whose name, phone, email or ID document contains
    /// `query` (case-insensitive for ASCII letters), best matches first:
    /// names that start with the query, then the rest by name.
    pub fn search_customers(&self, query: &str, limit: u32) -> Result<Vec<Customer>, StoreError> {
        let query = query.trim();
        if query.is_empty() {
            return Err(StoreError::Invalid(
                "the customer search is empty: type part of a name, phone, email or ID".to_string(),
            ));
        }
        let escaped = query.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        let sql = format!(
            "SELECT {CUSTOMER_COLUMNS} FROM customers
             WHERE full_name LIKE ?1 ESCAPE '\\' OR phone LIKE ?1 ESCAPE '\\'
                OR email LIKE ?1 ESCAPE '\\' OR id_document LIKE ?1 ESCAPE '\\'
             ORDER BY (full_name LIKE ?2 ESCAPE '\\') DESC, full_name, id
             LIMIT ?3"
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map(
            params![format!("%{escaped}%"), format!("{escaped}%"), limit.min(200)],
            customer_from_row,
        )?;
        let mut customers = Vec::new();
        for row in rows {
            customers.push(with_address(row?)?);
        }
        Ok(customers)
    }
}
