-- An event's trace summary (Lineage/LineageSummary.cs) is kept in its events row instead of a row of its own, keyed by the
-- event: about 7 bytes per event of the capture benchmark, and one insert less per event. NULL for an event that adds
-- nothing to the lineage (an error declaration, an event declared erroneous) and for rows written before migration 0012,
-- whose JSON summaries stay in lineage_events.
ALTER TABLE events ADD COLUMN lineage BLOB;
UPDATE events SET lineage = s.data FROM lineage_summaries s WHERE s.event = events.id;
DROP TABLE lineage_summaries;
