-- A tombstone on the compacted topic: the player has no profile any more.
DELETE FROM Players WHERE PlayerID = ?
