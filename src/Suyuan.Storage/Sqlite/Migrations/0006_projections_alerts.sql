-- How far each derived view (alert rules, equipment and chemical state...) has followed the event feed.
CREATE TABLE projection_cursors (
    name TEXT PRIMARY KEY,
    position INTEGER NOT NULL
);

-- Alerts raised by the rules for the responsible department; dedupe_key makes raising the same fault twice a no-op.
CREATE TABLE alerts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    dedupe_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    category TEXT NOT NULL,
    department TEXT NOT NULL,
    enterprise TEXT,
    subjects TEXT NOT NULL,
    event_ids TEXT NOT NULL,
    message TEXT NOT NULL,
    occurred_at INTEGER NOT NULL,
    raised_at INTEGER NOT NULL,
    acknowledged_at INTEGER,
    acknowledged_by TEXT,
    note TEXT
);
CREATE INDEX alerts_raised ON alerts (raised_at);
CREATE INDEX alerts_kind ON alerts (kind, raised_at);
CREATE INDEX alerts_department ON alerts (department, raised_at);
CREATE INDEX alerts_enterprise ON alerts (enterprise, raised_at);
