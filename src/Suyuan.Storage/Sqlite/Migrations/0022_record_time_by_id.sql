-- Record times never decrease with the event's id on SQLite (one writer at a time takes both from the file's maxima), so
-- recordTime order is id order and a recordTime bound is found by a binary search over ids (QuerySql.FirstIdRecordedAt):
-- the record_time index (about 15 bytes per event) goes. Any earlier row recorded before an event with a smaller id is
-- raised to that event's time first, which is what the writer has always done, so the search's premise holds for every row.
UPDATE OR FAIL events SET record_time = m.at
FROM (SELECT id, MAX(record_time) OVER (ORDER BY id) AS at FROM events) AS m
WHERE m.id = events.id AND events.record_time < m.at;
DROP INDEX events_record_time;

-- fields is kept once, in its look-up order (name, kind, text), instead of as rows plus an index that repeats them:
-- about 10 bytes per field. seq tells apart the same value given twice in one event. A key's columns cannot be NULL, so a
-- row without a text (an object's or an empty array's presence, a JSON null) keeps a zero-length BLOB there: it sorts apart
-- from every text and no text query parameter ever equals it.
CREATE TABLE fields_by_name (
    name_id INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    str TEXT NOT NULL,
    event INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    num REAL,
    time INTEGER,
    PRIMARY KEY (name_id, kind, str, event, seq)
) WITHOUT ROWID;
INSERT OR FAIL INTO fields_by_name (name_id, kind, str, event, seq, num, time)
SELECT name_id, kind, COALESCE(str, X''), event, rowid, num, time FROM fields
ORDER BY name_id, kind, COALESCE(str, X''), event, rowid; -- in key order: each insert lands at the end of the b-tree
DROP TABLE fields;
ALTER TABLE fields_by_name RENAME TO fields;
