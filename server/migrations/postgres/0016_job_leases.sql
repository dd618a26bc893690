-- Scheduled jobs run on exactly one instance at a time, among any number on one database: the
-- instance holding a job's lease runs it; a lease not renewed expires, and another takes over.
CREATE TABLE job_leases (
    job        TEXT PRIMARY KEY NOT NULL,
    holder     TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
