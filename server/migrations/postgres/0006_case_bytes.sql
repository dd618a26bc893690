-- A case row keeps the case's own JSON in `body`, so a pull hands it out as stored, and the sync
-- bookkeeping (part versions, conflicts) beside it in `meta`. Existing rows are split in place.
ALTER TABLE cases ADD COLUMN meta TEXT CHECK (meta IS NULL OR (meta::jsonb) IS NOT NULL);
UPDATE cases
   SET meta = ((body::jsonb) - 'case')::text,
       body = ((body::jsonb) -> 'case')::text
 WHERE body IS NOT NULL;
