-- Each sensor report's values, for the sensor query parameters (GT_maxValue_CEL, GE_time, EQ_booleanValue, ...): one
-- row per report, its times those of its element's metadata when it has none of its own. Found through the event (its
-- primary key): a sensor condition narrows events with sensor data. Events stored before this migration have no rows.
CREATE TABLE sensor_reports (
    event INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    uom TEXT,
    value REAL,
    min_value REAL,
    max_value REAL,
    mean_value REAL,
    sdev REAL,
    perc_rank REAL,
    perc_value REAL,
    boolean_value INTEGER,
    time INTEGER,
    start_time INTEGER,
    end_time INTEGER,
    PRIMARY KEY (event, seq)
) WITHOUT ROWID;
