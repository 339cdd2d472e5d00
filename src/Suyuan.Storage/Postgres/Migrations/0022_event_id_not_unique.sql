-- An error declaration is captured as the erroneous event again, with the same eventID and an errorDeclaration added
-- (EPCIS 2.0), and is kept beside the event: an eventID may have more than one row. Re-sends of the same event are still
-- stored once; the store decides that by the events' content before it writes.
CREATE INDEX events_event_id ON events (event_id);
ALTER TABLE events DROP CONSTRAINT events_event_id_key;
