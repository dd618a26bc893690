-- A citizen's request at a Bürger-Terminal to be called back (issue 28): kept for the back office
-- of the terminal's municipality until done, then a while for the record of it, then deleted.
CREATE TABLE callback_requests (
    id           TEXT PRIMARY KEY NOT NULL,
    municipality TEXT NOT NULL REFERENCES municipalities (regional_key),
    terminal     TEXT NOT NULL REFERENCES devices (id),
    place        TEXT NOT NULL,
    name         TEXT NOT NULL,
    phone        TEXT NOT NULL,
    topic        TEXT NOT NULL,
    requested_at BIGINT NOT NULL,
    done_at      BIGINT,
    done_by      TEXT
);
CREATE INDEX callback_requests_by_municipality ON callback_requests (municipality, requested_at);
