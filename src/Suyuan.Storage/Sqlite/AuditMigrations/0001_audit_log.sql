-- audit.db: the audit log of a SQLite deployment, in a file of its own so that writing it never waits for a capture that
-- holds the write lock of events.db. Append-only: the code has no UPDATE or DELETE on it. Rows that events.db held before
-- (its migration 0008) are copied here once, with their ids, when this file is created (SqliteEventStore).
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    outcome TEXT NOT NULL,
    remote TEXT,
    detail TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor, id);
CREATE INDEX audit_log_action ON audit_log (action, id);
