-- What the admins of a municipality did in the console (people created, disabled, given a new
-- password; laptops revoked; places, offline lease and catalogue changed), shown to them in the
-- console. Written with the action, in the same transaction.
CREATE TABLE admin_log (
    id           INTEGER PRIMARY KEY,
    municipality TEXT NOT NULL REFERENCES municipalities (regional_key),
    at           INTEGER NOT NULL,
    by_user      TEXT NOT NULL,
    action       TEXT NOT NULL CHECK (action IN
                     ('person_created', 'person_disabled', 'password_set', 'device_revoked',
                      'places_changed', 'lease_changed', 'catalogue_replaced')),
    subject      TEXT NOT NULL
) STRICT;
CREATE INDEX admin_log_by_municipality ON admin_log (municipality, id);
