-- End of day (tutup hari): which office days are closed, and why each unserved ticket was closed.

CREATE TABLE day_closures (
    service_date     TEXT PRIMARY KEY CHECK (service_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    state            TEXT NOT NULL CHECK (state IN ('closed', 'reopened')),
    closed_at        TEXT NOT NULL,
    closed_by        TEXT NOT NULL CHECK (length(closed_by) > 0),
    close_audit_id   INTEGER NOT NULL REFERENCES audit_log(id),  -- the audit row that sealed the day
    reopened_at      TEXT,
    reopened_by      TEXT,
    reopen_reason    TEXT,
    CHECK (state = 'closed' OR (reopened_at IS NOT NULL AND reopened_by IS NOT NULL
                                AND length(trim(reopen_reason)) > 0))
) STRICT;

-- Set when close-day turns a ticket that was never served into 'closed': the status it had then.
ALTER TABLE tickets ADD COLUMN close_reason TEXT
    CHECK (close_reason IS NULL OR close_reason IN ('waiting', 'called', 'serving', 'parked'));
