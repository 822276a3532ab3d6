-- Applicant cases: the device id, office target/stock settings, cases, recordings and their status history,
-- the blank-stock ledger, the card waiting list (daftar tunggu cetak) and IKD checklists.
-- Every case-related row carries the id of the device that wrote it and its own UUID, so an offline laptop's
-- work can later be merged without clashes. NIK, name, birth date and phone are AES-GCM ciphertext
-- (counter_tui/domain/keys.py); a NIK is looked up by its keyed hash and shown masked.

-- The database's device id: a random UUID (v4) made here, so `init` and existing files both get one.
CREATE TABLE device (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    device_id TEXT NOT NULL UNIQUE CHECK (length(device_id) = 36 AND device_id GLOB
              '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-*-4*-*-*')
) STRICT;

INSERT INTO device (id, device_id) VALUES (1,
    lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2)
    || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-'
    || lower(hex(randomblob(6))));


CREATE TRIGGER device_no_update BEFORE UPDATE ON device
BEGIN
    SELECT RAISE(ABORT, 'the device id never changes');
END;

-- Office settings for the recording target and the blank reserve (one row).
CREATE TABLE case_settings (
    id                   INTEGER PRIMARY KEY CHECK (id = 1),
    target_population    INTEGER CHECK (target_population IS NULL OR target_population BETWEEN 1 AND 100000000),
    recorded_before      INTEGER NOT NULL DEFAULT 0 CHECK (recorded_before BETWEEN 0 AND 100000000),
    target_date          TEXT CHECK (target_date IS NULL OR target_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    reserve_mode         TEXT NOT NULL DEFAULT 'target' CHECK (reserve_mode IN ('fixed', 'target')),
    reserve_fixed        INTEGER NOT NULL DEFAULT 0 CHECK (reserve_fixed BETWEEN 0 AND 10000000),
    reserve_buffer_pct   INTEGER NOT NULL DEFAULT 10 CHECK (reserve_buffer_pct BETWEEN 0 AND 1000),
    replacements_allowed INTEGER NOT NULL DEFAULT 1 CHECK (replacements_allowed IN (0, 1)),
    recorded_in_app      INTEGER NOT NULL DEFAULT 0 CHECK (recorded_in_app >= 0), -- kept by the triggers below
    updated_at           TEXT
) STRICT;

INSERT INTO case_settings (id) VALUES (1);

CREATE TABLE cases (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE CHECK (length(uuid) = 36),
    device_id     TEXT NOT NULL CHECK (length(device_id) = 36),
    ticket_id     INTEGER UNIQUE REFERENCES tickets(id),          -- one ticket holds one case
    service_date  TEXT NOT NULL CHECK (service_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    case_type     TEXT NOT NULL CHECK (case_type IN
                  ('baru', 'hilang', 'rusak', 'perubahan_data', 'aktivasi_ikd', 'cetak', 'pindah_datang')),
    status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'finished')),
    nik_key       TEXT NOT NULL CHECK (length(nik_key) = 64),     -- keyed hash (HMAC), for lookup
    nik_masked    TEXT NOT NULL CHECK (length(nik_masked) = 16 AND substr(nik_masked, 5, 10) = '**********'),
    nik_ct        BLOB NOT NULL CHECK (length(nik_ct) = 45),      -- AES-GCM: version, nonce, 16 digits, tag
    name_ct       BLOB NOT NULL CHECK (length(name_ct) >= 30),
    birth_date_ct BLOB NOT NULL CHECK (length(birth_date_ct) = 39),
    phone_ct      BLOB CHECK (phone_ct IS NULL OR length(phone_ct) >= 30),
    sex           TEXT NOT NULL CHECK (sex IN ('L', 'P')),
    marital       TEXT NOT NULL CHECK (marital IN ('belum_kawin', 'kawin', 'cerai_hidup', 'cerai_mati')),
    documents     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(documents) AND json_type(documents) = 'array'),
    route         TEXT CHECK (route IS NULL OR route IN
                  ('rekam', 'cetak', 'ikd', 'berkas_kurang', 'tidak_memenuhi_syarat', 'diblokir', 'menunggu_siak')),
    outcome       TEXT CHECK (outcome IS NULL OR outcome IN
                  ('selesai', 'berkas_kurang', 'tidak_memenuhi_syarat', 'dirujuk_ikd', 'dibatalkan', 'lainnya')),
    message       TEXT CHECK (message IS NULL OR length(message) <= 500),
    pemula_for_target INTEGER NOT NULL DEFAULT 0 CHECK (pemula_for_target IN (0, 1)),
    opened_at     TEXT NOT NULL,
    finished_at   TEXT,
    operator_id   INTEGER REFERENCES operators(id),
    counter       INTEGER CHECK (counter IS NULL OR counter BETWEEN 0 AND 99),
    CHECK (status <> 'finished' OR (route IS NOT NULL AND outcome IS NOT NULL AND finished_at IS NOT NULL))
) STRICT;

CREATE INDEX cases_nik ON cases(nik_key, opened_at);
CREATE INDEX cases_date ON cases(service_date, case_type);

-- One recording (perekaman) per person; a failed one is recorded again on the same row.
CREATE TABLE recordings (
    id             INTEGER PRIMARY KEY,
    uuid           TEXT NOT NULL UNIQUE CHECK (length(uuid) = 36),
    device_id      TEXT NOT NULL CHECK (length(device_id) = 36),
    nik_key        TEXT NOT NULL UNIQUE CHECK (length(nik_key) = 64),
    nik_masked     TEXT NOT NULL CHECK (length(nik_masked) = 16 AND substr(nik_masked, 5, 10) = '**********'),
    case_id        INTEGER NOT NULL REFERENCES cases(id),         -- the case that recorded it (or entered it)
    source         TEXT NOT NULL CHECK (source IN ('app', 'siak')), -- recorded here, or read from SIAK
    status         TEXT NOT NULL CHECK (status IN ('BIO_CAPTURED', 'SENT_FOR_ENROLLMENT', 'PRINT_READY_RECORD',
                   'DUPLICATE_RECORD', 'ADJUDICATE_RECORD', 'ENROLL_FAILURE_AT_CENTRAL',
                   'SEARCH_FAILURE_AT_CENTRAL', 'CARD_PRINTED')),
    recorded_on    TEXT NOT NULL CHECK (recorded_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    printable_from TEXT NOT NULL CHECK (printable_from GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    updated_at     TEXT NOT NULL
) STRICT;

CREATE INDEX recordings_status ON recordings(status, printable_from);  -- 'siap cetak'
CREATE INDEX recordings_status_changed ON recordings(status, updated_at, id);  -- the record-status screen

-- The target counts the people recorded in the app; the triggers keep that count exact, so reading it costs
-- one row however many recordings there are.
CREATE TRIGGER recordings_count_insert AFTER INSERT ON recordings WHEN NEW.source = 'app'
BEGIN
    UPDATE case_settings SET recorded_in_app = recorded_in_app + 1 WHERE id = 1;
END;

CREATE TRIGGER recordings_count_source AFTER UPDATE OF source ON recordings WHEN OLD.source <> NEW.source
BEGIN
    UPDATE case_settings SET recorded_in_app = recorded_in_app + (CASE WHEN NEW.source = 'app' THEN 1 ELSE -1 END)
    WHERE id = 1;
END;

CREATE TRIGGER recordings_no_delete BEFORE DELETE ON recordings
BEGIN
    SELECT RAISE(ABORT, 'recordings are never deleted');
END;

CREATE TABLE recording_status_history (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT NOT NULL UNIQUE CHECK (length(uuid) = 36),
    device_id    TEXT NOT NULL CHECK (length(device_id) = 36),
    recording_id INTEGER NOT NULL REFERENCES recordings(id),
    from_status  TEXT,
    to_status    TEXT NOT NULL,
    note         TEXT CHECK (note IS NULL OR length(note) <= 500),
    at_utc       TEXT NOT NULL,
    operator_id  INTEGER REFERENCES operators(id),
    CHECK (from_status IS NULL OR from_status <> to_status)
) STRICT;

CREATE INDEX recording_history_recording ON recording_status_history(recording_id, id);

-- The blank-stock ledger. balance_after is the running sum: a trigger checks it follows the previous row, the
-- CHECK keeps it from going negative, and every movement is written inside BEGIN IMMEDIATE.
CREATE TABLE stock_movements (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE CHECK (length(uuid) = 36),
    device_id     TEXT NOT NULL CHECK (length(device_id) = 36),
    kind          TEXT NOT NULL CHECK (kind IN ('receipt', 'used', 'damaged', 'misprint', 'correction')),
    quantity      INTEGER NOT NULL CHECK (quantity <> 0 AND quantity BETWEEN -10000000 AND 100000),
    balance_after INTEGER NOT NULL CHECK (balance_after >= 0),
    reference     TEXT CHECK (reference IS NULL OR length(reference) BETWEEN 1 AND 200),
    reason        TEXT CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 500),
    case_id       INTEGER REFERENCES cases(id),
    recording_id  INTEGER REFERENCES recordings(id),
    service_date  TEXT NOT NULL CHECK (service_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    at_utc        TEXT NOT NULL,
    operator_id   INTEGER REFERENCES operators(id),
    operator_code TEXT NOT NULL,
    CHECK (kind <> 'receipt' OR (quantity > 0 AND reference IS NOT NULL)),
    CHECK (kind <> 'used' OR (quantity = -1 AND case_id IS NOT NULL)),
    CHECK (kind <> 'misprint' OR (quantity = -1 AND case_id IS NOT NULL)),
    CHECK (kind <> 'damaged' OR (quantity < 0 AND reason IS NOT NULL)),
    CHECK (kind <> 'correction' OR reason IS NOT NULL)
) STRICT;

CREATE INDEX stock_movements_date ON stock_movements(service_date, kind);

CREATE TRIGGER stock_movements_running_balance BEFORE INSERT ON stock_movements
WHEN NEW.balance_after <> coalesce((SELECT balance_after FROM stock_movements ORDER BY id DESC LIMIT 1), 0)
                          + NEW.quantity
BEGIN
    SELECT RAISE(ABORT, 'stock balance_after must be the previous balance plus the quantity');
END;

CREATE TRIGGER stock_movements_no_update BEFORE UPDATE ON stock_movements
BEGIN
    SELECT RAISE(ABORT, 'stock_movements is append-only');
END;

CREATE TRIGGER stock_movements_no_delete BEFORE DELETE ON stock_movements
BEGIN
    SELECT RAISE(ABORT, 'stock_movements is append-only');
END;

-- The card waiting list (daftar tunggu cetak): one waiting entry per person.
CREATE TABLE card_waiting_list (
    id                INTEGER PRIMARY KEY,
    uuid              TEXT NOT NULL UNIQUE CHECK (length(uuid) = 36),
    device_id         TEXT NOT NULL CHECK (length(device_id) = 36),
    case_id           INTEGER NOT NULL UNIQUE REFERENCES cases(id),
    nik_key           TEXT NOT NULL CHECK (length(nik_key) = 64),
    nik_masked        TEXT NOT NULL CHECK (length(nik_masked) = 16 AND substr(nik_masked, 5, 10) = '**********'),
    first_time        INTEGER NOT NULL CHECK (first_time IN (0, 1)), -- 0 = replacement: the reserve applies
    status            TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'printed', 'cancelled')),
    added_on          TEXT NOT NULL CHECK (added_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    added_at          TEXT NOT NULL,
    printed_at        TEXT,
    stock_movement_id INTEGER UNIQUE REFERENCES stock_movements(id),
    CHECK (status <> 'printed' OR (printed_at IS NOT NULL AND stock_movement_id IS NOT NULL))
) STRICT;

CREATE UNIQUE INDEX card_waiting_one_per_person ON card_waiting_list(nik_key) WHERE status = 'waiting';
CREATE INDEX card_waiting_order ON card_waiting_list(status, added_at, id);

CREATE TABLE ikd_checklists (
    id         INTEGER PRIMARY KEY,
    uuid       TEXT NOT NULL UNIQUE CHECK (length(uuid) = 36),
    device_id  TEXT NOT NULL CHECK (length(device_id) = 36),
    case_id    INTEGER NOT NULL UNIQUE REFERENCES cases(id),
    steps_done TEXT NOT NULL CHECK (length(steps_done) = 7 AND steps_done NOT GLOB '*[^01]*'),
    outcome    TEXT NOT NULL CHECK (outcome IN ('activated', 'guided_home', 'no_smartphone')),
    at_utc     TEXT NOT NULL,
    CHECK (outcome <> 'activated' OR steps_done = '1111111')
) STRICT;
