-- Rent-to-own: customers, serialized units, contracts, their payment
-- schedules and the payments taken against them. Customers, units,
-- contracts and payments travel to the server: each has a client_id, and
-- rows that change carry updated_at and a version bumped on every change.

-- Personal data lives in this one table, so that it can be encrypted with
-- its own key later. None of these columns may reach a log line.
CREATE TABLE customers (
    id          INTEGER PRIMARY KEY,
    client_id   TEXT NOT NULL UNIQUE,
    full_name   TEXT NOT NULL,
    -- Address lines, JSON array of strings.
    address     TEXT NOT NULL,
    phone       TEXT NOT NULL,
    email       TEXT NOT NULL,
    -- The identity document shown at signing, as the manager typed it.
    id_document TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
) STRICT;

CREATE TABLE units (
    id            INTEGER PRIMARY KEY,
    client_id     TEXT NOT NULL UNIQUE,
    serial_number TEXT NOT NULL UNIQUE,
    -- The catalog product this unit is one of, when it is in the catalog.
    product_id    INTEGER REFERENCES products (id),
    description   TEXT NOT NULL,
    condition     TEXT NOT NULL CHECK (condition IN ('new', 'used', 'damaged')),
    status        TEXT NOT NULL CHECK (status IN ('in_stock', 'on_rent', 'sold', 'returned', 'written_off')),
    -- What the unit cost the store.
    cost_cents    INTEGER NOT NULL CHECK (cost_cents >= 0),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
) STRICT;

CREATE TABLE contracts (
    id                      INTEGER PRIMARY KEY,
    client_id               TEXT NOT NULL UNIQUE,
    contract_number         TEXT NOT NULL UNIQUE,
    customer_id             INTEGER NOT NULL REFERENCES customers (id),
    co_signer_id            INTEGER REFERENCES customers (id),
    unit_id                 INTEGER NOT NULL REFERENCES units (id),
    -- The policy's code in giggatek-domain's list (buyout, late fee, caps).
    policy_code             TEXT NOT NULL,
    contract_date           TEXT NOT NULL,
    term                    TEXT NOT NULL CHECK (term IN ('weekly', 'biweekly', 'semi_monthly', 'monthly')),
    payment_count           INTEGER NOT NULL CHECK (payment_count BETWEEN 1 AND 260),
    cash_price_cents        INTEGER NOT NULL CHECK (cash_price_cents > 0),
    total_of_payments_cents INTEGER NOT NULL CHECK (total_of_payments_cents >= cash_price_cents),
    delivery_fee_cents      INTEGER NOT NULL CHECK (delivery_fee_cents >= 0),
    damage_waiver_cents     INTEGER NOT NULL CHECK (damage_waiver_cents >= 0),
    deposit_cents           INTEGER NOT NULL CHECK (deposit_cents >= 0),
    status                  TEXT NOT NULL
        CHECK (status IN ('active', 'paid_out', 'bought_out', 'returned', 'charged_off')),
    -- The manager who wrote the contract.
    staff_id                INTEGER NOT NULL REFERENCES staff (id),
    created_at              TEXT NOT NULL,
    -- Set when the contract leaves 'active'; cleared by a reinstatement.
    closed_at               TEXT,
    updated_at              TEXT NOT NULL,
    version                 INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
) STRICT;

-- A unit is on at most one active contract.
CREATE UNIQUE INDEX contracts_one_active_per_unit ON contracts (unit_id) WHERE status = 'active';
CREATE INDEX contracts_customer ON contracts (customer_id);

-- The schedule as disclosed at signing; never recomputed.
CREATE TABLE contract_installments (
    contract_id  INTEGER NOT NULL REFERENCES contracts (id),
    number       INTEGER NOT NULL CHECK (number >= 1),
    due_date     TEXT NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
    PRIMARY KEY (contract_id, number)
) STRICT;

CREATE TABLE contract_payments (
    id                     INTEGER PRIMARY KEY,
    client_id              TEXT NOT NULL UNIQUE,
    receipt_number         TEXT NOT NULL UNIQUE,
    contract_id            INTEGER NOT NULL REFERENCES contracts (id),
    -- 'payment' is rent and late fees; 'buyout' pays the buyout price.
    kind                   TEXT NOT NULL CHECK (kind IN ('payment', 'buyout')),
    shift_id               INTEGER NOT NULL REFERENCES shifts (id),
    staff_id               INTEGER NOT NULL REFERENCES staff (id),
    created_at             TEXT NOT NULL,
    business_date          TEXT NOT NULL,
    amount_cents           INTEGER NOT NULL CHECK (amount_cents > 0),
    rent_cents             INTEGER NOT NULL CHECK (rent_cents >= 0),
    late_fee_cents         INTEGER NOT NULL CHECK (late_fee_cents >= 0),
    change_cents           INTEGER NOT NULL CHECK (change_cents >= 0),
    -- As printed on the receipt, after this payment.
    remaining_to_own_cents INTEGER NOT NULL CHECK (remaining_to_own_cents >= 0),
    buyout_cents           INTEGER NOT NULL CHECK (buyout_cents >= 0),
    -- The next installment still unpaid after this payment, if any.
    next_due_date          TEXT,
    next_due_cents         INTEGER CHECK (next_due_cents >= 0),
    CHECK (rent_cents + late_fee_cents = amount_cents)
) STRICT;

CREATE INDEX contract_payments_contract ON contract_payments (contract_id);

CREATE TABLE contract_payment_tenders (
    payment_id     INTEGER NOT NULL REFERENCES contract_payments (id),
    seq            INTEGER NOT NULL CHECK (seq >= 1),
    tender         TEXT NOT NULL CHECK (tender IN ('cash', 'card')),
    amount_cents   INTEGER NOT NULL CHECK (amount_cents >= 0),
    tendered_cents INTEGER NOT NULL CHECK (tendered_cents >= 0),
    change_cents   INTEGER NOT NULL CHECK (change_cents >= 0),
    -- Card tenders only: never a full card number.
    approval_code  TEXT,
    last4          TEXT CHECK (last4 IS NULL OR length(last4) = 4),
    PRIMARY KEY (payment_id, seq)
) STRICT;

-- Every change of a unit's status or condition, oldest first.
CREATE TABLE unit_events (
    id          INTEGER PRIMARY KEY,
    client_id   TEXT NOT NULL UNIQUE,
    unit_id     INTEGER NOT NULL REFERENCES units (id),
    from_status TEXT,
    to_status   TEXT NOT NULL,
    condition   TEXT NOT NULL,
    contract_id INTEGER REFERENCES contracts (id),
    staff_id    INTEGER REFERENCES staff (id),
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
) STRICT;

CREATE INDEX unit_events_unit ON unit_events (unit_id);
