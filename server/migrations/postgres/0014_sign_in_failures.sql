-- Failed sign-ins per account and per client address ("account:…", "address:…"), in the
-- database so that every server instance on it counts the same failures. A row whose last
-- failure is older than the longest wait is dropped at the next sign-in.
CREATE TABLE sign_in_failures (
    subject         TEXT PRIMARY KEY NOT NULL,
    failures        BIGINT NOT NULL CHECK (failures >= 0),
    last_failure_at BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_by_age ON sign_in_failures (last_failure_at);
