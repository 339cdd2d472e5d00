-- The recall registry (召回登记): which identifiers (canonical, as the trace engine keys them) are under recall, by whom, since and until when.
CREATE TABLE recalls (
    id TEXT PRIMARY KEY,
    subject TEXT NOT NULL,
    given_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    department TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at INTEGER,
    created_at INTEGER NOT NULL
);

-- The public page asks, per scan, which identifiers on a chain are under an active recall.
CREATE INDEX recalls_active_subject ON recalls (subject) WHERE ended_at IS NULL;
