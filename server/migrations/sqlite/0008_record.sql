-- The server owns the record. Each case row names the device that filed it (the only one that may
-- change it, and the only one that pulls it) and its case number (unique per municipality, checked
-- by the server). Rows filed before this migration name no device: no device pulls them.
ALTER TABLE cases ADD COLUMN device_id TEXT;
ALTER TABLE cases ADD COLUMN number TEXT;
UPDATE cases SET number = json_extract(body, '$.number') WHERE body IS NOT NULL;
CREATE INDEX cases_by_device ON cases (device_id, municipality, version);
CREATE INDEX cases_by_number ON cases (municipality, number);

-- The tamper-evident record (domain::audit): every stored change of a case, who made it from
-- which device by the server's clock, the SHA-256 of the case after it and of the event before,
-- sealed per push or decision by the server's key. A case row names its newest event.
CREATE TABLE audit_seals (
    id         INTEGER PRIMARY KEY,
    created_at INTEGER NOT NULL,
    heads      TEXT NOT NULL,
    signature  TEXT NOT NULL
) STRICT;

CREATE TABLE case_events (
    municipality TEXT NOT NULL REFERENCES municipalities (regional_key),
    case_id      TEXT NOT NULL,
    seq          INTEGER NOT NULL CHECK (seq >= 0),
    version      INTEGER NOT NULL,
    at_ms        INTEGER NOT NULL,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    by_user      TEXT NOT NULL,
    device_id    TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('filed', 'edited', 'status')),
    status       TEXT,
    state        TEXT NOT NULL,
    prev         TEXT NOT NULL,
    hash         TEXT NOT NULL,
    seal_id      INTEGER NOT NULL REFERENCES audit_seals (id),
    PRIMARY KEY (municipality, case_id, seq)
) STRICT;

ALTER TABLE cases ADD COLUMN record_seq INTEGER;
ALTER TABLE cases ADD COLUMN record_head TEXT;

-- The devices that uploaded a photo: besides the back office, only they may fetch it again.
CREATE TABLE attachment_holders (
    municipality TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    device_id    TEXT NOT NULL,
    PRIMARY KEY (municipality, sha256, device_id)
) STRICT;

-- Storage per municipality: what its cases and photos take, against a quota the operator sets.
ALTER TABLE municipalities ADD COLUMN storage_quota_bytes INTEGER NOT NULL DEFAULT 10737418240
    CHECK (storage_quota_bytes >= 0);
ALTER TABLE spaces ADD COLUMN stored_bytes INTEGER NOT NULL DEFAULT 0;
INSERT INTO spaces (municipality, version)
    SELECT DISTINCT municipality, 0 FROM attachments
    WHERE municipality NOT IN (SELECT municipality FROM spaces);
UPDATE spaces SET stored_bytes =
    (SELECT coalesce(sum(length(coalesce(body, '')) + length(coalesce(meta, ''))), 0)
       FROM cases WHERE cases.municipality = spaces.municipality)
  + (SELECT coalesce(sum(size), 0) FROM attachments
      WHERE attachments.municipality = spaces.municipality);

-- A disabled person can neither sign in nor enrol a laptop; their sessions end and their
-- laptops are revoked when it is set (seconds since the epoch).
ALTER TABLE users ADD COLUMN disabled_at INTEGER;
