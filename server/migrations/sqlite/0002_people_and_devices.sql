-- Who works for which municipality, which laptops they enrolled, and their sign-in sessions.
-- Times are whole seconds since the Unix epoch.

ALTER TABLE municipalities
    ADD COLUMN offline_lease_days INTEGER NOT NULL DEFAULT 14
    CHECK (offline_lease_days BETWEEN 1 AND 90);

-- `serving` handles citizens of `served` (a Verwaltungsgemeinschaft: Meerane serves Schönberg).
CREATE TABLE delegations (
    serving TEXT NOT NULL REFERENCES municipalities (regional_key),
    served  TEXT NOT NULL REFERENCES municipalities (regional_key),
    PRIMARY KEY (serving, served),
    CHECK (serving <> served)
) STRICT;

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    municipality  TEXT NOT NULL REFERENCES municipalities (regional_key),
    username      TEXT NOT NULL UNIQUE CHECK (length(username) BETWEEN 1 AND 64),
    display_name  TEXT NOT NULL CHECK (length(display_name) > 0),
    role          TEXT NOT NULL CHECK (role IN ('clerk', 'back_office', 'admin')),
    password_hash TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%')
) STRICT;

CREATE TABLE devices (
    id              TEXT PRIMARY KEY NOT NULL,
    municipality    TEXT NOT NULL REFERENCES municipalities (regional_key),
    enrolled_by     INTEGER NOT NULL REFERENCES users (id),
    label           TEXT NOT NULL,
    credential_hash BLOB NOT NULL,
    enrolled_at     INTEGER NOT NULL,
    last_contact_at INTEGER NOT NULL,
    revoked_at      INTEGER
) STRICT;

CREATE TABLE sessions (
    token_hash BLOB PRIMARY KEY NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    device_id  TEXT NOT NULL REFERENCES devices (id),
    expires_at INTEGER NOT NULL
) STRICT;

CREATE INDEX sessions_by_device ON sessions (device_id);
