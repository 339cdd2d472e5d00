-- Shared dictionary: EPCs, classes, locations, vocabulary, field names; events refer to them by id.
CREATE TABLE strings (
    id INTEGER PRIMARY KEY,
    value TEXT NOT NULL UNIQUE
);

CREATE TABLE capture_jobs (
    id INTEGER PRIMARY KEY,
    job_key TEXT NOT NULL UNIQUE,
    status INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    finished_at INTEGER,
    events_total INTEGER NOT NULL DEFAULT 0,
    events_stored INTEGER NOT NULL DEFAULT 0,
    duplicates INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0,
    error_list TEXT
);

-- One row per event; times in Unix ms (UTC) with the original offset in minutes; *_id-like columns are strings.id.
-- event_id is packed (see EventIds); eid_hash indexes it in 8 bytes. body is the compact JSON (see EventBody).
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    eid_hash INTEGER NOT NULL,
    event_id BLOB NOT NULL,
    type INTEGER NOT NULL,
    event_time INTEGER NOT NULL,
    tz_offset INTEGER NOT NULL,
    record_time INTEGER NOT NULL,
    job_id INTEGER,
    context_id INTEGER,
    action INTEGER,
    biz_step INTEGER,
    disposition INTEGER,
    read_point INTEGER,
    biz_location INTEGER,
    transformation_id INTEGER,
    error_time INTEGER,
    error_reason INTEGER,
    has_sensor INTEGER,
    body BLOB NOT NULL
);
CREATE INDEX events_eid_hash ON events (eid_hash);
CREATE INDEX events_event_time ON events (event_time);
CREATE INDEX events_record_time ON events (record_time);

-- Membership of identifiers in an event by role (EPCs, classes, bizTransactions, sources...); qual is the type, 0 if none.
CREATE TABLE refs (
    value_id INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    event INTEGER NOT NULL,
    qual INTEGER NOT NULL,
    PRIMARY KEY (value_id, kind, event, qual)
) WITHOUT ROWID;

CREATE TABLE quantities (
    event INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    class_id INTEGER NOT NULL,
    quantity REAL,
    uom INTEGER,
    PRIMARY KEY (event, seq)
) WITHOUT ROWID;

-- Extension, ILMD and error-declaration fields: expanded name, and the value as text, number and time where it is one.
CREATE TABLE fields (
    event INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    name_id INTEGER NOT NULL,
    str TEXT,
    num REAL,
    time INTEGER
);
CREATE INDEX fields_name ON fields (name_id, kind, str);
