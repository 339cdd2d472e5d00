-- The registry of enterprises (主体): one row per unified social credit code.
CREATE TABLE enterprises (
    uscc TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    region TEXT NOT NULL,
    check_confirmed INTEGER NOT NULL,
    registered_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX enterprises_name ON enterprises (name);
CREATE INDEX enterprises_region ON enterprises (region);

CREATE TABLE enterprise_node_types (
    uscc TEXT NOT NULL REFERENCES enterprises (uscc) ON DELETE CASCADE,
    node_type TEXT NOT NULL,
    PRIMARY KEY (uscc, node_type)
);
CREATE INDEX enterprise_node_types_type ON enterprise_node_types (node_type);

CREATE TABLE enterprise_categories (
    uscc TEXT NOT NULL REFERENCES enterprises (uscc) ON DELETE CASCADE,
    category TEXT NOT NULL,
    PRIMARY KEY (uscc, category)
);
CREATE INDEX enterprise_categories_category ON enterprise_categories (category);

-- Parties, locations and platform subject codes, canonical; one owner each, so the primary key is the id alone.
CREATE TABLE enterprise_ids (
    id TEXT PRIMARY KEY,
    uscc TEXT NOT NULL REFERENCES enterprises (uscc) ON DELETE CASCADE,
    kind TEXT NOT NULL
);
CREATE INDEX enterprise_ids_uscc ON enterprise_ids (uscc);

CREATE TABLE enterprise_licences (
    uscc TEXT NOT NULL REFERENCES enterprises (uscc) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    number TEXT NOT NULL,
    valid_until TEXT NOT NULL,
    PRIMARY KEY (uscc, position)
);
CREATE INDEX enterprise_licences_valid ON enterprise_licences (valid_until);

-- Personal data: read in full only by the single-enterprise view.
CREATE TABLE enterprise_contacts (
    uscc TEXT NOT NULL REFERENCES enterprises (uscc) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    phone TEXT NOT NULL,
    PRIMARY KEY (uscc, position)
);

-- Platform trace codes issued to an enterprise, in batches, so the platform knows who issued which code.
CREATE TABLE trace_code_batches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uscc TEXT NOT NULL,
    region TEXT NOT NULL,
    count INTEGER NOT NULL,
    issued_at INTEGER NOT NULL
);
CREATE TABLE trace_codes (
    code TEXT PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES trace_code_batches (id),
    uscc TEXT NOT NULL
);
CREATE INDEX trace_codes_uscc ON trace_codes (uscc);

-- The product catalogue: national key, encouraged and local entries per category and department.
CREATE TABLE catalogue (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    category TEXT NOT NULL,
    department TEXT NOT NULL,
    listing TEXT NOT NULL,
    name TEXT NOT NULL,
    gtin TEXT,
    product_code TEXT UNIQUE,
    created_at INTEGER NOT NULL
);
CREATE INDEX catalogue_gtin ON catalogue (gtin);
CREATE INDEX catalogue_category ON catalogue (category, department);

-- Events seen per location and day (UTC+8), kept by a view of the event feed: who reports, how much, and when last.
CREATE TABLE activity (
    location_id TEXT NOT NULL,
    day TEXT NOT NULL,
    events INTEGER NOT NULL,
    last_event_at INTEGER NOT NULL,
    last_recorded_at INTEGER NOT NULL,
    PRIMARY KEY (location_id, day)
);
CREATE INDEX activity_day ON activity (day);

-- The feed position the activity counts include, written with them: a replayed batch is not counted twice.
CREATE TABLE activity_position (
    name TEXT PRIMARY KEY,
    position INTEGER NOT NULL
);
