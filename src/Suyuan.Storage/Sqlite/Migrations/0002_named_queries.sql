-- Named EPCIS queries (REST binding /queries): the query object as the client sent it, and the prefixes it was declared with.
CREATE TABLE named_queries (
    name TEXT PRIMARY KEY,
    query TEXT NOT NULL,
    extensions TEXT,
    created_at INTEGER NOT NULL
);

-- The discovery listings (/bizSteps, /dispositions, /readPoints, /bizLocations) walk these with one seek per distinct value.
CREATE INDEX events_biz_step ON events (biz_step) WHERE biz_step IS NOT NULL;
CREATE INDEX events_disposition ON events (disposition) WHERE disposition IS NOT NULL;
CREATE INDEX events_read_point ON events (read_point) WHERE read_point IS NOT NULL;
CREATE INDEX events_biz_location ON events (biz_location) WHERE biz_location IS NOT NULL;
