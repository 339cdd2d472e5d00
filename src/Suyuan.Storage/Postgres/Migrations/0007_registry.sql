-- The registry of enterprises (主体): one row per unified social credit code.
CREATE TABLE enterprises (
    uscc TEXT COLLATE "C" PRIMARY KEY,
    name TEXT COLLATE "C" NOT NULL,
    region TEXT COLLATE "C" NOT NULL,
    check_confirmed BIGINT NOT NULL,
    registered_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX enterprises_name ON enterprises (name);
CREATE INDEX enterprises_region ON enterprises (region);

CREATE TABLE enterprise_node_types (
    uscc TEXT COLLATE "C" NOT NULL REFERENCES enterprises (uscc) ON DELETE CASCADE,
    node_type TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (uscc, node_type)
);
CREATE INDEX enterprise_node_types_type ON enterprise_node_types (node_type);

CREATE TABLE enterprise_categories (
    uscc TEXT COLLATE "C" NOT NULL REFERENCES enterprises (uscc) ON DELETE CASCADE,
    category TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (uscc, category)
);
CREATE INDEX enterprise_categories_category ON enterprise_categories (category);

-- Parties, locations and platform subject codes, canonical; one owner each, so the primary key is the id alone.
CREATE TABLE enterprise_ids (
    id TEXT COLLATE "C" PRIMARY KEY,
    uscc TEXT COLLATE "C" NOT NULL REFERENCES enterprises (uscc) ON DELETE CASCADE,
    kind TEXT COLLATE "C" NOT NULL
);
CREATE INDEX enterprise_ids_uscc ON enterprise_ids (uscc);

CREATE TABLE enterprise_licences (
    uscc TEXT COLLATE "C" NOT NULL REFERENCES enterprises (uscc) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    kind TEXT COLLATE "C" NOT NULL,
    number TEXT COLLATE "C" NOT NULL,
    valid_until TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (uscc, position)
);
CREATE INDEX enterprise_licences_valid ON enterprise_licences (valid_until);

-- Personal data: read in full only by the single-enterprise view.
CREATE TABLE enterprise_contacts (
    uscc TEXT COLLATE "C" NOT NULL REFERENCES enterprises (uscc) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    name TEXT COLLATE "C" NOT NULL,
    phone TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (uscc, position)
);

-- Platform trace codes issued to an enterprise, in batches, so the platform knows who issued which code.
CREATE TABLE trace_code_batches (
    id BIGSERIAL PRIMARY KEY,
    uscc TEXT COLLATE "C" NOT NULL,
    region TEXT COLLATE "C" NOT NULL,
    count BIGINT NOT NULL,
    issued_at BIGINT NOT NULL
);
CREATE TABLE trace_codes (
    code TEXT COLLATE "C" PRIMARY KEY,
    batch_id BIGINT NOT NULL REFERENCES trace_code_batches (id),
    uscc TEXT COLLATE "C" NOT NULL
);
CREATE INDEX trace_codes_uscc ON trace_codes (uscc);

-- The product catalogue: national key, encouraged and local entries per category and department.
CREATE TABLE catalogue (
    id BIGSERIAL PRIMARY KEY,
    category TEXT COLLATE "C" NOT NULL,
    department TEXT COLLATE "C" NOT NULL,
    listing TEXT COLLATE "C" NOT NULL,
    name TEXT COLLATE "C" NOT NULL,
    gtin TEXT COLLATE "C",
    product_code TEXT COLLATE "C" UNIQUE,
    created_at BIGINT NOT NULL
);
CREATE INDEX catalogue_gtin ON catalogue (gtin);
CREATE INDEX catalogue_category ON catalogue (category, department);

-- Events seen per location and day (UTC+8), kept by a view of the event feed: who reports, how much, and when last.
CREATE TABLE activity (
    location_id TEXT COLLATE "C" NOT NULL,
    day TEXT COLLATE "C" NOT NULL,
    events BIGINT NOT NULL,
    last_event_at BIGINT NOT NULL,
    last_recorded_at BIGINT NOT NULL,
    PRIMARY KEY (location_id, day)
);
CREATE INDEX activity_day ON activity (day);

-- The feed position the activity counts include, written with them: a replayed batch is not counted twice.
CREATE TABLE activity_position (
    name TEXT COLLATE "C" PRIMARY KEY,
    position BIGINT NOT NULL
);
