-- The terminal's store. Amounts are integer cents (*_cents), rates are
-- millionths (*_millionths), instants are UTC RFC 3339 text (*_at), business
-- dates are the store's local YYYY-MM-DD. Rows are never deleted: they
-- change state, and the change is in audit_log.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) STRICT;

CREATE TABLE products (
    id            INTEGER PRIMARY KEY,
    sku           TEXT NOT NULL UNIQUE,
    barcode       TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    category      TEXT NOT NULL,
    -- NULL: not for sale (the catalog row had no price).
    price_cents   INTEGER CHECK (price_cents IS NULL OR price_cents >= 0),
    taxable       INTEGER NOT NULL DEFAULT 1 CHECK (taxable IN (0, 1)),
    stock_on_hand INTEGER NOT NULL DEFAULT 0,
    -- The catalog file's other columns, as a JSON object of strings.
    attributes    TEXT NOT NULL DEFAULT '{}',
    -- Identity of the imported row: file, hash of its non-price fields, and
    -- the occurrence of identical rows. NULL for products added by hand.
    source_key    TEXT UNIQUE,
    -- Bumped on every change, for the change feed a server will read.
    change_seq    INTEGER NOT NULL DEFAULT 0,
    updated_at    TEXT NOT NULL
) STRICT;

CREATE INDEX products_category ON products (category);

CREATE VIRTUAL TABLE products_fts USING fts5 (
    name, sku,
    content = 'products', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER products_fts_insert AFTER INSERT ON products BEGIN
    INSERT INTO products_fts (rowid, name, sku) VALUES (new.id, new.name, new.sku);
END;
CREATE TRIGGER products_fts_delete AFTER DELETE ON products BEGIN
    INSERT INTO products_fts (products_fts, rowid, name, sku) VALUES ('delete', old.id, old.name, old.sku);
END;
CREATE TRIGGER products_fts_update AFTER UPDATE OF name, sku ON products BEGIN
    INSERT INTO products_fts (products_fts, rowid, name, sku) VALUES ('delete', old.id, old.name, old.sku);
    INSERT INTO products_fts (rowid, name, sku) VALUES (new.id, new.name, new.sku);
END;

CREATE TABLE staff (
    id         INTEGER PRIMARY KEY,
    -- Short number the clerk types or picks at sign-in.
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('clerk', 'manager')),
    -- Argon2id PHC string; the PIN itself is never stored.
    pin_hash   TEXT NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE shifts (
    id                  INTEGER PRIMARY KEY,
    client_id           TEXT NOT NULL UNIQUE,
    status              TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    opened_at           TEXT NOT NULL,
    opened_by           INTEGER NOT NULL REFERENCES staff (id),
    opening_float_cents INTEGER NOT NULL CHECK (opening_float_cents >= 0),
    closed_at           TEXT,
    closed_by           INTEGER REFERENCES staff (id),
    counted_cash_cents  INTEGER CHECK (counted_cash_cents >= 0),
    counted_card_cents  INTEGER CHECK (counted_card_cents >= 0),
    -- The Z report as printed, JSON.
    z_report            TEXT
) STRICT;

-- One open shift per terminal at a time.
CREATE UNIQUE INDEX shifts_one_open ON shifts (status) WHERE status = 'open';

CREATE TABLE cash_movements (
    id           INTEGER PRIMARY KEY,
    client_id    TEXT NOT NULL UNIQUE,
    shift_id     INTEGER NOT NULL REFERENCES shifts (id),
    kind         TEXT NOT NULL CHECK (kind IN ('paid_in', 'paid_out', 'no_sale')),
    amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
    reason       TEXT NOT NULL,
    staff_id     INTEGER NOT NULL REFERENCES staff (id),
    approved_by  INTEGER REFERENCES staff (id),
    created_at   TEXT NOT NULL
) STRICT;

CREATE TABLE sales (
    id                   INTEGER PRIMARY KEY,
    -- UUIDv7 made when the tender screen opened: a retried completion
    -- carries the same id and finds the sale already recorded.
    client_id            TEXT NOT NULL UNIQUE,
    receipt_number       TEXT NOT NULL UNIQUE,
    shift_id             INTEGER NOT NULL REFERENCES shifts (id),
    staff_id             INTEGER NOT NULL REFERENCES staff (id),
    created_at           TEXT NOT NULL,
    business_date        TEXT NOT NULL,
    subtotal_cents       INTEGER NOT NULL CHECK (subtotal_cents >= 0),
    discount_cents       INTEGER NOT NULL CHECK (discount_cents >= 0),
    tax_cents            INTEGER NOT NULL CHECK (tax_cents >= 0),
    rounding_cents       INTEGER NOT NULL,
    total_cents          INTEGER NOT NULL CHECK (total_cents >= 0),
    change_cents         INTEGER NOT NULL CHECK (change_cents >= 0),
    tax_rate_millionths  INTEGER NOT NULL,
    tax_rounding         TEXT NOT NULL CHECK (tax_rounding IN ('per_line', 'per_invoice')),
    -- The cart discount as given (JSON), NULL when none.
    cart_discount        TEXT
) STRICT;

CREATE INDEX sales_shift ON sales (shift_id);
CREATE INDEX sales_business_date ON sales (business_date);

CREATE TABLE sale_lines (
    sale_id             INTEGER NOT NULL REFERENCES sales (id),
    line_no             INTEGER NOT NULL CHECK (line_no >= 1),
    product_id          INTEGER NOT NULL REFERENCES products (id),
    sku                 TEXT NOT NULL,
    name                TEXT NOT NULL,
    quantity            INTEGER NOT NULL CHECK (quantity >= 1),
    list_price_cents    INTEGER NOT NULL CHECK (list_price_cents >= 0),
    unit_price_cents    INTEGER NOT NULL CHECK (unit_price_cents >= 0),
    line_discount_cents INTEGER NOT NULL CHECK (line_discount_cents >= 0),
    cart_discount_cents INTEGER NOT NULL CHECK (cart_discount_cents >= 0),
    net_cents           INTEGER NOT NULL CHECK (net_cents >= 0),
    tax_cents           INTEGER NOT NULL CHECK (tax_cents >= 0),
    -- The line discount as given (JSON), NULL when none.
    discount            TEXT,
    PRIMARY KEY (sale_id, line_no)
) STRICT;

CREATE TABLE payments (
    id             INTEGER PRIMARY KEY,
    sale_id        INTEGER NOT NULL REFERENCES sales (id),
    seq            INTEGER NOT NULL,
    tender         TEXT NOT NULL CHECK (tender IN ('cash', 'card')),
    amount_cents   INTEGER NOT NULL CHECK (amount_cents >= 0),
    tendered_cents INTEGER NOT NULL CHECK (tendered_cents >= 0),
    change_cents   INTEGER NOT NULL CHECK (change_cents >= 0),
    -- Card tenders only: never a full card number.
    approval_code  TEXT,
    last4          TEXT CHECK (last4 IS NULL OR length(last4) = 4),
    UNIQUE (sale_id, seq)
) STRICT;

CREATE TABLE returns (
    id             INTEGER PRIMARY KEY,
    client_id      TEXT NOT NULL UNIQUE,
    receipt_number TEXT NOT NULL UNIQUE,
    sale_id        INTEGER NOT NULL REFERENCES sales (id),
    shift_id       INTEGER NOT NULL REFERENCES shifts (id),
    staff_id       INTEGER NOT NULL REFERENCES staff (id),
    approved_by    INTEGER NOT NULL REFERENCES staff (id),
    created_at     TEXT NOT NULL,
    business_date  TEXT NOT NULL,
    net_cents      INTEGER NOT NULL CHECK (net_cents >= 0),
    tax_cents      INTEGER NOT NULL CHECK (tax_cents >= 0),
    total_cents    INTEGER NOT NULL CHECK (total_cents >= 0),
    reason         TEXT NOT NULL
) STRICT;

CREATE TABLE return_lines (
    return_id INTEGER NOT NULL REFERENCES returns (id),
    sale_id   INTEGER NOT NULL,
    line_no   INTEGER NOT NULL,
    quantity  INTEGER NOT NULL CHECK (quantity >= 1),
    net_cents INTEGER NOT NULL CHECK (net_cents >= 0),
    tax_cents INTEGER NOT NULL CHECK (tax_cents >= 0),
    PRIMARY KEY (return_id, line_no),
    FOREIGN KEY (sale_id, line_no) REFERENCES sale_lines (sale_id, line_no)
) STRICT;

CREATE INDEX return_lines_sale_line ON return_lines (sale_id, line_no);

CREATE TABLE refunds (
    id           INTEGER PRIMARY KEY,
    return_id    INTEGER NOT NULL REFERENCES returns (id),
    seq          INTEGER NOT NULL,
    tender       TEXT NOT NULL CHECK (tender IN ('cash', 'card')),
    amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
    UNIQUE (return_id, seq)
) STRICT;

-- Stock changes are deltas, so terminals' changes add up on the server.
CREATE TABLE stock_movements (
    id         INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products (id),
    delta      INTEGER NOT NULL,
    reason     TEXT NOT NULL CHECK (reason IN ('sale', 'return', 'receiving', 'adjustment')),
    sale_id    INTEGER REFERENCES sales (id),
    return_id  INTEGER REFERENCES returns (id),
    created_at TEXT NOT NULL
) STRICT;

CREATE INDEX stock_movements_product ON stock_movements (product_id);

-- Immutable records waiting for upload, in the order they were written.
CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    client_id  TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL,
    payload    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    synced_at  TEXT
) STRICT;

CREATE INDEX outbox_unsynced ON outbox (id) WHERE synced_at IS NULL;

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    client_id   TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    staff_id    INTEGER REFERENCES staff (id),
    approved_by INTEGER REFERENCES staff (id),
    action      TEXT NOT NULL,
    subject     TEXT NOT NULL,
    -- Facts about the action, JSON; never a PIN, card number or secret.
    detail      TEXT NOT NULL DEFAULT '{}'
) STRICT;

CREATE INDEX audit_log_action ON audit_log (action);
