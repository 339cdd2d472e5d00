-- Named EPCIS queries (REST binding /queries): the query object as the client sent it, and the prefixes it was declared with.
CREATE TABLE named_queries (
    name TEXT COLLATE "C" PRIMARY KEY,
    query TEXT NOT NULL,
    extensions TEXT,
    created_at BIGINT NOT NULL
);

-- The discovery listings (/bizSteps, /dispositions) walk these with one seek per distinct value; read_point and
-- biz_location are indexed since 0001.
CREATE INDEX events_biz_step ON events (biz_step) WHERE biz_step IS NOT NULL;
CREATE INDEX events_disposition ON events (disposition) WHERE disposition IS NOT NULL;
