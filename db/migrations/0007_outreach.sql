-- Jemput bola (outreach): sessions at a school, a home or elsewhere, on an offline laptop or at the office, and
-- the cases recorded during them. Rows carry the device that wrote them and their own UUID, so a laptop's
-- sessions can be merged into the office's database (`counter-tui outreach import`) without clashes.
-- The place is a label (a school's name, a village/kelurahan), never a person's name or a house address.

CREATE TABLE outreach_sessions (
    id             INTEGER PRIMARY KEY,
    uuid           TEXT NOT NULL UNIQUE CHECK (length(uuid) = 36),
    device_id      TEXT NOT NULL CHECK (length(device_id) = 36),
    kind           TEXT NOT NULL CHECK (kind IN ('sekolah', 'rumah', 'lainnya')),
    place          TEXT NOT NULL CHECK (length(place) BETWEEN 3 AND 80 AND place = trim(place)),
    kecamatan_code TEXT CHECK (kecamatan_code IS NULL OR (length(kecamatan_code) = 8 AND kecamatan_code GLOB
                   '[0-9][0-9].[0-9][0-9].[0-9][0-9]')),
    service_date   TEXT NOT NULL CHECK (service_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    started_at     TEXT NOT NULL,
    started_by     INTEGER NOT NULL REFERENCES operators(id),
    ended_at       TEXT,
    ended_by       INTEGER REFERENCES operators(id),
    CHECK ((ended_at IS NULL) = (ended_by IS NULL)),
    CHECK (ended_at IS NULL OR ended_at >= started_at)
) STRICT;

-- One open session per device at a time (the laptop's, or one per office host).
CREATE UNIQUE INDEX outreach_one_open_per_device ON outreach_sessions(device_id) WHERE ended_at IS NULL;
CREATE INDEX outreach_sessions_date ON outreach_sessions(service_date, started_at);

CREATE TRIGGER outreach_sessions_no_delete BEFORE DELETE ON outreach_sessions
BEGIN
    SELECT RAISE(ABORT, 'outreach sessions are never deleted');
END;

-- Which cases were recorded during which session: one session per case, at most.
CREATE TABLE outreach_cases (
    case_id    INTEGER PRIMARY KEY REFERENCES cases(id),
    session_id INTEGER NOT NULL REFERENCES outreach_sessions(id),
    uuid       TEXT NOT NULL UNIQUE CHECK (length(uuid) = 36),
    device_id  TEXT NOT NULL CHECK (length(device_id) = 36)
) STRICT;

CREATE INDEX outreach_cases_session ON outreach_cases(session_id);

-- The transfer files merged at the office: one row per import, so a second import of the same file is named.
CREATE TABLE outreach_imports (
    id            INTEGER PRIMARY KEY,
    file_sha256   TEXT NOT NULL CHECK (length(file_sha256) = 64),
    source_device TEXT NOT NULL CHECK (length(source_device) = 36),
    imported_at   TEXT NOT NULL,
    operator_id   INTEGER NOT NULL REFERENCES operators(id),
    new_rows      INTEGER NOT NULL CHECK (new_rows >= 0),
    present_rows  INTEGER NOT NULL CHECK (present_rows >= 0)
) STRICT;
