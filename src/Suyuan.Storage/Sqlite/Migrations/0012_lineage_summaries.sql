-- What a trace shows of an event, as a compact binary record (Lineage/LineageSummary.cs: string ids into strings, role and
-- place type codes, quantities only when present); eventID, time, type, action, bizStep and disposition come from events.
-- Rows of lineage_events (JSON) written before this migration are left as they are and still read.
CREATE TABLE lineage_summaries (
    event INTEGER PRIMARY KEY,
    data BLOB NOT NULL
);
