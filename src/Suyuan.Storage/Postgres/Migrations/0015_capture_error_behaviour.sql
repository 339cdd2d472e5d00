-- The GS1-Capture-Error-Behaviour a job was sent with: the REST binding's capture job shows it.
ALTER TABLE capture_jobs ADD COLUMN proceed BOOLEAN NOT NULL DEFAULT FALSE;
