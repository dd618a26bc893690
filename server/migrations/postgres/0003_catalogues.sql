-- One service catalogue per municipality. `body` is the JSON of places and services; `version`
-- rises with every replacement so devices know to fetch it again.
CREATE TABLE catalogues (
    municipality TEXT PRIMARY KEY NOT NULL
                 REFERENCES municipalities (regional_key) ON DELETE CASCADE,
    version      BIGINT NOT NULL CHECK (version >= 1),
    -- Kept as the exact text the server wrote; the cast refuses anything that is not JSON.
    body         TEXT NOT NULL CHECK ((body::jsonb) IS NOT NULL)
);
