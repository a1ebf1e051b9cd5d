-- Rent-to-own records uploaded by terminals: store customers, serialized
-- units, contracts with their schedules, payments and status transitions.
-- Each row is written when its sync_records row is first stored, so a
-- record uploaded twice is applied once. Rows that change (customers,
-- units, contracts) keep the highest version a terminal sent.
--
-- Online shop accounts live in `customers`; the people who rent at a
-- store are `store_customers`.

CREATE TABLE store_customers (
    id          INTEGER PRIMARY KEY,
    -- The UUID the terminal made when it added the customer.
    client_id   TEXT NOT NULL,
    -- The store whose terminal added the customer.
    store_code  TEXT NOT NULL,
    full_name   TEXT NOT NULL,
    -- Empty when the customer gave none.
    email       TEXT NOT NULL,
    phone       TEXT NOT NULL,
    -- Address lines, JSON array of strings.
    address     TEXT NOT NULL,
    id_document TEXT NOT NULL,
    version     INTEGER NOT NULL CHECK (version >= 1),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    CONSTRAINT store_customers_client_id_key UNIQUE (client_id)
) STRICT;

CREATE INDEX store_customers_email ON store_customers (email);

CREATE TABLE rental_units (
    id            INTEGER PRIMARY KEY,
    client_id     TEXT NOT NULL,
    store_code    TEXT NOT NULL,
    serial_number TEXT NOT NULL,
    description   TEXT NOT NULL,
    condition     TEXT NOT NULL,
    -- in_stock, on_rent, sold, returned or written_off.
    status        TEXT NOT NULL,
    cost_cents    INTEGER NOT NULL CHECK (cost_cents >= 0),
    version       INTEGER NOT NULL CHECK (version >= 1),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    CONSTRAINT rental_units_client_id_key UNIQUE (client_id)
) STRICT;

CREATE INDEX rental_units_serial ON rental_units (serial_number);

CREATE TABLE rental_contracts (
    id                      INTEGER PRIMARY KEY,
    client_id               TEXT NOT NULL,
    -- As printed on the agreement, such as S01-T01-R000001.
    contract_number         TEXT NOT NULL,
    store_code              TEXT NOT NULL,
    terminal_code           TEXT NOT NULL,
    customer_client_id      TEXT NOT NULL,
    -- NULL until the customer's own record is stored.
    store_customer_id       INTEGER REFERENCES store_customers (id),
    -- The customer's email when the contract or the customer was last
    -- stored; empty when there is none yet.
    customer_email          TEXT NOT NULL,
    unit_client_id          TEXT NOT NULL,
    serial_number           TEXT NOT NULL,
    policy_code             TEXT NOT NULL,
    -- The store-local date of signing; payments count from it.
    start_date              TEXT NOT NULL,
    -- weekly, biweekly, semi_monthly or monthly.
    term                    TEXT NOT NULL,
    payment_count           INTEGER NOT NULL CHECK (payment_count >= 1),
    cash_price_cents        INTEGER NOT NULL CHECK (cash_price_cents > 0),
    -- The first installment; later ones may be a cent less.
    periodic_payment_cents  INTEGER NOT NULL CHECK (periodic_payment_cents >= 0),
    total_of_payments_cents INTEGER NOT NULL CHECK (total_of_payments_cents >= cash_price_cents),
    delivery_fee_cents      INTEGER NOT NULL CHECK (delivery_fee_cents >= 0),
    damage_waiver_cents     INTEGER NOT NULL CHECK (damage_waiver_cents >= 0),
    deposit_cents           INTEGER NOT NULL CHECK (deposit_cents >= 0),
    -- active, paid_out, bought_out, returned or charged_off.
    status                  TEXT NOT NULL,
    version                 INTEGER NOT NULL CHECK (version >= 1),
    -- Sums of the stored payments: rent and late fees, buyouts included.
    paid_cents              INTEGER NOT NULL DEFAULT 0,
    rent_paid_cents         INTEGER NOT NULL DEFAULT 0,
    late_fees_paid_cents    INTEGER NOT NULL DEFAULT 0,
    -- The terminal's clock when it wrote the contract.
    terminal_created_at     TEXT NOT NULL,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    CONSTRAINT rental_contracts_client_id_key UNIQUE (client_id)
) STRICT;

CREATE INDEX rental_contracts_customer ON rental_contracts (customer_client_id);
CREATE INDEX rental_contracts_serial ON rental_contracts (serial_number, status);
CREATE INDEX rental_contracts_number ON rental_contracts (contract_number);

-- The schedule as the terminal disclosed it at signing.
CREATE TABLE rental_contract_installments (
    contract_id  INTEGER NOT NULL REFERENCES rental_contracts (id),
    number       INTEGER NOT NULL CHECK (number >= 1),
    due_date     TEXT NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
    PRIMARY KEY (contract_id, number)
) STRICT;

CREATE TABLE rental_contract_payments (
    id                 INTEGER PRIMARY KEY,
    client_id          TEXT NOT NULL,
    contract_client_id TEXT NOT NULL,
    -- NULL until the contract's own record is stored.
    contract_id        INTEGER REFERENCES rental_contracts (id),
    store_code         TEXT NOT NULL,
    terminal_code      TEXT NOT NULL,
    receipt_number     TEXT NOT NULL,
    -- payment (rent and late fees) or buyout.
    kind               TEXT NOT NULL,
    paid_at            TEXT NOT NULL,
    business_date      TEXT NOT NULL,
    amount_cents       INTEGER NOT NULL CHECK (amount_cents > 0),
    rent_cents         INTEGER NOT NULL CHECK (rent_cents >= 0),
    late_fee_cents     INTEGER NOT NULL CHECK (late_fee_cents >= 0),
    CONSTRAINT rental_contract_payments_client_id_key UNIQUE (client_id)
) STRICT;

CREATE INDEX rental_contract_payments_contract ON rental_contract_payments (contract_client_id);

-- Every lifecycle transition a terminal recorded, oldest first.
CREATE TABLE rental_contract_events (
    id                 INTEGER PRIMARY KEY,
    record_client_id   TEXT NOT NULL,
    contract_client_id TEXT NOT NULL,
    from_status        TEXT NOT NULL,
    to_status          TEXT NOT NULL,
    version            INTEGER NOT NULL,
    -- The terminal's clock when the transition was written.
    terminal_created_at TEXT NOT NULL,
    received_at        TEXT NOT NULL,
    CONSTRAINT rental_contract_events_record_key UNIQUE (record_client_id)
) STRICT;

CREATE INDEX rental_contract_events_contract ON rental_contract_events (contract_client_id);

-- What the conflict is, for the manager and the terminals, and how a
-- manager settled it.
ALTER TABLE sync_conflicts ADD COLUMN message TEXT NOT NULL DEFAULT '';
ALTER TABLE sync_conflicts ADD COLUMN resolution TEXT;
