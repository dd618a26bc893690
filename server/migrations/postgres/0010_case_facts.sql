-- What the back office filters by and the evaluation aggregates (domain::evaluation::CaseFacts):
-- one row per service a case requests, written with the case, so the figures are computed in the
-- database without reading a case. Cases stored before this table get theirs on the next start
-- (`database::facts::fill_missing`), which this migration asks for once in `pending_fills`.
CREATE TABLE case_facts (
    municipality     TEXT NOT NULL REFERENCES municipalities (regional_key),
    case_id          TEXT NOT NULL,
    service          TEXT NOT NULL,
    -- 1 on one row of each case (its first service), 0 on the others: cases are counted by
    -- summing it, without a DISTINCT the database would sort for.
    first_service    INTEGER NOT NULL CHECK (first_service IN (0, 1)),
    status           TEXT NOT NULL,
    place            TEXT NOT NULL,
    day              TEXT NOT NULL,
    week             TEXT NOT NULL,
    clerk            TEXT NOT NULL,
    opened_ms        BIGINT NOT NULL,
    handling_ms      BIGINT,
    rejection_reason TEXT,
    PRIMARY KEY (municipality, case_id, service)
);
-- The evaluation reads a period of one or more municipalities: this index finds its rows and
-- holds most columns the figures are grouped by.
CREATE INDEX case_facts_by_day
    ON case_facts (municipality, day, service, place, week, status, handling_ms);

-- Work a migration leaves for the server's next start, done once and then deleted.
CREATE TABLE pending_fills (
    what TEXT PRIMARY KEY NOT NULL
);
INSERT INTO pending_fills (what) VALUES ('case_facts');
