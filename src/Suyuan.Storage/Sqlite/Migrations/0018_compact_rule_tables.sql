-- The rules' tables stored compactly. A rule table keyed by text kept every key twice (the row, with a rowid, and the
-- primary key's index); WITHOUT ROWID tables keep each row once, in its key's order. An alert is told apart by the first
-- 16 bytes of the SHA-256 of its dedupe key (suyuan_key_hash, the function AlertStore uses) instead of the key's text,
-- which was up to ~160 characters stored twice; a receipt still waiting for its shipment (food_unshipped) names its
-- alert by id. A chain break in the capture benchmark went from about 1,600 bytes of these rows to about 760.

CREATE TABLE alerts_compact (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    dedupe BLOB NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    category TEXT NOT NULL,
    department TEXT NOT NULL,
    enterprise TEXT,
    subjects TEXT NOT NULL,
    event_ids TEXT NOT NULL,
    message TEXT NOT NULL,
    occurred_at INTEGER NOT NULL,
    raised_at INTEGER NOT NULL,
    acknowledged_at INTEGER,
    acknowledged_by TEXT,
    note TEXT
);
INSERT INTO alerts_compact (id, dedupe, kind, category, department, enterprise, subjects, event_ids, message, occurred_at, raised_at, acknowledged_at, acknowledged_by, note)
SELECT id, suyuan_key_hash(dedupe_key), kind, category, department, enterprise, subjects, event_ids, message, occurred_at, raised_at, acknowledged_at, acknowledged_by, note
FROM alerts;
-- Ids are never given again, also those of the highest alerts if they had been removed.
UPDATE sqlite_sequence SET seq = MAX(seq, (SELECT seq FROM sqlite_sequence WHERE name = 'alerts')) WHERE name = 'alerts_compact';
INSERT INTO sqlite_sequence (name, seq)
SELECT 'alerts_compact', seq FROM sqlite_sequence WHERE name = 'alerts' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'alerts_compact');

CREATE TABLE food_unshipped_compact (
    subject TEXT NOT NULL,
    receiver TEXT NOT NULL,
    alert_id INTEGER NOT NULL,
    PRIMARY KEY (subject, receiver, alert_id)
) WITHOUT ROWID;
INSERT OR IGNORE INTO food_unshipped_compact (subject, receiver, alert_id)
SELECT u.subject, u.receiver, a.id FROM food_unshipped u JOIN alerts a ON a.dedupe_key = u.alert_key;
DROP TABLE food_unshipped;
ALTER TABLE food_unshipped_compact RENAME TO food_unshipped;
CREATE INDEX food_unshipped_alert ON food_unshipped (alert_id);

DROP TABLE alerts;
ALTER TABLE alerts_compact RENAME TO alerts;
CREATE INDEX alerts_raised ON alerts (raised_at);
CREATE INDEX alerts_kind ON alerts (kind, raised_at);
CREATE INDEX alerts_department ON alerts (department, raised_at);
CREATE INDEX alerts_enterprise ON alerts (enterprise, raised_at);

CREATE TABLE food_certified_lots_compact (subject TEXT PRIMARY KEY, certificate TEXT NOT NULL, event_id TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO food_certified_lots_compact SELECT subject, certificate, event_id FROM food_certified_lots;
DROP TABLE food_certified_lots;
ALTER TABLE food_certified_lots_compact RENAME TO food_certified_lots;

CREATE TABLE food_meat_lots_compact (subject TEXT PRIMARY KEY, certificate TEXT, event_id TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO food_meat_lots_compact SELECT subject, certificate, event_id FROM food_meat_lots;
DROP TABLE food_meat_lots;
ALTER TABLE food_meat_lots_compact RENAME TO food_meat_lots;

CREATE TABLE food_pesticide_products_compact (registration_number TEXT PRIMARY KEY, product_name TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO food_pesticide_products_compact SELECT registration_number, product_name FROM food_pesticide_products;
DROP TABLE food_pesticide_products;
ALTER TABLE food_pesticide_products_compact RENAME TO food_pesticide_products;

CREATE TABLE food_pesticide_applications_compact (
    location TEXT NOT NULL,
    event_id TEXT NOT NULL,
    product TEXT NOT NULL,
    applied_at INTEGER NOT NULL,
    safe_from INTEGER NOT NULL,
    interval_days INTEGER NOT NULL,
    PRIMARY KEY (location, event_id)
) WITHOUT ROWID;
INSERT INTO food_pesticide_applications_compact SELECT location, event_id, product, applied_at, safe_from, interval_days FROM food_pesticide_applications;
DROP TABLE food_pesticide_applications;
ALTER TABLE food_pesticide_applications_compact RENAME TO food_pesticide_applications;

CREATE TABLE food_drug_serials_compact (subject TEXT PRIMARY KEY, event_id TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO food_drug_serials_compact SELECT subject, event_id FROM food_drug_serials;
DROP TABLE food_drug_serials;
ALTER TABLE food_drug_serials_compact RENAME TO food_drug_serials;

CREATE TABLE food_drug_expiry_compact (subject TEXT PRIMARY KEY, expiry TEXT NOT NULL, event_id TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO food_drug_expiry_compact SELECT subject, expiry, event_id FROM food_drug_expiry;
DROP TABLE food_drug_expiry;
ALTER TABLE food_drug_expiry_compact RENAME TO food_drug_expiry;

CREATE TABLE food_containment_compact (child TEXT PRIMARY KEY, parent TEXT NOT NULL, event_id TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO food_containment_compact SELECT child, parent, event_id FROM food_containment;
DROP TABLE food_containment;
ALTER TABLE food_containment_compact RENAME TO food_containment;

CREATE TABLE food_recalled_compact (subject TEXT PRIMARY KEY, event_id TEXT NOT NULL, recalled_at INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO food_recalled_compact SELECT subject, event_id, recalled_at FROM food_recalled;
DROP TABLE food_recalled;
ALTER TABLE food_recalled_compact RENAME TO food_recalled;

CREATE TABLE food_shipments_compact (
    subject TEXT NOT NULL,
    destination TEXT NOT NULL,
    event_id TEXT NOT NULL,
    PRIMARY KEY (subject, destination)
) WITHOUT ROWID;
INSERT INTO food_shipments_compact SELECT subject, destination, event_id FROM food_shipments;
DROP TABLE food_shipments;
ALTER TABLE food_shipments_compact RENAME TO food_shipments;
