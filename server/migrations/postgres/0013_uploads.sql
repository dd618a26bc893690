-- Photos under way in parts (`attachments` takes them once the last part is in and the whole
-- matches its SHA-256): per device, so one device cannot add to another's upload. The offset a
-- part starts at is the sum of the parts before it; the key refuses a second part at the same
-- offset (two attempts racing after a cut).
CREATE TABLE uploads (
    municipality TEXT NOT NULL REFERENCES municipalities (regional_key),
    sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
    device_id    TEXT NOT NULL,
    total_bytes  BIGINT NOT NULL CHECK (total_bytes >= 0),
    started_at   BIGINT NOT NULL,
    PRIMARY KEY (municipality, sha256, device_id)
);
CREATE TABLE upload_parts (
    municipality TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    device_id    TEXT NOT NULL,
    part_offset  BIGINT NOT NULL CHECK (part_offset >= 0),
    body         BYTEA NOT NULL,
    PRIMARY KEY (municipality, sha256, device_id, part_offset),
    FOREIGN KEY (municipality, sha256, device_id)
        REFERENCES uploads (municipality, sha256, device_id) ON DELETE CASCADE
);
