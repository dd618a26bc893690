-- The server writes `body` and `meta` only from its own serializer, and a pull hands `body` out as
-- stored; parsing both again on every write took a third of a sync push's database time.
ALTER TABLE cases DROP CONSTRAINT cases_body_check, DROP CONSTRAINT cases_meta_check;

-- SQLite's json_quote(text): the value as a JSON string. The pull assembles its page in SQL with
-- it, so one query serves both databases.
CREATE FUNCTION json_quote(value TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT to_json(value)::text $$;
