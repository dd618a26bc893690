-- A case row keeps the case's own JSON in `body`, so a pull hands it out as stored, and the sync
-- bookkeeping (part versions, conflicts) beside it in `meta`. Existing rows are split in place.
ALTER TABLE cases ADD COLUMN meta TEXT CHECK (meta IS NULL OR json_valid(meta));
UPDATE cases
   SET meta = json_remove(body, '$.case'),
       body = json_extract(body, '$.case')
 WHERE body IS NOT NULL;
