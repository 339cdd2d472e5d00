-- Lineage, written in the capture transaction: nodes are strings.id of canonical identifiers (IdentifierConverter.Canonicalise).
-- kind: 1 transformed (input -> output), 2 packed (child -> parent, ADD), 3 unpacked (parent -> child, DELETE), 4 lot of (lot -> item, ILMD lotNumber).
CREATE TABLE lineage_edges (
    src BIGINT NOT NULL,
    dst BIGINT NOT NULL,
    kind SMALLINT NOT NULL,
    event BIGINT NOT NULL,
    time BIGINT NOT NULL,
    src_quantity DOUBLE PRECISION,
    src_uom TEXT,
    dst_quantity DOUBLE PRECISION,
    dst_uom TEXT
);
CREATE INDEX lineage_edges_src ON lineage_edges (src, time);
CREATE INDEX lineage_edges_dst ON lineage_edges (dst, time);

-- Every identifier (EPC or class) an event names, with its quantity where the event gives one.
CREATE TABLE lineage_presence (
    node BIGINT NOT NULL,
    time BIGINT NOT NULL,
    event BIGINT NOT NULL,
    quantity DOUBLE PRECISION,
    uom TEXT,
    PRIMARY KEY (node, time, event)
);

-- Locations and parties of an event. role: 1 bizLocation, 2 readPoint, 3 source location, 4 destination location,
-- 5 source owning party, 6 source possessing party, 7 destination owning party, 8 destination possessing party.
CREATE TABLE lineage_places (
    place BIGINT NOT NULL,
    time BIGINT NOT NULL,
    event BIGINT NOT NULL,
    role SMALLINT NOT NULL,
    PRIMARY KEY (place, time, event, role)
);

-- What a trace shows of an event (eventID, type, time, bizStep, places, documents, identifiers), as compact JSON.
CREATE TABLE lineage_events (
    event BIGINT PRIMARY KEY,
    info TEXT NOT NULL
);
