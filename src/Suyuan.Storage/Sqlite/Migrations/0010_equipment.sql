-- Special equipment and hazardous goods (elevators, gas cylinders, chemical lots): one row per unit, its state as JSON,
-- written by the views that follow the event feed; last_sequence makes re-applying a batch a no-op.
CREATE TABLE equipment_units (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    last_sequence BIGINT NOT NULL,
    state TEXT NOT NULL,
    PRIMARY KEY (kind, id)
);

-- What happened to each unit, one row per event (the primary key keeps a re-applied event once).
CREATE TABLE equipment_history (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    event_time BIGINT NOT NULL,
    entry TEXT NOT NULL,
    PRIMARY KEY (kind, id, event_id)
);
