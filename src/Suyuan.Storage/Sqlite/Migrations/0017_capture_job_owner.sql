-- The enterprise (USCC) that sent a capture job, when an enterprise did: it reads its own jobs, regulators and admins all.
ALTER TABLE capture_jobs ADD COLUMN enterprise TEXT;
