-- Each sensor report's values, for the sensor query parameters (GT_maxValue_CEL, GE_time, EQ_booleanValue, ...): one
-- row per report, its times those of its element's metadata when it has none of its own. Found through the event (its
-- primary key): a sensor condition narrows events with sensor data. Events stored before this migration have no rows.
CREATE TABLE sensor_reports (
    event BIGINT NOT NULL,
    seq INTEGER NOT NULL,
    uom TEXT,
    value DOUBLE PRECISION,
    min_value DOUBLE PRECISION,
    max_value DOUBLE PRECISION,
    mean_value DOUBLE PRECISION,
    sdev DOUBLE PRECISION,
    perc_rank DOUBLE PRECISION,
    perc_value DOUBLE PRECISION,
    boolean_value BOOLEAN,
    time BIGINT,
    start_time BIGINT,
    end_time BIGINT,
    PRIMARY KEY (event, seq)
);
