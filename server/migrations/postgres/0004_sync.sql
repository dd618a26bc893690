-- Sync: every municipality is a space whose version counts every applied change; each case row
-- carries the version that last changed it, so a pull is "rows after my cookie, in order".
CREATE TABLE spaces (
    municipality TEXT PRIMARY KEY NOT NULL REFERENCES municipalities (regional_key),
    version      BIGINT NOT NULL DEFAULT 0 CHECK (version >= 0)
);

-- The last mutation processed per client (an enrolled device), in the same transaction as its
-- effects, so a retried push is recognised.
CREATE TABLE sync_clients (
    client_id        TEXT PRIMARY KEY NOT NULL,
    last_mutation_id BIGINT NOT NULL CHECK (last_mutation_id >= 0)
);

CREATE TABLE cases (
    municipality TEXT NOT NULL REFERENCES municipalities (regional_key),
    id           TEXT NOT NULL CHECK (length(id) > 0),
    version      BIGINT NOT NULL,
    deleted      BIGINT NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    flagged      BIGINT NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
    body         TEXT CHECK (body IS NULL OR (body::jsonb) IS NOT NULL),
    PRIMARY KEY (municipality, id)
);
CREATE UNIQUE INDEX cases_by_version ON cases (municipality, version);
