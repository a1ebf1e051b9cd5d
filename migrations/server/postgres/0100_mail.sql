-- The mail outbox, its delivery history, marketing consent and campaigns.
-- Instants are UTC RFC 3339 text with six fractional digits
-- (2026-11-05T14:00:00.000000Z), so text order is time order.

CREATE TABLE mail_campaigns (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL,
    template TEXT NOT NULL,
    -- The most messages the campaign may send per minute, over all workers.
    rate_per_minute BIGINT NOT NULL CHECK (rate_per_minute > 0),
    recipient_count BIGINT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE marketing_consents (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id BIGINT NOT NULL,
    email TEXT NOT NULL,
    display_name TEXT NOT NULL,
    opted_in_at TEXT NOT NULL,
    -- Where the customer agreed: 'checkout', 'account', 'store_counter' and so on.
    opt_in_source TEXT NOT NULL,
    withdrawn_at TEXT,
    withdrawal_source TEXT,
    unsubscribe_token TEXT NOT NULL UNIQUE
);

CREATE UNIQUE INDEX marketing_consents_active ON marketing_consents (customer_id)
    WHERE withdrawn_at IS NULL;

CREATE TABLE mail_jobs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- A random UUID; the Message-ID and the open-tracking link are made from it.
    message_key TEXT NOT NULL UNIQUE,
    -- The key of the event that caused the mail, so a retried event finds
    -- the earlier job instead of adding a second.
    idempotency_key TEXT UNIQUE,
    category TEXT NOT NULL CHECK (category IN ('transactional', 'marketing')),
    template TEXT NOT NULL,
    customer_id BIGINT,
    campaign_id BIGINT REFERENCES mail_campaigns (id),
    resent_from_job_id BIGINT REFERENCES mail_jobs (id),
    unsubscribe_token TEXT,
    to_name TEXT NOT NULL,
    to_email TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_html TEXT NOT NULL,
    body_text TEXT NOT NULL,
    status TEXT NOT NULL
        CHECK (status IN ('queued', 'sending', 'deferred', 'sent', 'failed', 'cancelled')),
    attempts BIGINT NOT NULL DEFAULT 0,
    max_attempts BIGINT NOT NULL CHECK (max_attempts > 0),
    next_attempt_at TEXT NOT NULL,
    -- Set while a worker holds the job: the claim's token and the end of its lease.
    lease_token TEXT,
    locked_until TEXT,
    smtp_code BIGINT,
    smtp_reply TEXT,
    last_error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    sent_at TEXT,
    bounced_at TEXT,
    opened_at TEXT
);

CREATE INDEX mail_jobs_due ON mail_jobs (status, next_attempt_at);
CREATE INDEX mail_jobs_lease ON mail_jobs (locked_until) WHERE status = 'sending';

CREATE TABLE mail_attachments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id BIGINT NOT NULL REFERENCES mail_jobs (id),
    position BIGINT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    content BYTEA NOT NULL,
    UNIQUE (job_id, position)
);

-- Every change of a job's status, with the SMTP reply or the error behind it.
CREATE TABLE mail_job_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id BIGINT NOT NULL REFERENCES mail_jobs (id),
    status TEXT NOT NULL,
    attempt BIGINT NOT NULL,
    smtp_code BIGINT,
    smtp_reply TEXT,
    error TEXT,
    at TEXT NOT NULL
);

CREATE INDEX mail_job_events_job ON mail_job_events (job_id);
