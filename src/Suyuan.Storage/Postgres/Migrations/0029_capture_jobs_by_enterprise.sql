-- An enterprise lists its own capture jobs, newest first: found by the index rather than by walking every party's jobs.
CREATE INDEX capture_jobs_enterprise ON capture_jobs (enterprise, id) WHERE enterprise IS NOT NULL;
