-- Photos of documents, content-addressed per municipality: the key is the SHA-256 of the bytes,
-- checked by the server, so an upload repeated after a lost answer changes nothing.
CREATE TABLE attachments (
    municipality TEXT NOT NULL REFERENCES municipalities (regional_key),
    sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL CHECK (size >= 0),
    body         BLOB NOT NULL,
    received_at  INTEGER NOT NULL,
    PRIMARY KEY (municipality, sha256)
) STRICT;
