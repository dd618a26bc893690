-- Bookings of the tour plan's dates (issue 25), by citizens on the public page or by staff on a
-- citizen's behalf. Services are a JSON array of service ids; the slot is minutes since
-- midnight, absent while the booking waits for room. The citizen's link to cancel is not kept:
-- the server derives it from the id with a key of its own. Rows are deleted a retention time
-- after their date.
CREATE TABLE tour_bookings (
    id           TEXT PRIMARY KEY NOT NULL,
    municipality TEXT NOT NULL REFERENCES municipalities (regional_key),
    tour_date    TEXT NOT NULL REFERENCES tour_dates (id),
    code         TEXT NOT NULL,
    services     TEXT NOT NULL,
    starts_min   INTEGER,
    ends_min     INTEGER,
    name         TEXT NOT NULL,
    contact      TEXT NOT NULL,
    contact_key  TEXT,
    -- attended and no_show: what the clerk's laptop reported from the date (`case_id`: the
    -- visit it opened for the booking).
    status       TEXT NOT NULL
                 CHECK (status IN ('booked', 'waiting', 'cancelled', 'attended', 'no_show')),
    case_id      TEXT,
    booked_by    TEXT,
    -- 1, 2, … per date in the order bookings came (the waitlist's order); given while the
    -- date's row is held, so no two share one.
    arrival      INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    reminded_at  INTEGER,
    UNIQUE (municipality, code)
) STRICT;
CREATE UNIQUE INDEX tour_bookings_by_date ON tour_bookings (tour_date, arrival);
CREATE INDEX tour_bookings_by_contact ON tour_bookings (municipality, contact_key);

-- Booking attempts per subject (a digest of a client address, a date) and ten-minute window,
-- for the public page's rate limits. Kept for the window only.
CREATE TABLE booking_attempts (
    subject      TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    attempts     INTEGER NOT NULL,
    PRIMARY KEY (subject, window_start)
) STRICT;

-- Mails waiting for the SMTP relay: written in the transaction that makes them due, sent by a
-- scheduled job, deleted once the relay took them (they hold a citizen's address).
CREATE TABLE mail_outbox (
    id           TEXT PRIMARY KEY NOT NULL,
    recipient    TEXT NOT NULL,
    subject      TEXT NOT NULL,
    body         TEXT NOT NULL,
    queued_at    INTEGER NOT NULL,
    attempts     INTEGER NOT NULL,
    next_at      INTEGER NOT NULL
) STRICT;
