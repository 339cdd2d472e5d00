-- The event types stored, each once (strings ids): what GET /eventTypes lists beside the five standard types, since an
-- extension event's type may be any URI. The writers add a batch's types; the events stored before are read once here.
CREATE TABLE event_types (type BIGINT PRIMARY KEY);
INSERT INTO event_types (type) SELECT DISTINCT type FROM events;
