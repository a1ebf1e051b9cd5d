-- Rental money outside rent, and short-term rentals.
--
-- A fee payment is money taken at the counter for a rental but not as
-- rent: a contract's initial payment at signing (delivery fee, damage
-- waiver, deposit) or a short-term rental's late return fee. Each fee it
-- pays is one row of rental_fee_lines, so the customer's ledger lists
-- every fee apart from rent and apart from the others.

-- A short-term rental: a unit rented out until the end of a store-local
-- due date, with a late fee for each whole day after it.
CREATE TABLE short_term_rentals (
    id                        INTEGER PRIMARY KEY,
    client_id                 TEXT NOT NULL UNIQUE,
    rental_number             TEXT NOT NULL UNIQUE,
    customer_id               INTEGER NOT NULL REFERENCES customers (id),
    unit_id                   INTEGER NOT NULL REFERENCES units (id),
    staff_id                  INTEGER NOT NULL REFERENCES staff (id),
    rented_at                 TEXT NOT NULL,
    -- The store-local date by whose end the unit is due back.
    due_date                  TEXT NOT NULL,
    late_fee_per_day_cents    INTEGER NOT NULL CHECK (late_fee_per_day_cents >= 0),
    status                    TEXT NOT NULL CHECK (status IN ('out', 'returned')),
    -- Set by the return, all together.
    return_client_id          TEXT UNIQUE,
    returned_at               TEXT,
    -- The store-local date of the return, the day the late fee counts to.
    return_date               TEXT,
    return_condition          TEXT CHECK (return_condition IN ('new', 'used', 'damaged')),
    return_staff_id           INTEGER REFERENCES staff (id),
    return_receipt_number     TEXT UNIQUE,
    days_late                 INTEGER CHECK (days_late >= 0),
    late_fee_cents            INTEGER CHECK (late_fee_cents >= 0),
    return_note               TEXT,
    updated_at                TEXT NOT NULL,
    version                   INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    CHECK ((status = 'out') = (returned_at IS NULL))
) STRICT;

-- A unit is out on at most one short-term rental.
CREATE UNIQUE INDEX short_term_rentals_one_out_per_unit ON short_term_rentals (unit_id) WHERE status = 'out';
CREATE INDEX short_term_rentals_customer ON short_term_rentals (customer_id);

CREATE TABLE rental_fee_payments (
    id                   INTEGER PRIMARY KEY,
    client_id            TEXT NOT NULL UNIQUE,
    receipt_number       TEXT NOT NULL UNIQUE,
    kind                 TEXT NOT NULL CHECK (kind IN ('initial_payment', 'late_return')),
    customer_id          INTEGER NOT NULL REFERENCES customers (id),
    contract_id          INTEGER REFERENCES contracts (id),
    short_term_rental_id INTEGER REFERENCES short_term_rentals (id),
    shift_id             INTEGER NOT NULL REFERENCES shifts (id),
    staff_id             INTEGER NOT NULL REFERENCES staff (id),
    created_at           TEXT NOT NULL,
    business_date        TEXT NOT NULL,
    amount_cents         INTEGER NOT NULL CHECK (amount_cents > 0),
    change_cents         INTEGER NOT NULL CHECK (change_cents >= 0),
    CHECK ((kind = 'initial_payment') = (contract_id IS NOT NULL)),
    CHECK ((kind = 'late_return') = (short_term_rental_id IS NOT NULL))
) STRICT;

-- A contract's initial payment is taken once.
CREATE UNIQUE INDEX rental_fee_payments_one_initial ON rental_fee_payments (contract_id)
    WHERE kind = 'initial_payment';
CREATE INDEX rental_fee_payments_customer ON rental_fee_payments (customer_id);

-- One fee a fee payment pays. The lines of a payment add up to its amount.
CREATE TABLE rental_fee_lines (
    payment_id   INTEGER NOT NULL REFERENCES rental_fee_payments (id),
    seq          INTEGER NOT NULL CHECK (seq >= 1),
    fee          TEXT NOT NULL CHECK (fee IN ('delivery_fee', 'damage_waiver', 'deposit', 'late_return_fee')),
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    -- Late return fees only: the rate and the whole days it is charged for.
    rate_cents   INTEGER CHECK (rate_cents >= 0),
    days         INTEGER CHECK (days >= 0),
    PRIMARY KEY (payment_id, seq)
) STRICT;

CREATE TABLE rental_fee_tenders (
    payment_id     INTEGER NOT NULL REFERENCES rental_fee_payments (id),
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
