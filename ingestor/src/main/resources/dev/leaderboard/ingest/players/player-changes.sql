-- One poll's changes, one row per player, appended in bulk; per connection, gone with it.
CREATE TEMP TABLE IF NOT EXISTS PlayerChanges (
    PlayerID  INTEGER NOT NULL,
    Deleted   BOOLEAN NOT NULL,
    Name      VARCHAR,
    Country   VARCHAR,
    UpdatedAt TIMESTAMP
);
DELETE FROM PlayerChanges;
