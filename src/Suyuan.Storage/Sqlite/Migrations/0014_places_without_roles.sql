-- lineage_places held one row per role a place had in an event (bizLocation and readPoint, source and destination),
-- and nothing read the role: the event's summary keeps what each place was to it. One row per place and event now.
CREATE TABLE lineage_places_once (
    place INTEGER NOT NULL,
    time INTEGER NOT NULL,
    event INTEGER NOT NULL,
    PRIMARY KEY (place, time, event)
) WITHOUT ROWID;
INSERT OR IGNORE INTO lineage_places_once (place, time, event) SELECT place, time, event FROM lineage_places;
DROP TABLE lineage_places;
ALTER TABLE lineage_places_once RENAME TO lineage_places;
