-- Rows that migrations add for events stored before them and that only code can work out from the events' JSON: each
-- row names the table and the range of event ids still to go through, and the store fills it in at start, a batch per
-- transaction, moving next_id on (RelationalEventStore.BackfillAsync); the row goes when the range is done.
CREATE TABLE index_backfills (
    name TEXT PRIMARY KEY,
    next_id INTEGER NOT NULL,
    up_to_id INTEGER NOT NULL
);

-- Sensor reports (0024, their type and identifiers 0025) of the events with sensor data stored before those migrations,
-- which found them by EXISTS_sensorElementList only. Every such event is gone through: its rows are written anew.
INSERT INTO index_backfills (name, next_id, up_to_id)
SELECT 'sensor_reports', MIN(id), MAX(id) FROM events WHERE has_sensor IS NOT NULL HAVING COUNT(*) > 0;
