-- Adds the rows of the minutes [$1, $2) of {minuteTable} to the coarser {table}, each under the bin of {width}
-- that holds its minute: how the coarse rollups follow RollupWatermark (schema.sql), in the batch's transaction.
-- No aggregation: a table may hold several rows per (player, game, bin), since boards and merges combine rows
-- (sums add, the best ratio keeps the earliest time it was reached); these are added uncompacted, like a
-- batch's, and merged later on the merges' thread. (Merging them here first cost 3 times as much: 290 against
-- 87 ms a minute, quiet, for the soak's 60,000 rows a minute per game and 10,000 over all games.)
-- The aggregate columns are taken by position (rollup-table.sql's order: key columns, aggregates, Compacted), so
-- that a column added to the rollups needs no change here.
INSERT INTO {table}
SELECT PlayerID, GameID, time_bucket(INTERVAL '{width}', Bin, TIMESTAMP '2000-01-01'),
       * EXCLUDE (PlayerID, GameID, Bin, Compacted), false
FROM {minuteTable}
WHERE Bin >= $1 AND Bin < $2
