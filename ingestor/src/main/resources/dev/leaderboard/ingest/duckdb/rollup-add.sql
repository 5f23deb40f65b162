-- Adds the staged batch to the rollup {table}: one row per (player, game, bin) of the batch, a bin being
-- {width} wide from 2000-01-01 00:00 UTC. Runs in the batch's transaction.
INSERT INTO {table}
SELECT PlayerID, GameID, Bin, Spins, SumWin, SumStake,
       -Best.NegatedRatio, Best.ReachedAt, LastWinAt, LastChangeAt, FirstSpinAt, false
FROM (
    SELECT PlayerID,
           GameID,
           time_bucket(INTERVAL '{width}', EventTime, TIMESTAMP '2000-01-01') AS Bin,
           count(*) AS Spins,
           sum(Win) AS SumWin,
           sum(Stake) AS SumStake,
           -- The smallest (-ratio, time) pair is the best ratio and when it was first reached.
           min({'NegatedRatio': -(CAST(Win AS DOUBLE) / Stake), 'ReachedAt': EventTime}) FILTER (WHERE Win > 0) AS Best,
           max(EventTime) FILTER (WHERE Win > 0) AS LastWinAt,
           max(EventTime) FILTER (WHERE Win <> Stake) AS LastChangeAt,
           min(EventTime) AS FirstSpinAt
    FROM StagedSpins
    GROUP BY ALL
)
