-- What terminals upload, stored once per client id, with the stock it
-- moved and the change feed that sends changes back to every terminal.

CREATE TABLE sync_records (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The UUID the terminal made when it first wrote the record.
    client_id           TEXT NOT NULL,
    kind                TEXT NOT NULL,
    terminal_id         BIGINT NOT NULL REFERENCES terminals (id),
    -- Copied from the terminal's enrolment, never from the payload.
    store_code          TEXT NOT NULL,
    terminal_code       TEXT NOT NULL,
    -- The store's local date of a sale or return, as the terminal recorded it.
    business_date       TEXT,
    -- A sale's total, or a return's refund as a negative amount.
    sales_cents         BIGINT,
    payload             TEXT NOT NULL,
    -- The terminal's clock when it wrote the record: for reference only.
    terminal_created_at TEXT NOT NULL,
    received_at         TIMESTAMPTZ NOT NULL,
    batch_id            TEXT NOT NULL,
    CONSTRAINT sync_records_client_id_key UNIQUE (client_id)
);

CREATE INDEX sync_records_sales_report ON sync_records (store_code, terminal_code, business_date)
    WHERE sales_cents IS NOT NULL;

-- The server's catalog, which the change feed sends to terminals.
CREATE TABLE catalog_products (
    sku         TEXT PRIMARY KEY,
    barcode     TEXT NOT NULL,
    name        TEXT NOT NULL,
    category    TEXT NOT NULL,
    price_cents BIGINT CHECK (price_cents IS NULL OR price_cents >= 0),
    taxable     BOOLEAN NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

-- Stock per SKU: the sum of every stored movement. It may be negative,
-- because a sale already paid for is never refused for want of stock.
CREATE TABLE stock_levels (
    sku        TEXT PRIMARY KEY,
    on_hand    BIGINT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE stock_movements (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    record_id     BIGINT NOT NULL REFERENCES sync_records (id),
    sku           TEXT NOT NULL,
    delta         BIGINT NOT NULL,
    on_hand_after BIGINT NOT NULL
);

CREATE INDEX stock_movements_sku ON stock_movements (sku);

-- A sale that left a SKU's stock below zero.
CREATE TABLE oversell_alerts (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sku              TEXT NOT NULL,
    record_client_id TEXT NOT NULL,
    on_hand_after    BIGINT NOT NULL,
    raised_at        TIMESTAMPTZ NOT NULL,
    resolved_at      TIMESTAMPTZ,
    CONSTRAINT oversell_alerts_record_sku_key UNIQUE (record_client_id, sku)
);

-- Two records that cannot both hold, such as one serialized unit put on
-- contract at two terminals; a manager settles them.
CREATE TABLE sync_conflicts (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind             TEXT NOT NULL,
    subject          TEXT NOT NULL,
    record_client_id TEXT NOT NULL,
    other_client_id  TEXT NOT NULL,
    raised_at        TIMESTAMPTZ NOT NULL,
    resolved_at      TIMESTAMPTZ,
    CONSTRAINT sync_conflicts_record_key UNIQUE (record_client_id, kind)
);

-- The change feed. Writers take a transaction-level advisory lock before
-- they append, so sequence numbers commit in order and a reader that has seen
-- seq N never later finds a smaller one.
CREATE TABLE changes (
    seq        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entity     TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    data       TEXT NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL
);

-- One row per upload request: both clocks, so a drifting terminal clock
-- can be seen, and what the server did with the batch.
CREATE TABLE sync_log (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    terminal_id    BIGINT NOT NULL REFERENCES terminals (id),
    batch_id       TEXT NOT NULL,
    terminal_time  TEXT NOT NULL,
    server_time    TIMESTAMPTZ NOT NULL,
    records        BIGINT NOT NULL,
    stored         BIGINT NOT NULL,
    already_stored BIGINT NOT NULL,
    rejected       BIGINT NOT NULL
);
