-- One service catalogue per municipality. `body` is the JSON of places and services; `version`
-- rises with every replacement so devices know to fetch it again.
CREATE TABLE catalogues (
    municipality TEXT PRIMARY KEY NOT NULL
                 REFERENCES municipalities (regional_key) ON DELETE CASCADE,
    version      INTEGER NOT NULL CHECK (version >= 1),
    body         TEXT NOT NULL CHECK (json_valid(body))
) STRICT;
