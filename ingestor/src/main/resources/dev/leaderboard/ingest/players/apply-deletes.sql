-- Tombstones on the compacted topic: those players have no profile any more.
DELETE FROM Players WHERE PlayerID IN (SELECT PlayerID FROM PlayerChanges WHERE Deleted)
