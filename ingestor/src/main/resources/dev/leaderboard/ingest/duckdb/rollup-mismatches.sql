-- How many (player, game, bin) of the rollup {table} differ from the same aggregates computed from every
-- spin in GamePlay: 0 when the rollup counts each stored spin exactly once. For tests and fault scenarios.
WITH from_spins AS (
    SELECT PlayerID, GameID, Bin, Spins, SumWin, SumStake, -Best.NegatedRatio AS BestRatio,
           Best.ReachedAt AS BestRatioAt, LastWinAt, LastChangeAt, FirstSpinAt
    FROM (
        SELECT PlayerID,
               GameID,
               time_bucket(INTERVAL '{width}', EventTime, TIMESTAMP '2000-01-01') AS Bin,
               count(*) AS Spins,
               sum(Win) AS SumWin,
               sum(Stake) AS SumStake,
               min({'NegatedRatio': -(CAST(Win AS DOUBLE) / Stake), 'ReachedAt': EventTime}) FILTER (WHERE Win > 0) AS Best,
               max(EventTime) FILTER (WHERE Win > 0) AS LastWinAt,
               max(EventTime) FILTER (WHERE Win <> Stake) AS LastChangeAt,
               min(EventTime) AS FirstSpinAt
        FROM GamePlay
        GROUP BY ALL
    )
),
from_rollup AS (
    SELECT PlayerID, GameID, Bin, Spins, SumWin, SumStake, -Best.NegatedRatio AS BestRatio,
           Best.ReachedAt AS BestRatioAt, LastWinAt, LastChangeAt, FirstSpinAt
    FROM (
        SELECT PlayerID,
               GameID,
               Bin,
               sum(Spins) AS Spins,
               sum(SumWin) AS SumWin,
               sum(SumStake) AS SumStake,
               min({'NegatedRatio': -BestRatio, 'ReachedAt': BestRatioAt}) FILTER (WHERE BestRatio IS NOT NULL) AS Best,
               max(LastWinAt) AS LastWinAt,
               max(LastChangeAt) AS LastChangeAt,
               min(FirstSpinAt) AS FirstSpinAt
        FROM {table}
        GROUP BY ALL
    )
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
