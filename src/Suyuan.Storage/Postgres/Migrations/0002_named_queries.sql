-- Named EPCIS queries (REST binding /queries): the query object as the client sent it, and the prefixes it was declared with.
CREATE TABLE named_queries (
    name TEXT COLLATE "C" PRIMARY KEY,
    query TEXT NOT NULL,
    extensions TEXT,
    created_at BIGINT NOT NULL
);

-- The discovery listings (/bizSteps, /dispositions) walk these with one seek per distinct value; read_point,
-- biz_location and (biz_step, id) are indexed since 0001. (disposition, id) also serves EQ_disposition in id order.
CREATE INDEX events_disposition ON events (disposition, id) WHERE disposition IS NOT NULL;
