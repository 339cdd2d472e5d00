-- A named query belongs to the party that defined it (an enterprise, a regulator's department, the admins), and its name
-- is unique within that party's queries: each lists, reads, runs and deletes only its own. Queries defined before had no
-- recorded owner; they go to the admins.
CREATE TABLE named_queries_owned (
    owner TEXT NOT NULL,
    name TEXT NOT NULL,
    query TEXT NOT NULL,
    extensions TEXT,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (owner, name)
) WITHOUT ROWID;
INSERT INTO named_queries_owned (owner, name, query, extensions, created_at) SELECT 'admin', name, query, extensions, created_at FROM named_queries;
DROP TABLE named_queries;
ALTER TABLE named_queries_owned RENAME TO named_queries;
