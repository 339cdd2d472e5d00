-- The recall registry (召回登记): which identifiers (canonical, as the trace engine keys them) are under recall, by whom, since and until when.
CREATE TABLE recalls (
    id TEXT COLLATE "C" PRIMARY KEY,
    subject TEXT COLLATE "C" NOT NULL,
    given_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    department TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    ended_at BIGINT,
    created_at BIGINT NOT NULL
);

-- The public page asks, per scan, which identifiers on a chain are under an active recall.
CREATE INDEX recalls_active_subject ON recalls (subject) WHERE ended_at IS NULL;
