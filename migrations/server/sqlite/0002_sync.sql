-- What terminals upload, stored once per client id, with the stock it
-- moved and the change feed that sends changes back to every terminal.

CREATE TABLE sync_records (
    id                  INTEGER PRIMARY KEY,
    -- The UUID the terminal made when it first wrote the record.
    client_id           TEXT NOT NULL,
    kind                TEXT NOT NULL,
    terminal_id         INTEGER NOT NULL REFERENCES terminals (id),
    -- Copied from the terminal's enrolment, never from the payload.
    store_code          TEXT NOT NULL,
    terminal_code       TEXT NOT NULL,
    -- The store's local date of a sale or return, as the terminal recorded it.
    business_date       TEXT,
    -- A sale's total, or a return's refund as a negative amount.
    sales_cents         INTEGER,
    payload             TEXT NOT NULL,
    -- The terminal's clock when it wrote the record: for reference only.
    terminal_created_at TEXT NOT NULL,
    received_at         TEXT NOT NULL,
    batch_id            TEXT NOT NULL,
    CONSTRAINT sync_records_client_id_key UNIQUE (client_id)
) STRICT;

CREATE INDEX sync_records_sales_report ON sync_records (store_code, terminal_code, business_date)
    WHERE sales_cents IS NOT NULL;

-- The server's catalog, which the change feed sends to terminals.
CREATE TABLE catalog_products (
    sku         TEXT PRIMARY KEY,
    barcode     TEXT NOT NULL,
    name        TEXT NOT NULL,
    category    TEXT NOT NULL,
    price_cents INTEGER CHECK (price_cents IS NULL OR price_cents >= 0),
    taxable     INTEGER NOT NULL CHECK (taxable IN (0, 1)),
    updated_at  TEXT NOT NULL
) STRICT;

-- Stock per SKU: the sum of every stored movement. It may be negative,
-- because a sale already paid for is never refused for want of stock.
CREATE TABLE stock_levels (
    sku        TEXT PRIMARY KEY,
    on_hand    INTEGER NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE stock_movements (
    id            INTEGER PRIMARY KEY,
    record_id     INTEGER NOT NULL REFERENCES sync_records (id),
    sku           TEXT NOT NULL,
    delta         INTEGER NOT NULL,
    on_hand_after INTEGER NOT NULL
) STRICT;

CREATE INDEX stock_movements_sku ON stock_movements (sku);

-- A sale that left a SKU's stock below zero.
CREATE TABLE oversell_alerts (
    id               INTEGER PRIMARY KEY,
    sku              TEXT NOT NULL,
    record_client_id TEXT NOT NULL,
    on_hand_after    INTEGER NOT NULL,
    raised_at        TEXT NOT NULL,
    resolved_at      TEXT,
    CONSTRAINT oversell_alerts_record_sku_key UNIQUE (record_client_id, sku)
) STRICT;

-- Two records that cannot both hold, such as one serialized unit put on
-- contract at two terminals; a manager settles them.
CREATE TABLE sync_conflicts (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL,
    subject          TEXT NOT NULL,
    record_client_id TEXT NOT NULL,
    other_client_id  TEXT NOT NULL,
    raised_at        TEXT NOT NULL,
    resolved_at      TEXT,
    CONSTRAINT sync_conflicts_record_key UNIQUE (record_client_id, kind)
) STRICT;

-- The change feed. Writers take the database's write lock before they
-- append, so sequence numbers commit in order and a reader that has seen
-- seq N never later finds a smaller one.
CREATE TABLE changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    entity     TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    data       TEXT NOT NULL,
    changed_at TEXT NOT NULL
) STRICT;

-- One row per upload request: both clocks, so a drifting terminal clock
-- can be seen, and what the server did with the batch.
CREATE TABLE sync_log (
    id             INTEGER PRIMARY KEY,
    terminal_id    INTEGER NOT NULL REFERENCES terminals (id),
    batch_id       TEXT NOT NULL,
    terminal_time  TEXT NOT NULL,
    server_time    TEXT NOT NULL,
    records        INTEGER NOT NULL,
    stored         INTEGER NOT NULL,
    already_stored INTEGER NOT NULL,
    rejected       INTEGER NOT NULL
) STRICT;
