-- Adds the staged batch to the rollup {table}: one row per (player, game, bin) of the batch, a bin being
-- {width} wide from 2000-01-01 00:00 UTC. Runs in the batch's transaction. BestRatioAt is the earliest
-- time among the spins with the bin's best ratio (a max() per bin, then a filtered min(): a min() over
-- (ratio, time) structs was 7 times slower).
INSERT INTO {table}
SELECT PlayerID, GameID, Bin,
       count(*),
       sum(Win),
       sum(Stake),
       max(Ratio),
       min(EventTime) FILTER (WHERE Ratio = BinBestRatio),
       max(EventTime) FILTER (WHERE Win > 0),
       max(EventTime) FILTER (WHERE Win <> Stake),
       min(EventTime),
       false
FROM (
    SELECT *, max(Ratio) OVER (PARTITION BY PlayerID, GameID, Bin) AS BinBestRatio
    FROM (
        SELECT PlayerID, GameID, Win, Stake, EventTime,
               time_bucket(INTERVAL '{width}', EventTime, TIMESTAMP '2000-01-01') AS Bin,
               CASE WHEN Win > 0 THEN CAST(Win AS DOUBLE) / Stake END AS Ratio
        FROM StagedSpins
    )
)
GROUP BY PlayerID, GameID, Bin
