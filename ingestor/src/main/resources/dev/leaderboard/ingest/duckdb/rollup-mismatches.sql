-- How many (player, game, {key}) of the rollup {table} differ from the same aggregates computed from every
-- spin in GamePlay that the table counts (in a coarse table, those before RollupWatermark.CoarseBefore), keyed
-- as rollup-add.sql keys them: 0 when the rollup counts each stored spin exactly
-- once. A coarse table counts with it the rows of RollupLate (or RollupLateAllGames) before the watermark, as the
-- boards do ({lateRows}: see Rollups.move). For tests and fault scenarios.
WITH from_spins AS (
    SELECT PlayerID, GameID, {key},
           count(*) AS Spins,
           sum(Win) AS SumWin,
           sum(Stake) AS SumStake,
           max(Ratio) AS BestRatio,
           min(EventTime) FILTER (WHERE Ratio = KeyBestRatio) AS BestRatioAt,
           max(EventTime) FILTER (WHERE Win > 0) AS LastWinAt,
           max(EventTime) FILTER (WHERE Win <> Stake) AS LastChangeAt,
           min(EventTime) AS FirstSpinAt
    FROM (
        SELECT *, max(Ratio) OVER (PARTITION BY PlayerID, GameID, {key}) AS KeyBestRatio
        FROM (
            SELECT s.PlayerID, {gameOfSpin} AS GameID, s.Win, s.Stake, s.EventTime, {keyOfSpin} AS {key},
                   CASE WHEN s.Win > 0 THEN CAST(s.Win AS DOUBLE) / s.Stake END AS Ratio
            FROM GamePlay s{joinForKey}{spinsCounted}
        )
    )
    GROUP BY PlayerID, GameID, {key}
),
from_rollup AS (
    SELECT PlayerID, GameID, {key},
           sum(Spins) AS Spins,
           sum(SumWin) AS SumWin,
           sum(SumStake) AS SumStake,
           max(BestRatio) AS BestRatio,
           min(BestRatioAt) FILTER (WHERE BestRatio = KeyBestRatio) AS BestRatioAt,
           max(LastWinAt) AS LastWinAt,
           max(LastChangeAt) AS LastChangeAt,
           min(FirstSpinAt) AS FirstSpinAt
    FROM (
        SELECT *, max(BestRatio) OVER (PARTITION BY PlayerID, GameID, {key}) AS KeyBestRatio
        FROM (SELECT * FROM {table}{lateRows})
    )
    GROUP BY PlayerID, GameID, {key}
)
SELECT count(*)
FROM from_spins s
FULL OUTER JOIN from_rollup r USING (PlayerID, GameID, {key})
WHERE s.Spins IS DISTINCT FROM r.Spins
   OR s.SumWin IS DISTINCT FROM r.SumWin
   OR s.SumStake IS DISTINCT FROM r.SumStake
   OR s.BestRatio IS DISTINCT FROM r.BestRatio
   OR s.BestRatioAt IS DISTINCT FROM r.BestRatioAt
   OR s.LastWinAt IS DISTINCT FROM r.LastWinAt
   OR s.LastChangeAt IS DISTINCT FROM r.LastChangeAt
   OR s.FirstSpinAt IS DISTINCT FROM r.FirstSpinAt
