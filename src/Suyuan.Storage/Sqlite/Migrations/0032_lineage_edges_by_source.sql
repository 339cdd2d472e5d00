-- lineage_edges is kept in its source's order (a trace reads edges by src or by dst, never by time): the rows and the src
-- index that repeated them become one b-tree, and the dst index no longer carries the time. About 10 bytes per event of the
-- capture benchmark. seq is the edge's place among its event's edges: the same two nodes may be joined twice by one event
-- (an input listed twice with two quantities), and a key needs something to tell them apart.
CREATE TABLE lineage_edges_by_source (
    src INTEGER NOT NULL,
    event INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    dst INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    time INTEGER NOT NULL,
    src_quantity REAL,
    src_uom TEXT,
    dst_quantity REAL,
    dst_uom TEXT,
    PRIMARY KEY (src, event, seq)
) WITHOUT ROWID;
INSERT OR FAIL INTO lineage_edges_by_source (src, event, seq, dst, kind, time, src_quantity, src_uom, dst_quantity, dst_uom)
SELECT src, event, ROW_NUMBER() OVER (PARTITION BY event ORDER BY rowid) - 1, dst, kind, time, src_quantity, src_uom, dst_quantity, dst_uom
FROM lineage_edges
ORDER BY 1, 2, 3; -- in key order: each insert lands at the end of the b-tree
DROP TABLE lineage_edges;
ALTER TABLE lineage_edges_by_source RENAME TO lineage_edges;
CREATE INDEX lineage_edges_dst ON lineage_edges (dst);
