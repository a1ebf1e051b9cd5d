-- A contract's initial payment, and short-term rentals with their returns.
--
-- The initial payment is the money taken at signing: the contract's
-- delivery_fee_cents, damage_waiver_cents and deposit_cents, which the
-- server checks against it. Contracts from terminals that do not send it
-- keep these columns NULL.
ALTER TABLE rental_contracts ADD COLUMN initial_payment_receipt_number TEXT;
ALTER TABLE rental_contracts ADD COLUMN initial_payment_cents INTEGER CHECK (initial_payment_cents >= 0);
-- How it was paid: cash after change, and card.
ALTER TABLE rental_contracts ADD COLUMN initial_payment_cash_cents INTEGER CHECK (initial_payment_cash_cents >= 0);
ALTER TABLE rental_contracts ADD COLUMN initial_payment_card_cents INTEGER CHECK (initial_payment_card_cents >= 0);

-- A unit rented out until the end of a store-local due date. The rental
-- record or the return record, whichever is stored first, inserts the
-- row; the return fills in the return columns once.
CREATE TABLE short_term_rentals (
    id                     INTEGER PRIMARY KEY,
    -- The client id of the terminal's short_term_rental record.
    client_id              TEXT NOT NULL,
    -- As printed on the receipts, such as S01-T01-S000001.
    rental_number          TEXT NOT NULL,
    store_code             TEXT NOT NULL,
    terminal_code          TEXT NOT NULL,
    customer_client_id     TEXT NOT NULL,
    -- NULL until the customer's own record is stored.
    store_customer_id      INTEGER REFERENCES store_customers (id),
    -- The customer's email when the rental or the customer was last
    -- stored; empty when there is none.
    customer_email         TEXT NOT NULL,
    unit_client_id         TEXT NOT NULL,
    serial_number          TEXT NOT NULL,
    -- The unit's description, such as "Carpet cleaner".
    item_description       TEXT NOT NULL,
    rented_at              TEXT NOT NULL,
    -- The store-local date by whose end the unit is due back.
    due_date               TEXT NOT NULL,
    late_fee_per_day_cents INTEGER NOT NULL CHECK (late_fee_per_day_cents >= 0),
    -- Set by the return, all together: NULL while the unit is out.
    return_client_id       TEXT,
    return_receipt_number  TEXT,
    returned_at            TEXT,
    -- The store-local date of the return, the day the late fee counts to.
    return_date            TEXT,
    -- Whole store-local days after the due date.
    days_late              INTEGER CHECK (days_late >= 0),
    late_fee_cents         INTEGER CHECK (late_fee_cents >= 0),
    -- new, used or damaged.
    return_condition       TEXT,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    CONSTRAINT short_term_rentals_client_id_key UNIQUE (client_id),
    CONSTRAINT short_term_rentals_return_client_id_key UNIQUE (return_client_id),
    CHECK ((returned_at IS NULL) = (return_date IS NULL)),
    CHECK ((returned_at IS NULL) = (late_fee_cents IS NULL))
) STRICT;

CREATE INDEX short_term_rentals_customer ON short_term_rentals (customer_client_id);
CREATE INDEX short_term_rentals_number ON short_term_rentals (rental_number);
