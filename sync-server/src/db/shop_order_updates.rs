//! Moving an order through its states, with the stock, payment and mail
//! rows each change needs, in one transaction per change.

use giggatek_domain::{Money, OrderEvent, OrderStatus, Transition, TransitionError, order};
use giggatek_mail::jobs::NewMail;
use sqlx::Row;

use crate::db::shop_sql::with_pool;
use crate::db::shop_stock::consume_reservations;
use crate::db::{Database, mail_jobs};

/// A change to apply to an order.
#[derive(Debug, Clone)]
pub struct OrderChange<'a> {
    pub order_id: i64,
    pub event: OrderEvent,
    /// What caused it, for the status history: a Stripe event id or
    /// `staff:ID`.
    pub cause: &'a str,
    /// The PaymentIntent of a payment event, recorded with the payment and
    /// linked to the order if it has none yet.
    pub payment_intent_id: Option<&'a str>,
}

/// What applying a change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeOutcome {
    Changed { from: OrderStatus, to: OrderStatus },
    Unchanged(OrderStatus),
    Rejected(TransitionError),
    OrderMissing,
}

/// Applies `change` to its order in one transaction, with no mail.
pub async fn apply(db: &Database, change: &OrderChange<'_>, now: &str) -> Result<ChangeOutcome, sqlx::Error> {
    apply_with_mail(db, change, None, now).await
}

/// Applies `change` to its order in one transaction. When the change makes
/// the order paid, `paid_mail` (the order's confirmation) is queued in the
/// same transaction; otherwise it is dropped.
///
/// The transaction starts by writing the order's row, which takes SQLite's
/// write lock or PostgreSQL's row lock before the status is read, so two
/// concurrent changes of one order run one after the other and each reads
/// the other's result.
pub async fn apply_with_mail(
    db: &Database,
    change: &OrderChange<'_>,
    paid_mail: Option<&NewMail>,
    now: &str,
) -> Result<ChangeOutcome, sqlx::Error> {
    // A payment appends stock changes to the change feed, which needs the
    // feed's write lock. SQLite takes it with the first write below.
    // PostgreSQL takes the advisory lock here, before any row lock.
    let takes_feed_lock =
        matches!(db, Database::Postgres(_)) && matches!(change.event, OrderEvent::PaymentSucceeded { .. });
    with_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        if takes_feed_lock {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(crate::db::WRITE_LOCK_KEY)
                .execute(&mut *tx)
                .await?;
        }
        let locked = sqlx::query("UPDATE orders SET updated_at = $2 WHERE id = $1")
            .bind(change.order_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        if locked.rows_affected() != 1 {
            tx.rollback().await?;
            return Ok(ChangeOutcome::OrderMissing);
        }
        let row = sqlx::query("SELECT status, total_cents FROM orders WHERE id = $1")
            .bind(change.order_id)
            .fetch_one(&mut *tx)
            .await?;
        let status_text: String = row.try_get("status")?;
        let total = Money::from_cents(row.try_get("total_cents")?);
        let Some(status) = OrderStatus::parse(&status_text) else {
            tx.rollback().await?;
            return Err(sqlx::Error::Decode(format!("order {} has an unknown status {status_text:?}", change.order_id).into()));
        };

        if let OrderEvent::Refunded { refunded_total } = change.event {
            sqlx::query(
                "UPDATE orders SET refunded_cents = CASE WHEN refunded_cents < $2 THEN $2 ELSE refunded_cents END WHERE id = $1",
            )
            .bind(change.order_id)
            .bind(refunded_total.cents())
            .execute(&mut *tx)
            .await?;
        }

        let target = match order::apply(status, total, change.event) {
            Transition::To(target) => target,
            Transition::Unchanged => {
                tx.commit().await?;
                return Ok(ChangeOutcome::Unchanged(status));
            }
            Transition::Rejected(error) => {
                tx.rollback().await?;
                return Ok(ChangeOutcome::Rejected(error));
            }
        };

        sqlx::query("UPDATE orders SET status = $2 WHERE id = $1")
            .bind(change.order_id)
            .bind(target.as_str())
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO order_status_changes (order_id, from_status, to_status, cause, changed_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(change.order_id)
        .bind(status.as_str())
        .bind(target.as_str())
        .bind(change.cause)
        .bind(now)
        .execute(&mut *tx)
        .await?;

        if let (OrderStatus::Paid, OrderEvent::PaymentSucceeded { amount }) = (target, change.event) {
            let payment_intent_id = change.payment_intent_id.unwrap_or("");
            sqlx::query(
                "INSERT INTO order_payments (order_id, payment_intent_id, amount_cents, event_id, created_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
            )
            .bind(change.order_id)
            .bind(payment_intent_id)
            .bind(amount.cents())
            .bind(change.cause)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE orders SET paid_cents = $2, payment_intent_id = CASE WHEN payment_intent_id IS NULL THEN $3 ELSE payment_intent_id END \
                 WHERE id = $1",
            )
            .bind(change.order_id)
            .bind(amount.cents())
            .bind(payment_intent_id)
            .execute(&mut *tx)
            .await?;
            consume_reservations!(tx, change.order_id, now);
            if let Some(mail) = paid_mail {
                mail_jobs::enqueue(&mut tx, mail, now).await?;
            }
        }

        if target == OrderStatus::Cancelled {
            sqlx::query(
                "UPDATE shop_products SET stock_reserved = stock_reserved - (SELECT r.quantity FROM stock_reservations r \
                    WHERE r.order_id = $1 AND r.product_id = shop_products.id) \
                 WHERE id IN (SELECT product_id FROM stock_reservations WHERE order_id = $1 AND status = 'held')",
            )
            .bind(change.order_id)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE stock_reservations SET status = 'released', settled_at = $2 WHERE order_id = $1 AND status = 'held'",
            )
            .bind(change.order_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }

        tx.commit().await?;
        Ok(ChangeOutcome::Changed { from: status, to: target })
    })
}
