-- The GS1-Capture-Error-Behaviour a job was sent with (0 rollback, 1 proceed): the REST binding's capture job shows it.
ALTER TABLE capture_jobs ADD COLUMN proceed INTEGER NOT NULL DEFAULT 0;
