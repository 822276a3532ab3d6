-- Foundation: the office, settings, operator accounts and the append-only audit log.
-- Times are UTC ISO-8601 text written by the application ("YYYY-MM-DDTHH:MM:SS.ffffffZ").

CREATE TABLE office (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 200),
    region_code TEXT NOT NULL CHECK (region_code GLOB '[0-9][0-9]*'),
    region_name TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE operators (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 2 AND 20 AND code = upper(code)),
    full_name       TEXT NOT NULL CHECK (length(trim(full_name)) BETWEEN 1 AND 100),
    role            TEXT NOT NULL CHECK (role IN ('operator', 'supervisor')),
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    pin_salt        BLOB NOT NULL CHECK (length(pin_salt) >= 16),
    pin_hash        BLOB NOT NULL CHECK (length(pin_hash) = 32),
    failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    locked          INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;

CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY,
    at_utc        TEXT NOT NULL,
    operator_id   INTEGER REFERENCES operators(id),
    operator_code TEXT,
    counter       INTEGER CHECK (counter IS NULL OR counter BETWEEN 0 AND 99),
    action        TEXT NOT NULL CHECK (length(action) > 0),
    object        TEXT,
    details       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
    prev_hash     TEXT NOT NULL CHECK (length(prev_hash) = 64),
    hash          TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
) STRICT;

CREATE INDEX audit_log_action ON audit_log(action, at_utc);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
