-- The town hall decides a flagged conflict (which of two values of a part stays): a change of its
-- own kind in a case's record. SQLite cannot widen a CHECK in place, so the record's table is
-- rebuilt with every row, column and key as they were.
CREATE TABLE case_events_widened (
    municipality       TEXT NOT NULL REFERENCES municipalities (regional_key),
    case_id            TEXT NOT NULL,
    seq                INTEGER NOT NULL CHECK (seq >= 0),
    version            INTEGER NOT NULL,
    at_ms              INTEGER NOT NULL,
    user_id            INTEGER NOT NULL REFERENCES users (id),
    by_user            TEXT NOT NULL,
    device_id          TEXT NOT NULL,
    kind               TEXT NOT NULL CHECK (kind IN ('filed', 'edited', 'status', 'resolved')),
    status             TEXT,
    state              TEXT NOT NULL,
    prev               TEXT NOT NULL,
    hash               TEXT NOT NULL,
    seal_id            INTEGER NOT NULL REFERENCES audit_seals (id),
    proposed_content   TEXT,
    proposed_signature INTEGER REFERENCES device_signatures (id),
    PRIMARY KEY (municipality, case_id, seq)
) STRICT;
INSERT INTO case_events_widened
    SELECT municipality, case_id, seq, version, at_ms, user_id, by_user, device_id, kind, status,
           state, prev, hash, seal_id, proposed_content, proposed_signature
      FROM case_events;
DROP TABLE case_events;
ALTER TABLE case_events_widened RENAME TO case_events;
