-- The queue: services, opening hours, special days, tickets, calls (for the display board), counters.

CREATE TABLE services (
    code        TEXT PRIMARY KEY CHECK (length(code) = 1 AND code GLOB '[A-Z]'),
    name        TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 80),
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    daily_quota INTEGER CHECK (daily_quota IS NULL OR daily_quota BETWEEN 1 AND 9999),
    sort_order  INTEGER NOT NULL DEFAULT 0
) STRICT;

-- weekday: 0 = Monday ... 6 = Sunday. opens/closes NULL = closed.
CREATE TABLE opening_hours (
    weekday INTEGER PRIMARY KEY CHECK (weekday BETWEEN 0 AND 6),
    opens   TEXT CHECK (opens IS NULL OR opens GLOB '[0-2][0-9]:[0-5][0-9]'),
    closes  TEXT CHECK (closes IS NULL OR closes GLOB '[0-2][0-9]:[0-5][0-9]'),
    CHECK ((opens IS NULL) = (closes IS NULL)),
    CHECK (opens IS NULL OR opens < closes)
) STRICT;

CREATE TABLE special_days (
    day    TEXT PRIMARY KEY CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    opens  TEXT CHECK (opens IS NULL OR opens GLOB '[0-2][0-9]:[0-5][0-9]'),
    closes TEXT CHECK (closes IS NULL OR closes GLOB '[0-2][0-9]:[0-5][0-9]'),
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    CHECK ((opens IS NULL) = (closes IS NULL)),
    CHECK (opens IS NULL OR opens < closes)
) STRICT;

CREATE TABLE tickets (
    id             INTEGER PRIMARY KEY,
    service_date   TEXT NOT NULL,                                  -- WIB date, YYYY-MM-DD
    origin_service TEXT NOT NULL REFERENCES services(code),        -- the letter of the number
    number         INTEGER NOT NULL CHECK (number > 0),
    service_code   TEXT NOT NULL REFERENCES services(code),        -- the service it waits for now
    priority       TEXT CHECK (priority IS NULL OR priority IN ('lansia', 'disabilitas', 'hamil', 'anak', 'bencana')),
    nik_key        TEXT CHECK (nik_key IS NULL OR length(nik_key) = 64), -- keyed hash, never the NIK itself
    nik_masked     TEXT,
    status         TEXT NOT NULL DEFAULT 'waiting'
                   CHECK (status IN ('waiting', 'called', 'serving', 'parked', 'done', 'no_show', 'closed')),
    issued_at      TEXT NOT NULL,
    queued_at      TEXT NOT NULL,                                  -- its place in time; kept on transfer
    called_at      TEXT,
    served_at      TEXT,
    finished_at    TEXT,
    counter        INTEGER CHECK (counter IS NULL OR counter BETWEEN 0 AND 99),
    operator_id    INTEGER REFERENCES operators(id),
    call_count     INTEGER NOT NULL DEFAULT 0 CHECK (call_count >= 0),
    requeued       INTEGER NOT NULL DEFAULT 0 CHECK (requeued IN (0, 1)),
    outcome        TEXT CHECK (outcome IS NULL OR outcome IN
                   ('selesai', 'berkas_kurang', 'tidak_memenuhi_syarat', 'dirujuk_ikd', 'dibatalkan', 'lainnya')),
    issued_by      TEXT NOT NULL,
    CHECK (status <> 'done' OR outcome IS NOT NULL),
    CHECK (status NOT IN ('called', 'serving', 'parked') OR counter IS NOT NULL),
    UNIQUE (service_date, origin_service, number)
) STRICT;

-- Call order: today's waiting tickets, priority first, then the oldest.
CREATE INDEX tickets_queue ON tickets(service_date, status, service_code, (priority IS NULL), queued_at);
CREATE INDEX tickets_counter ON tickets(service_date, counter, status);
CREATE INDEX tickets_nik ON tickets(service_date, nik_key) WHERE nik_key IS NOT NULL;

-- Every call and recall, newest last: the display board reads these.
CREATE TABLE calls (
    id        INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    label     TEXT NOT NULL,
    counter   INTEGER NOT NULL CHECK (counter BETWEEN 0 AND 99),
    at_utc    TEXT NOT NULL,
    service_date TEXT NOT NULL
) STRICT;

CREATE INDEX calls_date ON calls(service_date, id);

-- Which services each counter serves, and when it was last seen (for the estimated wait).
CREATE TABLE counters (
    counter     INTEGER PRIMARY KEY CHECK (counter BETWEEN 1 AND 99),
    services    TEXT NOT NULL DEFAULT '' CHECK (services NOT GLOB '*[^A-Z]*'),
    operator_id INTEGER REFERENCES operators(id),
    last_seen   TEXT NOT NULL
) STRICT;
