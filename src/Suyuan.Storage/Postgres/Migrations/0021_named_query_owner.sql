-- A named query belongs to the party that defined it (an enterprise, a regulator's department, the admins), and its name
-- is unique within that party's queries: each lists, reads, runs and deletes only its own. Queries defined before had no
-- recorded owner; they go to the admins.
ALTER TABLE named_queries ADD COLUMN owner TEXT COLLATE "C" NOT NULL DEFAULT 'admin';
ALTER TABLE named_queries ALTER COLUMN owner DROP DEFAULT;
ALTER TABLE named_queries DROP CONSTRAINT named_queries_pkey;
ALTER TABLE named_queries ADD PRIMARY KEY (owner, name);
