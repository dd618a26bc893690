-- The Bürger-Terminal (issue 28): a kiosk enrolled like a laptop, but bound to one of the
-- municipality's places. Laptops stay what every existing device is.
ALTER TABLE devices ADD COLUMN kind TEXT NOT NULL DEFAULT 'laptop'
    CHECK (kind IN ('laptop', 'terminal'));
ALTER TABLE devices ADD COLUMN place TEXT;

-- A terminal is enrolled with a one-time code an admin makes in the town hall's console, so no
-- password is ever typed on a public kiosk. Kept only as a digest, until used or expired.
CREATE TABLE terminal_codes (
    code_hash    BYTEA PRIMARY KEY NOT NULL,
    municipality TEXT NOT NULL REFERENCES municipalities (regional_key),
    place        TEXT NOT NULL,
    label        TEXT NOT NULL,
    created_by   BIGINT NOT NULL REFERENCES users (id),
    expires_at   BIGINT NOT NULL
);

-- The admin log names making a terminal's code too.
ALTER TABLE admin_log DROP CONSTRAINT admin_log_action_check;
ALTER TABLE admin_log ADD CONSTRAINT admin_log_action_check CHECK (action IN
    ('person_created', 'person_disabled', 'password_set', 'device_revoked', 'places_changed',
     'lease_changed', 'catalogue_replaced', 'route_set', 'route_removed', 'terminal_invited'));
