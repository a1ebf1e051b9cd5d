//! Cash put into or taken out of the drawer outside a sale, and no-sale
//! drawer opens.

use giggatek_domain::Money;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde_json::json;

use crate::audit::{self, NewAuditEntry};
use crate::clock::format_instant;
use crate::db::Store;
use crate::error::StoreError;
use crate::outbox::{self, new_client_id};
use crate::sales::check_client_id;
use crate::shifts::require_open;
use crate::staff::{Staff, require_active, require_manager};

/// Maximum length of a reason, in characters.
const MAX_REASON_CHARS: usize = 200;

/// The kind of a cash movement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CashMovementKind {
    PaidIn,
    PaidOut,
    NoSale,
}

impl CashMovementKind {
    fn as_str(self) -> &'static str {
        match self {
            CashMovementKind::PaidIn => "paid_in",
            CashMovementKind::PaidOut => "paid_out",
            CashMovementKind::NoSale => "no_sale",
        }
    }
}

/// A cash movement as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CashMovement {
    pub id: i64,
    pub shift_id: i64,
    pub kind: CashMovementKind,
    /// Zero for a no-sale open.
    pub amount: Money,
    pub reason: String,
    pub staff_id: i64,
    pub approved_by: Option<i64>,
}

impl Store {
    /// Records cash put into the drawer, such as change brought from the safe.
    pub fn paid_in(&mut self, staff: &Staff, amount: Money, reason: &str) -> Result<CashMovement, StoreError> {
        self.move_cash(&new_client_id(), staff, None, CashMovementKind::PaidIn, amount, reason)
    }

    /// Records cash taken out of the drawer, such as a delivery paid in cash.
    pub fn paid_out(&mut self, staff: &Staff, amount: Money, reason: &str) -> Result<CashMovement, StoreError> {
        self.move_cash(&new_client_id(), staff, None, CashMovementKind::PaidOut, amount, reason)
    }

    /// Records a drawer open without a sale; a manager must approve it.
    pub fn no_sale(&mut self, staff: &Staff, manager: &Staff, reason: &str) -> Result<CashMovement, StoreError> {
        self.move_cash(
            &new_client_id(),
            staff,
            Some(manager),
            CashMovementKind::NoSale,
            Money::ZERO,
            reason,
        )
    }

    /// Records a cash movement under a client id made by the caller, so a
    /// retry with the same id returns the movement already stored instead
    /// of moving the cash twice. The same id with another kind or amount is
    /// a conflict.
    pub fn record_cash_movement(
        &mut self,
        client_id: &str,
        staff: &Staff,
        manager: Option<&Staff>,
        kind: CashMovementKind,
        amount: Money,
        reason: &str,
    ) -> Result<CashMovement, StoreError> {
        let client_id = check_client_id(client_id)?;
        self.move_cash(&client_id, staff, manager, kind, amount, reason)
    }

    fn move_cash(
        &mut self,
        client_id: &str,
        staff: &Staff,
        manager: Option<&Staff>,
        kind: CashMovementKind,
        amount: Money,
        reason: &str,
    ) -> Result<CashMovement, StoreError> {
        let reason = check_reason(reason)?;
        let amount = Money::from_cents_checked(amount.cents())
            .map_err(|error| StoreError::Invalid(format!("{}: {error}", kind.as_str().replace('_', " "))))?;
        if kind != CashMovementKind::NoSale && amount.is_zero() {
            return Err(StoreError::Invalid(format!(
                "{} of 0.00 is invalid: enter the amount of cash",
                kind.as_str().replace('_', " ")
            )));
        }

        let now = self.now();
        let tx = self.write()?;
        if let Some(stored) = find_by_client_id(&tx, client_id)? {
            if stored.kind != kind || stored.amount != amount {
                return Err(StoreError::Conflict(format!(
                    "client id {client_id} already belongs to a {} of {}: make a new id for this one",
                    stored.kind.as_str().replace('_', " "),
                    stored.amount
                )));
            }
            return Ok(stored);
        }
        outbox::ensure_unused(&tx, client_id)?;
        require_active(&tx, staff)?;
        if let Some(manager) = manager {
            require_manager(&tx, manager)?;
        }
        let shift_id = require_open(&tx)?;
        if kind == CashMovementKind::PaidOut {
            let in_drawer = crate::shifts::expected_cash(&tx, shift_id)?;
            if amount > in_drawer {
                return Err(StoreError::Invalid(format!(
                    "paid out of {amount} is more than the {in_drawer} the drawer should hold: \
                     count the drawer and enter a smaller amount"
                )));
            }
        }

        let approved_by = manager.map(|m| m.id);
        tx.execute(
            "INSERT INTO cash_movements (client_id, shift_id, kind, amount_cents, reason, staff_id, approved_by, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                client_id,
                shift_id,
                kind.as_str(),
                amount.cents(),
                reason,
                staff.id,
                approved_by,
                format_instant(now)
            ],
        )?;
        let id = tx.last_insert_rowid();
        let payload = json!({
            "client_id": client_id,
            "shift_id": shift_id,
            "kind": kind.as_str(),
            "amount_cents": amount.cents(),
            "reason": reason,
            "staff_id": staff.id,
            "approved_by": approved_by,
            "created_at": format_instant(now),
        });
        outbox::enqueue(&tx, now, client_id, "cash_movement", &payload)?;

        audit::record(
            &tx,
            now,
            NewAuditEntry {
                staff_id: Some(staff.id),
                approved_by,
                action: kind.as_str(),
                subject: &shift_id.to_string(),
                detail: json!({ "amount_cents": amount.cents(), "reason": reason }),
            },
        )?;
        tx.commit()?;
        Ok(CashMovement {
            id,
            shift_id,
            kind,
            amount,
            reason,
            staff_id: staff.id,
            approved_by,
        })
    }
}

fn find_by_client_id(conn: &Connection, client_id: &str) -> Result<Option<CashMovement>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT id, shift_id, kind, amount_cents, reason, staff_id, approved_by FROM cash_movements WHERE client_id = ?1",
    )?;
    let row = statement
        .query_row([client_id], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, i64>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, i64>(5)?,
                row.get::<_, Option<i64>>(6)?,
            ))
        })
        .optional()?;
    let Some((id, shift_id, kind, amount_cents, reason, staff_id, approved_by)) = row else {
        return Ok(None);
    };
    let kind = match kind.as_str() {
        "paid_in" => CashMovementKind::PaidIn,
        "paid_out" => CashMovementKind::PaidOut,
        "no_sale" => CashMovementKind::NoSale,
        other => {
            return Err(StoreError::Corrupt(format!(
                "cash movement {id} has an unknown kind {other:?}"
            )));
        }
    };
    Ok(Some(CashMovement {
        id,
        shift_id,
        kind,
        amount: Money::from_cents(amount_cents),
        reason,
        staff_id,
        approved_by,
    }))
}

/// Trims a reason and checks it is given and not too long.
pub(crate) fn check_reason(reason: &str) -> Result<String, StoreError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(StoreError::Invalid("a reason is required: type why".to_string()));
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(StoreError::Invalid(format!(
            "the reason is too long: use at most {MAX_REASON_CHARS} characters"
        )));
    }
    Ok(reason.to_string())
}
