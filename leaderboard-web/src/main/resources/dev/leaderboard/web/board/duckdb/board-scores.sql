-- The scores of one board from the rollups (the ingestor's rollup-table.sql), never from every spin: the head
-- of board-top.sql and board-around.sql, which end it (DuckDbBoard joins them). RollupReads splits the
-- board's range [from, to) into whole bins of the coarsest grain that fits, finer bins at the edges, and
-- raw spins only for the partial minutes at the two edges; from the ingestor's RollupWatermark on, where the
-- coarse tables stop, minute bins. Each pair of parameters is one such part,
-- [start, end) of bin starts (or of event times, for spins); a part not needed is empty (start = end).
--   $1 $2 century bins | $3 $4, $5 $6 day bins | $7 $8, $9 $10 hour bins | $11 $12, $13 $14 minute bins
--   $15 $16, $17 $18 raw spins | $25 $26 RollupLate's minute rows counted with the coarse bins (RollupReads.late)
--   $27 $28, $29 $30 ten-minute bins (added last, so that the others kept their numbers)
--   {ratioCut}: DuckDbBoard's switch, true for board-top.sql (the best $31 players), false for board-around.sql
--   (which ranks the whole field): see ratio_cut
-- Then the campaign $19's games (NULL campaign or empty Games = every game), game $20 when not NULL,
-- metric $21. $22 and $23 switch between the per-game tables and those kept per player over all games
-- (*AllGames), which a board over every game (no game filter, no campaign games) reads instead: each is
-- an upper bound on Bin, 'infinity' (on) or '-infinity' (off: no bin is before it, so DuckDB skips all of
-- that table's row groups by their min and max, as it does for an empty span). A board over a whole campaign whose rollup is built (RollupCampaignBuilt)
-- and without a game filter reads that alone: $24 is its CampaignId, every span is empty, and $19 is
-- NULL (the rollup holds only the campaign's games, as GameID 0); $24 is NULL for every other board.
-- The answer is board-from-spins.sql's, entry for entry (the test says so):
--   ratio  best single spin, Win / Stake by real division; reached at the first spin with that ratio.
--          Spins without a win rank no one.
--   wins   total Win, players with at least one win; reached at the last winning spin.
--   net    total Win - total Stake; reached at the last spin that changed it (Win <> Stake).
-- Ties share the best rank (1, 2, 2, 4); inside a tie the earlier ReachedAt, then the lower PlayerID.
-- Name is the player's profile name, or the id as text.
WITH board_games AS (
    SELECT coalesce((SELECT Games FROM Campaigns WHERE CampaignId = $19), []::INTEGER[]) AS Games
),
-- Every part has the columns PlayerID, GameID, Spins, SumWin, SumStake, BestRatio, BestRatioAt, LastWinAt,
-- LastChangeAt, FirstSpinAt, in that order (a rollup table's, without its key and Compacted).
parts AS (
    SELECT * EXCLUDE (Bin, Compacted) FROM RollupCentury WHERE Bin >= $1 AND Bin < $2 AND Bin < $22
    UNION ALL
    SELECT * EXCLUDE (Bin, Compacted) FROM RollupDay WHERE Bin >= $3 AND Bin < $4 AND Bin < $22
    UNION ALL
    SELECT * EXCLUDE (Bin, Compacted) FROM RollupDay WHERE Bin >= $5 AND Bin < $6 AND Bin < $22
    UNION ALL
    SELECT * EXCLUDE (Bin, Compacted) FROM RollupHour WHERE Bin >= $7 AND Bin < $8 AND Bin < $22
    UNION ALL
    SELECT * EXCLUDE (Bin, Compacted) FROM RollupHour WHERE Bin >= $9 AND Bin < $10 AND Bin < $22
    UNION ALL
    SELECT * EXCLUDE (Bin, Compacted) FROM RollupTenMinutes WHERE Bin >= $27 AND Bin < $28 AND Bin < $22
    UNION ALL
    SELECT * EXCLUDE (Bin, Compacted) FROM RollupTenMinutes WHERE Bin >= $29 AND Bin < $30 AND Bin < $22
    UNION ALL
    SELECT * EXCLUDE (Bin, Compacted) FROM RollupMinute WHERE Bin >= $11 AND Bin < $12 AND Bin < $22
    UNION ALL
    SELECT * EXCLUDE (Bin, Compacted) FROM RollupMinute WHERE Bin >= $13 AND Bin < $14 AND Bin < $22
    UNION ALL
    SELECT * EXCLUDE (Bin, Compacted) FROM RollupCenturyAllGames WHERE Bin >= $1 AND Bin < $2 AND Bin < $23
    UNION ALL
    SELECT * EXCLUDE (Bin, Compacted) FROM RollupDayAllGames WHERE Bin >= $3 AND Bin < $4 AND Bin < $23
    UNION ALL
    SELECT * EXCLUDE (Bin, Compacted) FROM RollupDayAllGames WHERE Bin >= $5 AND Bin < $6 AND Bin < $23
    UNION ALL
    SELECT * EXCLUDE (Bin, Compacted) FROM RollupHourAllGames WHERE Bin >= $7 AND Bin < $8 AND Bin < $23
    UNION ALL
    SELECT * EXCLUDE (Bin, Compacted) FROM RollupHourAllGames WHERE Bin >= $9 AND Bin < $10 AND Bin < $23
    UNION ALL
    SELECT * EXCLUDE (Bin, Compacted) FROM RollupTenMinutesAllGames WHERE Bin >= $27 AND Bin < $28 AND Bin < $23
    UNION ALL
    SELECT * EXCLUDE (Bin, Compacted) FROM RollupTenMinutesAllGames WHERE Bin >= $29 AND Bin < $30 AND Bin < $23
    UNION ALL
    SELECT * EXCLUDE (Bin, Compacted) FROM RollupMinuteAllGames WHERE Bin >= $11 AND Bin < $12 AND Bin < $23
    UNION ALL
    SELECT * EXCLUDE (Bin, Compacted) FROM RollupMinuteAllGames WHERE Bin >= $13 AND Bin < $14 AND Bin < $23
    UNION ALL
    SELECT * EXCLUDE (Bin, Compacted) FROM RollupLate WHERE Bin >= $25 AND Bin < $26 AND Bin < $22
    UNION ALL
    SELECT * EXCLUDE (Bin, Compacted) FROM RollupLateAllGames WHERE Bin >= $25 AND Bin < $26 AND Bin < $23
    UNION ALL
    SELECT * FROM (
        SELECT PlayerID, GameID, 1, Win, Stake,
               CASE WHEN Win > 0 THEN CAST(Win AS DOUBLE) / Stake END,
               CASE WHEN Win > 0 THEN EventTime END,
               CASE WHEN Win > 0 THEN EventTime END,
               CASE WHEN Win <> Stake THEN EventTime END,
               EventTime
        FROM GamePlay WHERE EventTime >= $15 AND EventTime < $16
        UNION ALL
        SELECT PlayerID, GameID, 1, Win, Stake,
               CASE WHEN Win > 0 THEN CAST(Win AS DOUBLE) / Stake END,
               CASE WHEN Win > 0 THEN EventTime END,
               CASE WHEN Win > 0 THEN EventTime END,
               CASE WHEN Win <> Stake THEN EventTime END,
               EventTime
        FROM GamePlay WHERE EventTime >= $17 AND EventTime < $18
    )
    UNION ALL
    SELECT * EXCLUDE (CampaignId, Compacted) FROM RollupCampaign WHERE CampaignId = $24
),
-- Not materialized: only one metric's branch has rows, so reading the parts again where it needs them
-- is cheaper than writing them all down first (all-time wins at 10M spins: 65 -> 49 ms in DuckDB's profile).
board_parts AS NOT MATERIALIZED (
    SELECT p.*
    FROM parts p, board_games b
    WHERE (len(b.Games) = 0 OR list_contains(b.Games, p.GameID))
      AND ($20::INTEGER IS NULL OR p.GameID = $20::INTEGER)
),
best_ratios AS MATERIALIZED (
    SELECT PlayerID, max(BestRatio) AS Score
    FROM board_parts
    WHERE $21 = 'ratio' AND BestRatio IS NOT NULL
    GROUP BY PlayerID
),
-- Only a player whose best ratio is at least the $31-th best can be among the best $31, ties at that score
-- included: only they need a ReachedAt (the join below), which spares joining every player's parts back
-- (an all-time ratio board 1,000 deep over 100,000 players: p50 23.7 -> 19.2 ms at 100 million spins).
-- -infinity when there are fewer, or for board-around.sql, which ranks every player (its $31 is the neighbours, maybe
-- 0: DuckDB binds OFFSET before CASE picks a branch, so the offset must not go below 0 even there).
ratio_cut AS (
    SELECT CASE WHEN {ratioCut} THEN (SELECT Score FROM best_ratios ORDER BY Score DESC LIMIT 1 OFFSET greatest($31, 1) - 1) END AS Score
),
by_ratio AS (
    -- Reached when the best ratio was first reached: the earliest time among the parts that hold it.
    -- (Two plain aggregates: a min() over (ratio, time) structs was 7 times slower.)
    SELECT b.PlayerID, b.Score, min(p.BestRatioAt) AS ReachedAt
    FROM best_ratios b
    JOIN board_parts p ON p.PlayerID = b.PlayerID AND p.BestRatio = b.Score
    WHERE b.Score >= coalesce((SELECT Score FROM ratio_cut), '-infinity'::DOUBLE)
    GROUP BY b.PlayerID, b.Score
),
by_wins AS (
    SELECT PlayerID, CAST(sum(SumWin) AS DOUBLE) AS Score, max(LastWinAt) AS ReachedAt
    FROM board_parts
    WHERE $21 = 'wins'
    GROUP BY PlayerID
    HAVING sum(SumWin) > 0
),
by_net AS (
    SELECT PlayerID, CAST(sum(SumWin) - sum(SumStake) AS DOUBLE) AS Score,
           coalesce(max(LastChangeAt), min(FirstSpinAt)) AS ReachedAt
    FROM board_parts
    WHERE $21 = 'net'
    GROUP BY PlayerID
),
scores AS (
    SELECT * FROM by_ratio UNION ALL SELECT * FROM by_wins UNION ALL SELECT * FROM by_net
)
