-- The town hall decides a flagged conflict (which of two values of a part stays): a change of its
-- own kind in a case's record.
ALTER TABLE case_events DROP CONSTRAINT case_events_kind_check;
ALTER TABLE case_events ADD CONSTRAINT case_events_kind_check
    CHECK (kind IN ('filed', 'edited', 'status', 'resolved'));
