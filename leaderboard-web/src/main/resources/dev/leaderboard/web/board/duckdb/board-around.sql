-- The end of board-scores.sql for player $32 and $31 neighbours on each side, over the whole field
-- (nothing when the player has no score), with their ranks.
, ranked AS (
    SELECT PlayerID, Score,
           rank() OVER (ORDER BY Score DESC) AS Rank,
           row_number() OVER (ORDER BY Score DESC, ReachedAt NULLS LAST, PlayerID) AS Position
    FROM scores
)
SELECT r.Rank, r.PlayerID, coalesce(p.Name, CAST(r.PlayerID AS VARCHAR)) AS Name, r.Score
FROM ranked r
LEFT JOIN Players p ON p.PlayerID = r.PlayerID
WHERE abs(r.Position - (SELECT Position FROM ranked WHERE PlayerID = $32)) <= $31
ORDER BY r.Position
