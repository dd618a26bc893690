-- Devices sign what they propose. Each device registers the public half of an ECDSA P-256 key it
-- made at enrolment (SEC1, uncompressed, hex); the first key registered stays. A push carries one
-- signature over its proposals (case and SHA-256 of the case as sent); it is kept, and the events
-- it led to name it and the content they rest on, so the record shows what the device signed.
ALTER TABLE devices ADD COLUMN public_key TEXT;

CREATE TABLE device_signatures (
    id         INTEGER PRIMARY KEY,
    device_id  TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    proposals  TEXT NOT NULL,
    signature  TEXT NOT NULL
) STRICT;

ALTER TABLE case_events ADD COLUMN proposed_content TEXT;
ALTER TABLE case_events ADD COLUMN proposed_signature INTEGER REFERENCES device_signatures (id);
