-- Sync with the server: where the change feed and the audit upload stand,
-- records the server rejected, and one line per sync round.

CREATE TABLE sync_state (
    id                     INTEGER PRIMARY KEY CHECK (id = 1),
    -- The last change-feed sequence number applied here.
    changes_cursor         INTEGER NOT NULL DEFAULT 0,
    -- The highest audit_log.id the server acknowledged; audit entries are
    -- uploaded from audit_log in id order.
    audit_uploaded_through INTEGER NOT NULL DEFAULT 0,
    last_attempt_at        TEXT,
    last_success_at        TEXT,
    last_error             TEXT,
    -- Server clock minus terminal clock at the last sync, in milliseconds.
    clock_offset_ms        INTEGER
) STRICT;

INSERT INTO sync_state (id) VALUES (1);

-- A record the server rejected. It stays in the outbox, is left out of
-- automatic uploads until a user retries it, and its message is shown.
CREATE TABLE sync_rejections (
    id          INTEGER PRIMARY KEY,
    client_id   TEXT NOT NULL,
    kind        TEXT NOT NULL,
    field       TEXT NOT NULL,
    message     TEXT NOT NULL,
    rejected_at TEXT NOT NULL,
    -- Set when a user asks to send the record again.
    retried_at  TEXT
) STRICT;

CREATE INDEX sync_rejections_open ON sync_rejections (client_id) WHERE retried_at IS NULL;

CREATE TABLE sync_log (
    id              INTEGER PRIMARY KEY,
    started_at      TEXT NOT NULL,
    finished_at     TEXT NOT NULL,
    -- The server's clock from its last answer in the round, if any.
    server_time     TEXT,
    stored          INTEGER NOT NULL,
    already_stored  INTEGER NOT NULL,
    rejected        INTEGER NOT NULL,
    changes_applied INTEGER NOT NULL,
    error           TEXT
) STRICT;
