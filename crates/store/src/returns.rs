//! Returns: units of a sold line coming back, refunded to the original
//! tenders and put back in stock.

mod load;

use std::collections::{HashMap, HashSet};

use giggatek_domain::{Money, Payment, RefundableTender, SoldLine, TenderKind, refund_line, refund_to_tenders};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::audit::{self, NewAuditEntry};
use crate::cash_movements::check_reason;
use crate::clock::{business_date, format_instant, time_zone};
use crate::db::Store;
use crate::error::StoreError;
use crate::receipts::next_receipt_number;
use crate::sales::{StoredSale, check_client_id, id_by_receipt_number, load_sale};
use crate::shifts::require_open;
use crate::staff::{Staff, require_active, require_manager};
use crate::stock::{self, Movement, StockReason};
use crate::{outbox, settings};

pub(crate) use load::{StoredReturn, TenderLedger, id_by_receipt_number as return_id_by_receipt_number};
pub(crate) use load::{return_ids_of_sale, stored_return};

/// A sold line as the return screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReturnableLine {
    pub line_no: u32,
    pub product_id: i64,
    pub sku: String,
    pub name: String,
    pub quantity_sold: u32,
    /// Units already returned on earlier returns.
    pub quantity_returned: u32,
    pub unit_price: Money,
    /// Net amount of the whole line: its price after discounts, before tax.
    pub net: Money,
    pub tax: Money,
}

/// A sale looked up for a return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SaleForReturn {
    pub sale_id: i64,
    pub receipt_number: String,
    /// UTC RFC 3339 instant of the sale.
    pub sold_at: String,
    pub lines: Vec<ReturnableLine>,
    pub payments: Vec<Payment>,
}

/// Units of one sold line coming back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnLine {
    /// The line's number on the original receipt, from 1.
    pub line_no: u32,
    pub quantity: u32,
}

/// A return as the return screen submits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnRequest {
    /// A UUID the caller made when the return screen opened.
    pub client_id: String,
    /// The original sale's receipt number.
    pub receipt_number: String,
    pub lines: Vec<ReturnLine>,
    pub clerk: Staff,
    /// The manager who approved the refund.
    pub manager: Staff,
    pub reason: String,
}

/// A stored return, as recorded now or earlier under the same client id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompletedReturn {
    pub return_id: i64,
    /// The refund receipt's own number, from the same sequence as sales.
    pub receipt_number: String,
    pub net: Money,
    pub tax: Money,
    pub total: Money,
    /// Amount refunded per tender, cards first in the order they were taken.
    pub refunds: Vec<(TenderKind, Money)>,
    /// True when the client id was already stored and nothing was written.
    pub replayed: bool,
}

impl Store {
    /// Looks up a sale by receipt number with what each line can still take
    /// back.
    pub fn sale_for_return(&self, receipt_number: &str) -> Result<SaleForReturn, StoreError> {
        let sale = find_sale(&self.conn, receipt_number)?;
        let returned = returned_quantities(&self.conn, sale.id)?;
        Ok(SaleForReturn {
            sale_id: sale.id,
            receipt_number: sale.receipt_number.clone(),
            sold_at: sale.created_at.clone(),
            lines: sale
                .lines
                .iter()
                .map(|line| ReturnableLine {
                    line_no: line.line_no,
                    product_id: line.product_id,
                    sku: line.sku.clone(),
                    name: line.name.clone(),
                    quantity_sold: line.quantity,
                    quantity_returned: returned.get(&line.line_no).copied().unwrap_or(0),
                    unit_price: line.unit_price,
                    net: line.net,
                    tax: line.tax,
                })
                .collect(),
            payments: sale.payments,
        })
    }

    /// Records a return approved by a manager: refunds each line's share of
    /// net and tax (never more than sold, counting earlier returns) to the
    /// original tenders, restocks the units, and queues the return for
    /// upload, in one transaction.
    ///
    /// A client id already stored returns that return with `replayed: true`
    /// and writes nothing.
    pub fn record_return(&mut self, request: &ReturnRequest) -> Result<CompletedReturn, StoreError> {
        let client_id = check_client_id(&request.client_id)?;
        let reason = check_reason(&request.reason)?;
        check_lines(&request.lines)?;
        let now = self.now();
        let tx = self.write()?;
        if let Some(return_id) = load::id_by_client_id(&tx, &client_id)? {
            let stored = load::stored_return(&tx, return_id)?;
            tracing::info!(return_id, "return already recorded; returning it");
            return Ok(completed(stored, true));
        }
        outbox::ensure_unused(&tx, &client_id)?;

        let settings = settings::load(&tx)?;
        let zone = time_zone(&settings.time_zone)?;
        let shift_id = require_open(&tx)?;
        require_active(&tx, &request.clerk)?;
        require_manager(&tx, &request.manager)?;
        let sale = find_sale(&tx, &request.receipt_number)?;
        let returned = returned_quantities(&tx, sale.id)?;

        let mut refunds_by_line = Vec::with_capacity(request.lines.len());
        for requested in &request.lines {
            let line = sale
                .lines
                .iter()
                .find(|line| line.line_no == requested.line_no)
                .ok_or_else(|| {
                    StoreError::Invalid(format!(
                        "receipt {} has no line {}: pick a line from the receipt",
                        sale.receipt_number, requested.line_no
                    ))
                })?;
            let sold = SoldLine {
                quantity: line.quantity,
                net: line.net,
                tax: line.tax,
            };
            let already = returned.get(&line.line_no).copied().unwrap_or(0);
            let refund = refund_line(sold, already, requested.quantity)
                .map_err(|error| StoreError::Invalid(format!("line {} ({}): {error}", line.line_no, line.name)))?;
            refunds_by_line.push((line, refund));
        }
        let net: Money = refunds_by_line.iter().map(|(_, refund)| refund.net).sum();
        let tax: Money = refunds_by_line.iter().map(|(_, refund)| refund.tax).sum();
        let total = net + tax;

        let ledger = ledger_before(&tx, &sale, None)?;
        let refundable: Vec<RefundableTender> = sale
            .payments
            .iter()
            .zip(&ledger.remaining)
            .map(|(payment, left)| RefundableTender {
                kind: payment.kind,
                refundable: *left,
            })
            .collect();
        let refunds = refund_to_tenders(total, &refundable, settings.cash_rounding);
        let receipt_number = next_receipt_number(&tx, &settings)?;
        let created_at = format_instant(now);
        let business_day = business_date(now, &zone);

        tx.execute(
            "INSERT INTO returns (client_id, receipt_number, sale_id, shift_id, staff_id, approved_by, created_at,
                 business_date, net_cents, tax_cents, total_cents, reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                client_id,
                receipt_number,
                sale.id,
                shift_id,
                request.clerk.id,
                request.manager.id,
                created_at,
                business_day,
                net.cents(),
                tax.cents(),
                total.cents(),
                reason
            ],
        )?;
        let return_id = tx.last_insert_rowid();
        let mut line_rows = Vec::with_capacity(refunds_by_line.len());
        for (line, refund) in &refunds_by_line {
            tx.execute(
                "INSERT INTO return_lines (return_id, sale_id, line_no, quantity, net_cents, tax_cents)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    return_id,
                    sale.id,
                    line.line_no,
                    refund.quantity,
                    refund.net.cents(),
                    refund.tax.cents()
                ],
            )?;
            stock::record(
                &tx,
                now,
                &Movement {
                    product_id: line.product_id,
                    delta: i64::from(refund.quantity),
                    reason: StockReason::Return,
                    sale_id: None,
                    return_id: Some(return_id),
                },
            )?;
            line_rows.push(json!({
                "line_no": line.line_no,
                "product_id": line.product_id,
                "sku": line.sku,
                "quantity": refund.quantity,
                "net_cents": refund.net.cents(),
                "tax_cents": refund.tax.cents(),
                "stock_delta": refund.quantity,
            }));
        }
        let mut refund_rows = Vec::with_capacity(refunds.len());
        for (seq, (kind, amount)) in (1_i64..).zip(&refunds) {
            tx.execute(
                "INSERT INTO refunds (return_id, seq, tender, amount_cents) VALUES (?1, ?2, ?3, ?4)",
                params![return_id, seq, kind.as_str(), amount.cents()],
            )?;
            refund_rows.push(json!({ "seq": seq, "tender": kind.as_str(), "amount_cents": amount.cents() }));
        }
        let payload = json!({
            "client_id": client_id,
            "receipt_number": receipt_number,
            "sale_client_id": sale.client_id,
            "sale_receipt_number": sale.receipt_number,
            "shift_id": shift_id,
            "staff_id": request.clerk.id,
            "approved_by": request.manager.id,
            "created_at": created_at,
            "business_date": business_day,
            "net_cents": net.cents(),
            "tax_cents": tax.cents(),
            "total_cents": total.cents(),
            "reason": reason,
            "lines": line_rows,
            "refunds": refund_rows,
        });
        outbox::enqueue(&tx, now, &client_id, "return", &payload)?;
        audit::record(
            &tx,
            now,
            NewAuditEntry {
                staff_id: Some(request.clerk.id),
                approved_by: Some(request.manager.id),
                action: "refund_issued",
                subject: &receipt_number,
                detail: json!({
                    "original_receipt_number": sale.receipt_number,
                    "total_cents": total.cents(),
                    "refunds": refund_rows,
                    "reason": reason,
                }),
            },
        )?;
        tx.commit()?;
        tracing::info!(return_id, receipt_number = %receipt_number, sale_id = sale.id, "return recorded");
        Ok(CompletedReturn {
            return_id,
            receipt_number,
            net,
            tax,
            total,
            refunds,
            replayed: false,
        })
    }
}

/// Replays a sale's earlier returns, oldest first, up to `before`, to learn
/// what each of its payments can still take back.
pub(crate) fn ledger_before(
    conn: &Connection,
    sale: &StoredSale,
    before: Option<i64>,
) -> Result<TenderLedger, StoreError> {
    let mut ledger = TenderLedger::new(&sale.payments);
    for return_id in return_ids_of_sale(conn, sale.id, before)? {
        let earlier = stored_return(conn, return_id)?;
        ledger.apply(&sale.payments, &earlier.refunds);
    }
    Ok(ledger)
}

fn completed(stored: StoredReturn, replayed: bool) -> CompletedReturn {
    CompletedReturn {
        return_id: stored.id,
        receipt_number: stored.receipt_number,
        net: stored.net,
        tax: stored.tax,
        total: stored.total,
        refunds: stored.refunds,
        replayed,
    }
}

fn find_sale(conn: &Connection, receipt_number: &str) -> Result<StoredSale, StoreError> {
    let receipt_number = receipt_number.trim();
    let sale_id = id_by_receipt_number(conn, receipt_number)?.ok_or_else(|| {
        StoreError::NotFound(format!(
            "no sale has receipt number \"{receipt_number}\": check the number on the customer's receipt"
        ))
    })?;
    load_sale(conn, sale_id)
}

/// Sums the units already returned per line number of a sale.
fn returned_quantities(conn: &Connection, sale_id: i64) -> Result<HashMap<u32, u32>, StoreError> {
    let mut statement =
        conn.prepare_cached("SELECT line_no, sum(quantity) FROM return_lines WHERE sale_id = ?1 GROUP BY line_no")?;
    let rows = statement.query_map([sale_id], |row| Ok((row.get::<_, i64>(0)?, row.get::<_, i64>(1)?)))?;
    let mut returned = HashMap::new();
    for row in rows {
        let (line_no, quantity) = row?;
        returned.insert(
            crate::sales::to_u32(line_no, "line number")?,
            crate::sales::to_u32(quantity, "returned quantity")?,
        );
    }
    Ok(returned)
}

/// Rejects an empty return and a line named twice.
fn check_lines(lines: &[ReturnLine]) -> Result<(), StoreError> {
    if lines.is_empty() {
        return Err(StoreError::Invalid(
            "the return has no lines: pick at least one line".to_string(),
        ));
    }
    let mut seen = HashSet::new();
    for line in lines {
        if !seen.insert(line.line_no) {
            return Err(StoreError::Invalid(format!(
                "line {} is listed twice: give each line once with the total quantity",
                line.line_no
            )));
        }
    }
    Ok(())
}
