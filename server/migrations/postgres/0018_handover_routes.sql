-- Where a municipality's cases of a service are submitted over FIT-Connect (issue 27), as the
-- operator sets it: the destination's id, its public encryption key (a JWK, checked when set)
-- and the day that key stops being valid, and the schema the destination expects the data in
-- (its URI and the JSON schema itself, for the check before sending).
CREATE TABLE handover_routes (
    municipality    TEXT NOT NULL REFERENCES municipalities (regional_key),
    service         TEXT NOT NULL,
    destination     TEXT NOT NULL,
    key_jwk         TEXT NOT NULL,
    key_valid_until TEXT NOT NULL,
    schema_uri      TEXT NOT NULL,
    data_schema     TEXT NOT NULL,
    updated_at      BIGINT NOT NULL,
    PRIMARY KEY (municipality, service)
);

-- The admin log names setting and removing a route too.
ALTER TABLE admin_log DROP CONSTRAINT admin_log_action_check;
ALTER TABLE admin_log ADD CONSTRAINT admin_log_action_check CHECK (action IN
    ('person_created', 'person_disabled', 'password_set', 'device_revoked', 'places_changed',
     'lease_changed', 'catalogue_replaced', 'route_set', 'route_removed'));

-- Each requested service of a case the back office released for submission over FIT-Connect:
-- released (waiting for the sending job), submitted (the submission service's ids), accepted
-- or rejected by the destination (its problems as JSON text), or failed (the sending gave up;
-- the reason). Releasing again after a rejection or failure starts a new submission.
CREATE TABLE handover_submissions (
    municipality  TEXT NOT NULL REFERENCES municipalities (regional_key),
    case_id       TEXT NOT NULL,
    service       TEXT NOT NULL,
    destination   TEXT NOT NULL,
    state         TEXT NOT NULL
                  CHECK (state IN ('released', 'submitted', 'accepted', 'rejected', 'failed')),
    submission_id TEXT,
    fit_case_id   TEXT,
    problems      TEXT NOT NULL,
    attempts      INTEGER NOT NULL,
    released_by   TEXT NOT NULL,
    released_at   BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (municipality, case_id, service)
);
CREATE INDEX handover_submissions_waiting ON handover_submissions (state);
