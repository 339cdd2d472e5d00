-- How far each derived view (alert rules, equipment and chemical state...) has followed the event feed.
CREATE TABLE projection_cursors (
    name TEXT COLLATE "C" PRIMARY KEY,
    position BIGINT NOT NULL
);

-- Alerts raised by the rules for the responsible department; dedupe_key makes raising the same fault twice a no-op.
CREATE TABLE alerts (
    id BIGSERIAL PRIMARY KEY,
    dedupe_key TEXT COLLATE "C" NOT NULL UNIQUE,
    kind TEXT COLLATE "C" NOT NULL,
    category TEXT COLLATE "C" NOT NULL,
    department TEXT COLLATE "C" NOT NULL,
    enterprise TEXT COLLATE "C",
    subjects TEXT NOT NULL,
    event_ids TEXT NOT NULL,
    message TEXT NOT NULL,
    occurred_at BIGINT NOT NULL,
    raised_at BIGINT NOT NULL,
    acknowledged_at BIGINT,
    acknowledged_by TEXT,
    note TEXT
);
CREATE INDEX alerts_raised ON alerts (raised_at);
CREATE INDEX alerts_kind ON alerts (kind, raised_at);
CREATE INDEX alerts_department ON alerts (department, raised_at);
CREATE INDEX alerts_enterprise ON alerts (enterprise, raised_at);
