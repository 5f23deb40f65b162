-- Builds the all-games rollup {table} (GameID 0) from the per-game rollup {perGameTable} of the same grain,
-- for a database from before {table} existed: one merged row per (player, bin), as rollup-compact.sql would
-- merge the rows of every game. BestRatioAt is the earliest time among the games' rows with the best ratio.
INSERT INTO {table}
SELECT PlayerID, 0, Bin,
       sum(Spins),
       sum(SumWin),
       sum(SumStake),
       max(BestRatio),
       min(BestRatioAt) FILTER (WHERE BestRatio = BinBestRatio),
       max(LastWinAt),
       max(LastChangeAt),
       min(FirstSpinAt),
       true
FROM (
    SELECT *, max(BestRatio) OVER (PARTITION BY PlayerID, Bin) AS BinBestRatio
    FROM {perGameTable}
)
GROUP BY PlayerID, Bin
