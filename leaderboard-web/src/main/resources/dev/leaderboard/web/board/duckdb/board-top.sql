-- The end of board-scores.sql for the best $31 players, best first. No rank here: DuckDbBoard numbers
-- the rows as it reads them (ties share the best rank: 1, 2, 2, 4), which spares a sort of every player.
SELECT s.PlayerID, coalesce(p.Name, CAST(s.PlayerID AS VARCHAR)) AS Name, s.Score
FROM (
    SELECT * FROM scores
    ORDER BY Score DESC, ReachedAt NULLS LAST, PlayerID
    LIMIT $31
) s
LEFT JOIN Players p ON p.PlayerID = s.PlayerID
ORDER BY s.Score DESC, s.ReachedAt NULLS LAST, s.PlayerID
