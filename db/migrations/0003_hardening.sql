-- Hardening: the keyed audit chain, login delays, counter leases, and our application_id.

-- 1 = plain SHA-256 (rows written before this migration), 2 = HMAC-SHA256 under a key derived from the key file.
ALTER TABLE audit_log ADD COLUMN chain_version INTEGER NOT NULL DEFAULT 1 CHECK (chain_version IN (1, 2));

-- A growing delay after repeated wrong PINs (UTC text; NULL = none). Supervisor overrides typed at the front
-- desk or through `ticket --override-supervisor` count separately, so they can never lock a supervisor out.
ALTER TABLE operators ADD COLUMN delay_until TEXT;
ALTER TABLE operators ADD COLUMN override_failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (override_failed_attempts >= 0);
ALTER TABLE operators ADD COLUMN override_delay_until TEXT;

-- One session per counter, and one counter per operator: a lease renewed by the counter's heartbeat.
CREATE TABLE counter_leases (
    counter     INTEGER PRIMARY KEY CHECK (counter BETWEEN 1 AND 99),
    operator_id INTEGER NOT NULL UNIQUE REFERENCES operators(id),
    session_id  TEXT NOT NULL CHECK (length(session_id) = 32),
    taken_at    TEXT NOT NULL,
    expires_at  TEXT NOT NULL
) STRICT;

-- "CTUI": databases made before this migration get the id now; new ones get it at init.
PRAGMA application_id = 1129600329;
