-- The online shop: customer accounts and sessions, the shop's catalog,
-- carts, orders with their stock reservations and payments, and the queue
-- of Stripe webhook events.
--
-- Amounts are integer cents, instants UTC RFC 3339 text. Tokens are stored
-- only as SHA-256 hashes (lowercase hex). Customer names, emails and phone
-- numbers sit in their own columns so they can be encrypted later;
-- email_lookup (the SHA-256 of the trimmed, lowercased email) is what
-- uniqueness and log-in search use.

CREATE TABLE customers (
    id            INTEGER PRIMARY KEY,
    email_lookup  TEXT NOT NULL,
    email         TEXT NOT NULL,
    name          TEXT NOT NULL,
    phone         TEXT,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('customer', 'staff', 'admin')),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    CONSTRAINT customers_email_lookup_key UNIQUE (email_lookup)
) STRICT;

CREATE TABLE sessions (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    token_hash  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    ended_at    TEXT,
    end_reason  TEXT,
    CONSTRAINT sessions_token_hash_key UNIQUE (token_hash)
) STRICT;
CREATE INDEX sessions_customer ON sessions (customer_id);

-- Failed log-ins, counted per account and per client address to throttle.
CREATE TABLE login_failures (
    id             INTEGER PRIMARY KEY,
    email_lookup   TEXT NOT NULL,
    client_address TEXT NOT NULL,
    failed_at      TEXT NOT NULL
) STRICT;
CREATE INDEX login_failures_email ON login_failures (email_lookup, failed_at);
CREATE INDEX login_failures_address ON login_failures (client_address, failed_at);

CREATE TABLE password_resets (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    token_hash  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT,
    CONSTRAINT password_resets_token_hash_key UNIQUE (token_hash)
) STRICT;

-- Mail the shop must send (password reset links, order receipts). One row
-- per message and cause, so a retried cause never sends twice. A mail
-- worker sends them and records the outcome.
CREATE TABLE shop_mail_jobs (
    id           INTEGER PRIMARY KEY,
    dedupe_key   TEXT NOT NULL,
    kind         TEXT NOT NULL,
    recipient    TEXT NOT NULL,
    payload      TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    sent_at      TEXT,
    CONSTRAINT shop_mail_jobs_dedupe_key_key UNIQUE (dedupe_key)
) STRICT;

-- The products the shop sells online. stock_reserved counts units held by
-- orders awaiting payment. Rent-to-own terms are set on rentable items.
CREATE TABLE shop_products (
    id                   INTEGER PRIMARY KEY,
    sku                  TEXT NOT NULL,
    name                 TEXT NOT NULL,
    category             TEXT NOT NULL,
    price_cents          INTEGER NOT NULL CHECK (price_cents >= 0),
    taxable              INTEGER NOT NULL CHECK (taxable IN (0, 1)),
    stock_on_hand        INTEGER NOT NULL,
    stock_reserved       INTEGER NOT NULL DEFAULT 0 CHECK (stock_reserved >= 0),
    rto_payment_cents    INTEGER CHECK (rto_payment_cents > 0),
    rto_payment_count    INTEGER CHECK (rto_payment_count > 0),
    rto_interval         TEXT CHECK (rto_interval IN ('weekly', 'monthly')),
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    CONSTRAINT shop_products_sku_key UNIQUE (sku)
) STRICT;
CREATE INDEX shop_products_category ON shop_products (category, name);

CREATE TABLE carts (
    id          INTEGER PRIMARY KEY,
    public_id   TEXT NOT NULL,
    token_hash  TEXT NOT NULL,
    customer_id INTEGER REFERENCES customers (id),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    CONSTRAINT carts_public_id_key UNIQUE (public_id)
) STRICT;

CREATE TABLE cart_items (
    id         INTEGER PRIMARY KEY,
    cart_id    INTEGER NOT NULL REFERENCES carts (id),
    product_id INTEGER NOT NULL REFERENCES shop_products (id),
    quantity   INTEGER NOT NULL CHECK (quantity >= 0),
    updated_at TEXT NOT NULL,
    CONSTRAINT cart_items_cart_product_key UNIQUE (cart_id, product_id)
) STRICT;

-- One order per cart (cart_id is unique), so a checkout sent twice finds
-- the first order. A client's Idempotency-Key is unique as well.
CREATE TABLE orders (
    id                     INTEGER PRIMARY KEY,
    cart_id                INTEGER NOT NULL REFERENCES carts (id),
    idempotency_key        TEXT,
    customer_id            INTEGER REFERENCES customers (id),
    email                  TEXT NOT NULL,
    status                 TEXT NOT NULL,
    subtotal_cents         INTEGER NOT NULL,
    tax_cents              INTEGER NOT NULL,
    total_cents            INTEGER NOT NULL,
    paid_cents             INTEGER NOT NULL DEFAULT 0,
    refunded_cents         INTEGER NOT NULL DEFAULT 0,
    payment_intent_id      TEXT,
    reservation_expires_at TEXT NOT NULL,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    CONSTRAINT orders_cart_id_key UNIQUE (cart_id),
    CONSTRAINT orders_idempotency_key_key UNIQUE (idempotency_key),
    CONSTRAINT orders_payment_intent_id_key UNIQUE (payment_intent_id)
) STRICT;
CREATE INDEX orders_customer ON orders (customer_id, id);
CREATE INDEX orders_status_expiry ON orders (status, reservation_expires_at);

CREATE TABLE order_lines (
    id               INTEGER PRIMARY KEY,
    order_id         INTEGER NOT NULL REFERENCES orders (id),
    product_id       INTEGER NOT NULL REFERENCES shop_products (id),
    sku              TEXT NOT NULL,
    name             TEXT NOT NULL,
    quantity         INTEGER NOT NULL,
    unit_price_cents INTEGER NOT NULL,
    tax_cents        INTEGER NOT NULL,
    total_cents      INTEGER NOT NULL
) STRICT;
CREATE INDEX order_lines_order ON order_lines (order_id);

-- Units held for an order: 'held' until the order is paid ('consumed') or
-- its payment fails or expires ('released').
CREATE TABLE stock_reservations (
    id          INTEGER PRIMARY KEY,
    order_id    INTEGER NOT NULL REFERENCES orders (id),
    product_id  INTEGER NOT NULL REFERENCES shop_products (id),
    quantity    INTEGER NOT NULL CHECK (quantity > 0),
    status      TEXT NOT NULL CHECK (status IN ('held', 'consumed', 'released')),
    created_at  TEXT NOT NULL,
    settled_at  TEXT,
    CONSTRAINT stock_reservations_order_product_key UNIQUE (order_id, product_id)
) STRICT;

-- Money received for an order: one row per PaymentIntent.
CREATE TABLE order_payments (
    id                INTEGER PRIMARY KEY,
    order_id          INTEGER NOT NULL REFERENCES orders (id),
    payment_intent_id TEXT NOT NULL,
    amount_cents      INTEGER NOT NULL,
    event_id          TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    CONSTRAINT order_payments_payment_intent_id_key UNIQUE (payment_intent_id)
) STRICT;

-- Refunds staff asked Stripe for; the key makes a retried request harmless.
CREATE TABLE order_refunds (
    id              INTEGER PRIMARY KEY,
    order_id        INTEGER NOT NULL REFERENCES orders (id),
    idempotency_key TEXT NOT NULL,
    refund_id       TEXT,
    amount_cents    INTEGER NOT NULL,
    requested_by    INTEGER NOT NULL REFERENCES customers (id),
    created_at      TEXT NOT NULL,
    CONSTRAINT order_refunds_idempotency_key_key UNIQUE (idempotency_key)
) STRICT;

-- Every status change of an order and its cause (an event id or a staff
-- action).
CREATE TABLE order_status_changes (
    id          INTEGER PRIMARY KEY,
    order_id    INTEGER NOT NULL REFERENCES orders (id),
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    cause       TEXT NOT NULL,
    changed_at  TEXT NOT NULL
) STRICT;
CREATE INDEX order_status_changes_order ON order_status_changes (order_id);

-- Stripe webhook events, stored once under Stripe's event id and applied
-- by a worker. status: 'pending' (not applied yet, including events whose
-- order is not found yet), 'applied', 'ignored' or 'unusable'.
CREATE TABLE stripe_events (
    id          INTEGER PRIMARY KEY,
    event_id    TEXT NOT NULL,
    event_type  TEXT NOT NULL,
    payload     TEXT NOT NULL,
    status      TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    note        TEXT,
    received_at TEXT NOT NULL,
    applied_at  TEXT,
    CONSTRAINT stripe_events_event_id_key UNIQUE (event_id)
) STRICT;
CREATE INDEX stripe_events_pending ON stripe_events (status, id);
