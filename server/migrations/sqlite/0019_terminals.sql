-- The Bürger-Terminal (issue 28): a kiosk enrolled like a laptop, but bound to one of the
-- municipality's places. Laptops stay what every existing device is.
ALTER TABLE devices ADD COLUMN kind TEXT NOT NULL DEFAULT 'laptop'
    CHECK (kind IN ('laptop', 'terminal'));
ALTER TABLE devices ADD COLUMN place TEXT;

-- A terminal is enrolled with a one-time code an admin makes in the town hall's console, so no
-- password is ever typed on a public kiosk. Kept only as a digest, until used or expired.
CREATE TABLE terminal_codes (
    code_hash    BLOB PRIMARY KEY NOT NULL,
    municipality TEXT NOT NULL REFERENCES municipalities (regional_key),
    place        TEXT NOT NULL,
    label        TEXT NOT NULL,
    created_by   INTEGER NOT NULL REFERENCES users (id),
    expires_at   INTEGER NOT NULL
) STRICT;

-- The admin log names making a terminal's code too (SQLite changes a CHECK only by building
-- the table anew).
CREATE TABLE admin_log_new (
    id           INTEGER PRIMARY KEY,
    municipality TEXT NOT NULL REFERENCES municipalities (regional_key),
    at           INTEGER NOT NULL,
    by_user      TEXT NOT NULL,
    action       TEXT NOT NULL CHECK (action IN
                     ('person_created', 'person_disabled', 'password_set', 'device_revoked',
                      'places_changed', 'lease_changed', 'catalogue_replaced', 'route_set',
                      'route_removed', 'terminal_invited')),
    subject      TEXT NOT NULL
) STRICT;
INSERT INTO admin_log_new (id, municipality, at, by_user, action, subject)
    SELECT id, municipality, at, by_user, action, subject FROM admin_log;
DROP TABLE admin_log;
ALTER TABLE admin_log_new RENAME TO admin_log;
CREATE INDEX admin_log_by_municipality ON admin_log (municipality, id);
