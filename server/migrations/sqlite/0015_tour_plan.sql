-- The tour plan (issue 25): when the Koffer goes where. A row per date; dates planned together
-- (a repeat) share their series. Clerks and slots are JSON arrays of the wire's `Slot` and user
-- names; day and decide_on are ISO dates, the window minutes since midnight (German time).
CREATE TABLE tour_dates (
    id           TEXT PRIMARY KEY NOT NULL,
    municipality TEXT NOT NULL REFERENCES municipalities (regional_key),
    series       TEXT NOT NULL,
    place        TEXT NOT NULL,
    day          TEXT NOT NULL CHECK (length(day) = 10),
    starts_min   INTEGER NOT NULL CHECK (starts_min >= 0 AND starts_min < 1440),
    ends_min     INTEGER NOT NULL CHECK (ends_min > starts_min AND ends_min < 1440),
    clerks       TEXT NOT NULL,
    slots        TEXT NOT NULL,
    notes        TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('planned', 'provisional', 'cancelled')),
    min_bookings INTEGER,
    decide_on    TEXT,
    planned_by   TEXT NOT NULL,
    planned_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX tour_dates_by_day ON tour_dates (municipality, day);
