-- The definition of a board, read from every raw spin. The web never runs it: it is the oracle that
-- board.sql (the rollups) must equal entry for entry (RollupBoardEqualsSpinsBoardTest), and the baseline
-- of bench/board-scale.sh. One board over [$1, $2) on the campaign $3's games (NULL campaign or empty
-- Games = every game),
-- narrowed to game $4 when it is not NULL, ranked by metric $5, best $6 rows.
-- Same semantics as Board() in kql/schema/08-leaderboards.kql:
--   ratio  best single spin, Win / Stake by real division (the blog's query divided integers);
--          reached at the first spin with that ratio. Spins without a win rank no one.
--   wins   total Win, players with at least one win; reached at the last winning spin.
--   net    total Win - total Stake; reached at the last spin that changed it (Win <> Stake).
-- Ties share the best rank (1, 2, 2, 4); inside a tie the earlier ReachedAt, then the lower PlayerID.
-- Name is the player's profile name, or the id as text.
WITH board_games AS (
    SELECT coalesce((SELECT Games FROM Campaigns WHERE CampaignId = $3), []::INTEGER[]) AS Games
),
spins AS (
    SELECT s.PlayerID, s.Win, s.Stake, s.EventTime
    FROM GamePlay s, board_games b
    WHERE s.EventTime >= $1 AND s.EventTime < $2
      AND (len(b.Games) = 0 OR list_contains(b.Games, s.GameID))
      AND ($4::INTEGER IS NULL OR s.GameID = $4::INTEGER)
),
by_ratio AS (
    -- One aggregate, no sort: the smallest (-ratio, time) pair is the best ratio and when it was first reached.
    SELECT PlayerID, -Best.NegatedRatio AS Score, Best.ReachedAt AS ReachedAt
    FROM (
        SELECT PlayerID, min({'NegatedRatio': -(CAST(Win AS DOUBLE) / Stake), 'ReachedAt': EventTime}) AS Best
        FROM spins
        WHERE $5 = 'ratio' AND Win > 0 AND Stake > 0
        GROUP BY PlayerID
    )
),
by_wins AS (
    SELECT PlayerID, CAST(sum(Win) AS DOUBLE) AS Score, max(EventTime) FILTER (WHERE Win > 0) AS ReachedAt
    FROM spins
    WHERE $5 = 'wins'
    GROUP BY PlayerID
    HAVING sum(Win) > 0
),
by_net AS (
    SELECT PlayerID, CAST(sum(Win) - sum(Stake) AS DOUBLE) AS Score,
           coalesce(max(EventTime) FILTER (WHERE Win <> Stake), min(EventTime)) AS ReachedAt
    FROM spins
    WHERE $5 = 'net'
    GROUP BY PlayerID
),
scores AS (
    SELECT * FROM by_ratio UNION ALL SELECT * FROM by_wins UNION ALL SELECT * FROM by_net
)
SELECT rank() OVER (ORDER BY s.Score DESC) AS Rank,
       s.PlayerID,
       coalesce(p.Name, CAST(s.PlayerID AS VARCHAR)) AS Name,
       s.Score
FROM scores s
LEFT JOIN Players p ON p.PlayerID = s.PlayerID
ORDER BY s.Score DESC, s.ReachedAt NULLS LAST, s.PlayerID
LIMIT $6
