-- Merges rollup rows of {source} into rows of the coarser bins of {width} in {table}, per player and {gameOfRow}
-- (GameID, or 0 for a table kept over all games), as rollup-compact.sql merges rows of one bin: sums add, the
-- best ratio keeps the earliest time it was reached. How the coarse rollups follow RollupWatermark (schema.sql):
-- the minutes [$1, $2) the watermark passes are merged into hour rows (RolledHours), and those into each coarse
-- table, in the batch's transaction. The rows are added uncompacted, like a batch's, and merged later.
INSERT INTO {table}
SELECT PlayerID, GameID, CoarseBin,
       sum(Spins),
       sum(SumWin),
       sum(SumStake),
       max(BestRatio),
       min(BestRatioAt) FILTER (WHERE BestRatio = KeyBestRatio),
       max(LastWinAt),
       max(LastChangeAt),
       min(FirstSpinAt),
       false
FROM (
    SELECT *, max(BestRatio) OVER (PARTITION BY PlayerID, GameID, CoarseBin) AS KeyBestRatio
    FROM (
        SELECT * EXCLUDE (GameID, Bin), {gameOfRow} AS GameID,
               time_bucket(INTERVAL '{width}', Bin, TIMESTAMP '2000-01-01') AS CoarseBin
        FROM {source}
    )
)
GROUP BY PlayerID, GameID, CoarseBin
