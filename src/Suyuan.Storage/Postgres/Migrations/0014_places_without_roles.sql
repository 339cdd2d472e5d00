-- lineage_places held one row per role a place had in an event (bizLocation and readPoint, source and destination),
-- and nothing read the role: the event's summary keeps what each place was to it. One row per place and event now.
CREATE TABLE lineage_places_once (
    place BIGINT NOT NULL,
    time BIGINT NOT NULL,
    event BIGINT NOT NULL,
    CONSTRAINT lineage_places_once_pkey PRIMARY KEY (place, time, event)
);
INSERT INTO lineage_places_once (place, time, event) SELECT DISTINCT place, time, event FROM lineage_places;
DROP TABLE lineage_places;
ALTER TABLE lineage_places_once RENAME TO lineage_places;
