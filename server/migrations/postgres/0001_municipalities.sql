-- Every municipality is a space of its own; all citizen data will hang off this key.
-- (PostgreSQL twin of migrations/sqlite; integers are BIGINT throughout, as the app reads i64.)
CREATE TABLE municipalities (
    regional_key TEXT PRIMARY KEY NOT NULL CHECK (length(regional_key) = 12),
    name         TEXT NOT NULL CHECK (length(name) > 0)
);
