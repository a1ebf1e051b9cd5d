-- A refund Stripe rejected or did not answer. The row stays, so a retry
-- under the same idempotency key reuses it and its Stripe idempotency key,
-- but it counts as refunded only once refund_id is set, which also clears
-- these columns.
ALTER TABLE order_refunds ADD COLUMN failed_at TEXT;
ALTER TABLE order_refunds ADD COLUMN failure TEXT;
