-- Queries that stay flat as the day fills up (issue 11).

-- The waiting list in call order across any set of services, walked in index order (no sort of every
-- waiting ticket), with keyset pagination on ((priority IS NULL), queued_at, id); id is the rowid at the end.
CREATE INDEX tickets_call_order ON tickets(service_date, status, (priority IS NULL), queued_at);

-- Counts per service and status for the day, from the index alone.
CREATE INDEX tickets_day_counts ON tickets(service_date, service_code, status);

-- "Dilayani hari ini oleh Anda": the operator's finished tickets today.
CREATE INDEX tickets_operator_day ON tickets(service_date, operator_id, status);
