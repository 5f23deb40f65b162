-- The latest profile per player wins: an older UpdatedAt (a late or replayed record) changes nothing.
INSERT INTO Players (PlayerID, Name, Country, UpdatedAt)
SELECT PlayerID, Name, Country, UpdatedAt FROM PlayerChanges WHERE NOT Deleted
ON CONFLICT (PlayerID) DO UPDATE
SET Name = excluded.Name, Country = excluded.Country, UpdatedAt = excluded.UpdatedAt
WHERE excluded.UpdatedAt >= Players.UpdatedAt
