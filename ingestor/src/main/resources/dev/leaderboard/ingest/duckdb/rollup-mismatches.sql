-- How many (player, game, bin) of the rollup {table} differ from the same aggregates computed from every
-- spin in GamePlay: 0 when the rollup counts each stored spin exactly once. For tests and fault scenarios.
WITH from_spins AS (
    SELECT PlayerID, GameID, Bin,
           count(*) AS Spins,
           sum(Win) AS SumWin,
           sum(Stake) AS SumStake,
           max(Ratio) AS BestRatio,
           min(EventTime) FILTER (WHERE Ratio = BinBestRatio) AS BestRatioAt,
           max(EventTime) FILTER (WHERE Win > 0) AS LastWinAt,
           max(EventTime) FILTER (WHERE Win <> Stake) AS LastChangeAt,
           min(EventTime) AS FirstSpinAt
    FROM (
        SELECT *, max(Ratio) OVER (PARTITION BY PlayerID, GameID, Bin) AS BinBestRatio
        FROM (
            SELECT PlayerID, GameID, Win, Stake, EventTime,
                   time_bucket(INTERVAL '{width}', EventTime, TIMESTAMP '2000-01-01') AS Bin,
                   CASE WHEN Win > 0 THEN CAST(Win AS DOUBLE) / Stake END AS Ratio
            FROM GamePlay
        )
    )
    GROUP BY PlayerID, GameID, Bin
),
from_rollup AS (
    SELECT PlayerID, GameID, Bin,
           sum(Spins) AS Spins,
           sum(SumWin) AS SumWin,
           sum(SumStake) AS SumStake,
           max(BestRatio) AS BestRatio,
           min(BestRatioAt) FILTER (WHERE BestRatio = BinBestRatio) AS BestRatioAt,
           max(LastWinAt) AS LastWinAt,
           max(LastChangeAt) AS LastChangeAt,
           min(FirstSpinAt) AS FirstSpinAt
    FROM (
        SELECT *, max(BestRatio) OVER (PARTITION BY PlayerID, GameID, Bin) AS BinBestRatio
        FROM {table}
    )
    GROUP BY PlayerID, GameID, Bin
)
SELECT count(*)
FROM from_spins s
FULL OUTER JOIN from_rollup r USING (PlayerID, GameID, Bin)
WHERE s.Spins IS DISTINCT FROM r.Spins
   OR s.SumWin IS DISTINCT FROM r.SumWin
   OR s.SumStake IS DISTINCT FROM r.SumStake
   OR s.BestRatio IS DISTINCT FROM r.BestRatio
   OR s.BestRatioAt IS DISTINCT FROM r.BestRatioAt
   OR s.LastWinAt IS DISTINCT FROM r.LastWinAt
   OR s.LastChangeAt IS DISTINCT FROM r.LastChangeAt
   OR s.FirstSpinAt IS DISTINCT FROM r.FirstSpinAt
