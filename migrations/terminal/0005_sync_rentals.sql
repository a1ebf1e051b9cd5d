-- Rent-to-own rows from the server's change feed. Customers and units
-- from other terminals go into `customers` and `units`; contracts are kept
-- here as the server last sent them (this terminal's own included), with
-- the payments every terminal took against them. Conflicts are records of
-- different terminals that cannot both hold, as the server found them.

CREATE TABLE server_contracts (
    client_id          TEXT PRIMARY KEY,
    contract_number    TEXT NOT NULL,
    store_code         TEXT NOT NULL,
    terminal_code      TEXT NOT NULL,
    customer_client_id TEXT NOT NULL,
    serial_number      TEXT NOT NULL,
    status             TEXT NOT NULL,
    -- Rent, late fees and buyouts the server has stored, from every terminal.
    paid_cents         INTEGER NOT NULL,
    version            INTEGER NOT NULL,
    -- The change's data as JSON, schedule included.
    data               TEXT NOT NULL,
    updated_at         TEXT NOT NULL
) STRICT;

CREATE INDEX server_contracts_customer ON server_contracts (customer_client_id);

CREATE TABLE sync_conflicts (
    -- The server's id of the conflict.
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL,
    subject          TEXT NOT NULL,
    record_client_id TEXT NOT NULL,
    other_client_id  TEXT NOT NULL,
    message          TEXT NOT NULL,
    raised_at        TEXT NOT NULL,
    resolved_at      TEXT,
    resolution       TEXT
) STRICT;
