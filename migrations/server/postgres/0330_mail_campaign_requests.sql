-- The staff's campaign requests by their Idempotency-Key header, so a
-- repeated request returns the campaign it queued before and queues nothing.
CREATE TABLE mail_campaign_requests (
    idempotency_key TEXT PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES mail_campaigns (id),
    created_at TEXT NOT NULL
);
