-- The blog's leaderboard, fixed: each player's best single spin by Win / Stake with real division
-- (the original's integer division turned 495/10 into 49). Spins without a win rank no one, as in the blog.
-- Ties share a rank (1, 2, 2, 4). Within a tie, whoever reached the score first comes first, then the lower id.
WITH best AS (
    SELECT PlayerID,
           CAST(Win AS DOUBLE) / Stake AS Score,
           EventTime AS ReachedAt,
           row_number() OVER (
               PARTITION BY PlayerID
               ORDER BY CAST(Win AS DOUBLE) / Stake DESC, EventTime
           ) AS Nth
    FROM GamePlay
    WHERE Win > 0
)
SELECT rank() OVER (ORDER BY Score DESC) AS Rank,
       PlayerID,
       Score
FROM best
WHERE Nth = 1
ORDER BY Score DESC, ReachedAt, PlayerID
LIMIT ?
