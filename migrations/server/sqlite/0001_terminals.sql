-- Terminals enrolled with the server, and the one-time codes that enrol them.
-- Codes and device tokens are stored only as SHA-256 hashes (lowercase hex).

CREATE TABLE terminals (
    id            INTEGER PRIMARY KEY,
    store_code    TEXT NOT NULL,
    terminal_code TEXT NOT NULL,
    token_hash    TEXT NOT NULL,
    enrolled_at   TEXT NOT NULL,
    revoked_at    TEXT,
    last_seen_at  TEXT,
    CONSTRAINT terminals_token_hash_key UNIQUE (token_hash)
) STRICT;

-- One active enrolment per store and terminal code; a revoked terminal
-- frees its code for a replacement.
CREATE UNIQUE INDEX terminals_active_code ON terminals (store_code, terminal_code) WHERE revoked_at IS NULL;

CREATE TABLE enrolment_codes (
    id            INTEGER PRIMARY KEY,
    code_hash     TEXT NOT NULL,
    store_code    TEXT NOT NULL,
    terminal_code TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    used_at       TEXT,
    terminal_id   INTEGER REFERENCES terminals (id),
    CONSTRAINT enrolment_codes_code_hash_key UNIQUE (code_hash)
) STRICT;
