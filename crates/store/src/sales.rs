//! Completing a sale: one `IMMEDIATE` transaction that prices the cart,
//! settles the tenders, numbers the receipt and writes every row, or writes
//! nothing at all.

mod load;
mod write;

use std::time::Duration;

use giggatek_domain::{Cart, MAX_QUANTITY, Money, Payment, PricedCart, Settlement, Tender, TenderKind, settle};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::audit::{self, NewAuditEntry};
use crate::cash_movements::check_reason;
use crate::clock::{business_date, time_zone};
use crate::db::Store;
use crate::error::StoreError;
use crate::receipts::next_receipt_number;
use crate::shifts::require_open;
use crate::staff::{Staff, require_active, require_manager};
use crate::{outbox, settings};

pub(crate) use load::{StoredSale, id_by_receipt_number, read_tenders, sale as load_sale, tender_kind, to_u32};
use write::{CatalogLine, SaleHeader, insert_sale};

/// Test hook: when this environment variable contains a number of
/// milliseconds, `complete_sale` sleeps that long just before its commit, so
/// a test can kill the process while the sale's transaction is open.
pub const PAUSE_BEFORE_COMMIT_VAR: &str = "GIGGATEK_TEST_PAUSE_BEFORE_COMMIT_MS";

/// A sale as the tender screen submits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleRequest {
    /// A UUID the caller made when the tender screen opened. Every retry of
    /// the same completion carries the same id.
    pub client_id: String,
    pub cart: Cart,
    pub tenders: Vec<Tender>,
    pub clerk: Staff,
    /// The manager who approved a price override, when a line has one.
    pub approver: Option<Staff>,
}

/// A stored sale, as completed now or earlier under the same client id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompletedSale {
    pub sale_id: i64,
    pub receipt_number: String,
    pub priced: PricedCart,
    pub settlement: Settlement,
    /// True when the client id was already stored and nothing was written.
    pub replayed: bool,
}

impl Store {
    /// Completes a sale: prices the cart with the store's tax settings,
    /// settles the tenders, takes the next receipt number and writes the
    /// sale, its lines, payments, stock movements, outbox record and audit
    /// entries in one transaction.
    ///
    /// A client id already stored returns that sale with `replayed: true`
    /// and writes nothing, so a double click or a retry makes one sale.
    ///
    /// # Errors
    /// - `Conflict` when no shift is open.
    /// - `Invalid` for an empty cart, a product not for sale, a line whose
    ///   tax status changed since it was scanned, or tenders that do not pay
    ///   the total.
    /// - `NotFound` for a product not in the catalog.
    /// - `ManagerRequired` when a unit price differs from the catalog price
    ///   (including a catalog price changed since the scan) and `approver`
    ///   is not an active manager.
    pub fn complete_sale(&mut self, request: &SaleRequest) -> Result<CompletedSale, StoreError> {
        let client_id = check_client_id(&request.client_id)?;
        let now = self.now();
        let tx = self.write()?;
        if let Some(sale_id) = load::id_by_client_id(&tx, &client_id)? {
            let sale = load::sale(&tx, sale_id)?;
            if !same_sale(&sale, request) {
                return Err(StoreError::Conflict(format!(
                    "client id {client_id} already belongs to sale {} with other items or tenders: \
                     make a new client id for a new sale",
                    sale.receipt_number
                )));
            }
            tracing::info!(sale_id, receipt_number = %sale.receipt_number, "sale already completed; returning it");
            return Ok(completed(&sale, true));
        }
        outbox::ensure_unused(&tx, &client_id)?;

        let settings = settings::load(&tx)?;
        let zone = time_zone(&settings.time_zone)?;
        let shift_id = require_open(&tx)?;
        require_active(&tx, &request.clerk)?;
        if request.cart.is_empty() {
            return Err(StoreError::Invalid(
                "the cart is empty: add at least one item".to_string(),
            ));
        }

        let catalog = check_catalog(&tx, &request.cart)?;
        let overrides = price_overrides(&request.cart, &catalog);
        if !overrides.is_empty() {
            let approver = request.approver.as_ref().ok_or_else(|| {
                let line_numbers: Vec<String> = overrides.iter().map(|o| o.line_no.to_string()).collect();
                let lines = match line_numbers.as_slice() {
                    [one] => format!("line {one} is"),
                    many => format!("lines {} are", many.join(", ")),
                };
                StoreError::ManagerRequired(format!("{lines} charged at a price other than the catalog price"))
            })?;
            require_manager(&tx, approver)?;
        }

        let priced = request.cart.price(settings.tax).map_err(StoreError::invalid)?;
        let settlement = settle(priced.total, &request.tenders, settings.cash_rounding).map_err(StoreError::invalid)?;
        let receipt_number = next_receipt_number(&tx, &settings)?;

        let header = SaleHeader {
            client_id: &client_id,
            receipt_number: &receipt_number,
            shift_id,
            staff_id: request.clerk.id,
            now,
            business_date: &business_date(now, &zone),
            tax: settings.tax,
        };
        let (sale_id, payload) = insert_sale(&tx, &header, &request.cart, &catalog, &priced, &settlement)?;
        outbox::enqueue(&tx, now, &client_id, "sale", &payload)?;

        let approver_id = request.approver.as_ref().map(|approver| approver.id);
        for change in &overrides {
            audit::record(
                &tx,
                now,
                NewAuditEntry {
                    staff_id: Some(request.clerk.id),
                    approved_by: approver_id,
                    action: "price_override",
                    subject: &receipt_number,
                    detail: json!({
                        "line_no": change.line_no,
                        "product_id": change.product_id,
                        "old_price_cents": change.old_price_cents,
                        "new_price_cents": change.new_price_cents,
                    }),
                },
            )?;
        }
        audit::record(
            &tx,
            now,
            NewAuditEntry {
                staff_id: Some(request.clerk.id),
                approved_by: if overrides.is_empty() { None } else { approver_id },
                action: "sale_completed",
                subject: &receipt_number,
                detail: json!({
                    "sale_id": sale_id,
                    "line_count": request.cart.lines().len(),
                    "total_cents": settlement.amount_due.cents(),
                    "tenders": settlement.payments.iter().map(|p| p.kind.as_str()).collect::<Vec<_>>(),
                }),
            },
        )?;

        pause_before_commit();
        tx.commit()?;
        tracing::info!(sale_id, receipt_number = %receipt_number, "sale completed");
        Ok(CompletedSale {
            sale_id,
            receipt_number,
            priced,
            settlement,
            replayed: false,
        })
    }

    /// Records that a clerk abandoned a cart, with its line count and the
    /// amount it came to. Nothing else is written.
    pub fn void_cart(&mut self, staff: &Staff, cart: &Cart, reason: &str) -> Result<(), StoreError> {
        let reason = check_reason(reason)?;
        let now = self.now();
        let tx = self.write()?;
        require_active(&tx, staff)?;
        require_open(&tx)?;
        let settings = settings::load(&tx)?;
        let priced = cart.price(settings.tax).map_err(StoreError::invalid)?;
        audit::record(
            &tx,
            now,
            NewAuditEntry {
                staff_id: Some(staff.id),
                approved_by: None,
                action: "cart_voided",
                subject: "cart",
                detail: json!({
                    "line_count": cart.lines().len(),
                    "total_cents": priced.total.cents(),
                    "reason": reason,
                }),
            },
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// A line charged at a price other than the catalog's.
struct PriceOverride {
    line_no: usize,
    product_id: i64,
    old_price_cents: i64,
    new_price_cents: i64,
}

/// Builds the completion result from a stored sale.
/// Checks that a retried request describes the stored sale: the same products,
/// quantities and unit prices in order, and the same tenders. A client id
/// reused for a different cart is a caller's bug, not a retry.
fn same_sale(sale: &StoredSale, request: &SaleRequest) -> bool {
    let lines = request.cart.lines();
    let same_lines = sale.lines.len() == lines.len()
        && sale.lines.iter().zip(lines).all(|(stored, line)| {
            stored.product_id == line.item.product_id
                && stored.quantity == line.quantity
                && stored.unit_price == line.unit_price
        });
    let same_tenders = same_tenders(&sale.payments, &request.tenders);
    same_lines && same_tenders
}

/// Returns true when `requested` are the tenders that were stored as
/// `stored`: the same count, and each cash tender with the amount handed
/// over and each card tender with the amount charged, in any order.
pub(crate) fn same_tenders(stored: &[Payment], requested: &[Tender]) -> bool {
    if stored.len() != requested.len() {
        return false;
    }
    let mut unmatched: Vec<&Payment> = stored.iter().collect();
    requested.iter().all(|tender| {
        let position = unmatched.iter().position(|payment| match tender {
            Tender::Cash { tendered } => payment.kind == TenderKind::Cash && payment.tendered == *tendered,
            Tender::Card { amount, .. } => payment.kind == TenderKind::Card && payment.amount == *amount,
        });
        position.map(|index| unmatched.swap_remove(index)).is_some()
    })
}

pub(crate) fn completed(sale: &StoredSale, replayed: bool) -> CompletedSale {
    CompletedSale {
        sale_id: sale.id,
        receipt_number: sale.receipt_number.clone(),
        priced: sale.priced(),
        settlement: sale.settlement(),
        replayed,
    }
}

/// Parses a client id as a UUID and returns its lowercase hyphenated form,
/// so one id typed two ways still matches one sale.
pub(crate) fn check_client_id(client_id: &str) -> Result<String, StoreError> {
    uuid::Uuid::parse_str(client_id.trim())
        .map(|id| id.hyphenated().to_string())
        .map_err(|_| {
            StoreError::Invalid(format!(
                "client id \"{client_id}\" is not a UUID: make one when the tender screen opens"
            ))
        })
}

/// Checks every cart line against the products table.
///
/// A cart that arrives as JSON skips the checks `Cart`'s methods make, so the
/// quantity and unit price are checked here again.
fn check_catalog(conn: &Connection, cart: &Cart) -> Result<Vec<CatalogLine>, StoreError> {
    let mut statement = conn.prepare_cached("SELECT sku, name, price_cents, taxable FROM products WHERE id = ?1")?;
    let mut catalog = Vec::with_capacity(cart.lines().len());
    for (index, line) in cart.lines().iter().enumerate() {
        let line_no = index + 1;
        if line.quantity == 0 || line.quantity > MAX_QUANTITY {
            return Err(StoreError::Invalid(format!(
                "line {line_no}: quantity {} is not allowed: use 1 to {MAX_QUANTITY}",
                line.quantity
            )));
        }
        Money::from_cents_checked(line.unit_price.cents())
            .map_err(|error| StoreError::Invalid(format!("line {line_no}: unit price: {error}")))?;
        let row = statement
            .query_row([line.item.product_id], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, Option<i64>>(2)?,
                    row.get::<_, bool>(3)?,
                ))
            })
            .optional()?;
        let Some((sku, name, price_cents, taxable)) = row else {
            return Err(StoreError::NotFound(format!(
                "line {line_no}: {} (product {}) is not in the catalog: remove the line",
                line.item.name, line.item.product_id
            )));
        };
        let Some(list_price_cents) = price_cents else {
            return Err(StoreError::Invalid(format!(
                "line {line_no}: {name} has no price and is not for sale: remove the line"
            )));
        };
        if taxable != line.item.taxable {
            return Err(StoreError::Invalid(format!(
                "line {line_no}: the tax status of {name} changed since it was scanned: remove the line and scan it again"
            )));
        }
        catalog.push(CatalogLine {
            product_id: line.item.product_id,
            sku,
            name,
            list_price_cents,
        });
    }
    Ok(catalog)
}

fn price_overrides(cart: &Cart, catalog: &[CatalogLine]) -> Vec<PriceOverride> {
    cart.lines()
        .iter()
        .zip(catalog)
        .enumerate()
        .filter(|(_, (line, facts))| line.unit_price.cents() != facts.list_price_cents)
        .map(|(index, (line, facts))| PriceOverride {
            line_no: index + 1,
            product_id: facts.product_id,
            old_price_cents: facts.list_price_cents,
            new_price_cents: line.unit_price.cents(),
        })
        .collect()
}

/// Sleeps for the test hook's delay when [`PAUSE_BEFORE_COMMIT_VAR`] is set.
fn pause_before_commit() {
    let Ok(text) = std::env::var(PAUSE_BEFORE_COMMIT_VAR) else {
        return;
    };
    match text.trim().parse::<u64>() {
        Ok(millis) => {
            tracing::warn!(millis, "test hook: pausing before the sale's commit");
            std::thread::sleep(Duration::from_millis(millis));
        }
        Err(_) => tracing::warn!(value = %text, "{PAUSE_BEFORE_COMMIT_VAR} is not a number of milliseconds; ignored"),
    }
}
