-- An alert is told apart by the first 16 bytes of the SHA-256 of its dedupe key instead of the key's text (up to ~160
-- characters, kept in the row and again in its unique index); a receipt still waiting for its shipment (food_unshipped)
-- names its alert by id. AlertStore computes the same hash (MigrationTests checks that the two agree).
ALTER TABLE alerts ADD COLUMN dedupe BYTEA;
UPDATE alerts SET dedupe = substring(sha256(convert_to(dedupe_key, 'UTF8')) FROM 1 FOR 16);
ALTER TABLE alerts ALTER COLUMN dedupe SET NOT NULL;

ALTER TABLE food_unshipped ADD COLUMN alert_id BIGINT;
UPDATE food_unshipped u SET alert_id = a.id FROM alerts a WHERE a.dedupe_key = u.alert_key;
DELETE FROM food_unshipped WHERE alert_id IS NULL;
ALTER TABLE food_unshipped ALTER COLUMN alert_id SET NOT NULL;
-- Drops the primary key and the index that named the key's text with it.
ALTER TABLE food_unshipped DROP COLUMN alert_key;
ALTER TABLE food_unshipped ADD PRIMARY KEY (subject, receiver, alert_id);
CREATE INDEX food_unshipped_alert ON food_unshipped (alert_id);

ALTER TABLE alerts DROP COLUMN dedupe_key;
ALTER TABLE alerts ADD CONSTRAINT alerts_dedupe_unique UNIQUE (dedupe);
