-- Queries that stay flat as the day fills up (issue 11).

-- The waiting list in call order across any set of services, walked in index order (no sort of every
-- waiting ticket), with keyset pagination on ((priority IS NULL), queued_at, id); id is the rowid at the end.
CREATE INDEX tickets_call_order ON tickets(service_date, status, (priority IS NULL), queued_at);

-- Counts per service and status for the day, from the index alone.
CREATE INDEX tickets_day_counts ON tickets(service_date, service_code, status);

-- "Dilayani hari ini oleh Anda": the operator's finished tickets today.
CREATE INDEX tickets_operator_day ON tickets(service_date, operator_id, status);

-- Today's counts per service and status, kept by triggers: the counter screens read them on every refresh,
-- and a GROUP BY over the day's tickets grew with the day (0.7 ms at 8,000 waiting).
CREATE TABLE ticket_counts (
    service_date TEXT NOT NULL,
    service_code TEXT NOT NULL,
    status       TEXT NOT NULL,
    n            INTEGER NOT NULL CHECK (n >= 0),
    PRIMARY KEY (service_date, service_code, status)
) WITHOUT ROWID, STRICT;

INSERT INTO ticket_counts (service_date, service_code, status, n)
    SELECT service_date, service_code, status, count(*) FROM tickets GROUP BY service_date, service_code, status;

CREATE TRIGGER ticket_counts_insert AFTER INSERT ON tickets
BEGIN
    INSERT INTO ticket_counts (service_date, service_code, status, n)
        VALUES (NEW.service_date, NEW.service_code, NEW.status, 1)
        ON CONFLICT (service_date, service_code, status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER ticket_counts_update AFTER UPDATE OF service_date, service_code, status ON tickets
WHEN OLD.service_date IS NOT NEW.service_date OR OLD.service_code IS NOT NEW.service_code
     OR OLD.status IS NOT NEW.status
BEGIN
    UPDATE ticket_counts SET n = n - 1
        WHERE service_date = OLD.service_date AND service_code = OLD.service_code AND status = OLD.status;
    INSERT INTO ticket_counts (service_date, service_code, status, n)
        VALUES (NEW.service_date, NEW.service_code, NEW.status, 1)
        ON CONFLICT (service_date, service_code, status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER ticket_counts_delete AFTER DELETE ON tickets
BEGIN
    UPDATE ticket_counts SET n = n - 1
        WHERE service_date = OLD.service_date AND service_code = OLD.service_code AND status = OLD.status;
END;
