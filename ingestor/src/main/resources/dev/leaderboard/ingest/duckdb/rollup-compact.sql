-- Merges the rows of every (player, game, {key}) of {table} that has rows added since its last compaction into one
-- row. A merged row is what a board would have summed from the rows it replaces, so boards read the same before
-- and after. Runs in one transaction on the merges' own connection.
-- Per (player, game, {key}), not per {key}: a merge rewrites only the rows of the players that played since the last
-- one, so the century's and a campaign's single bin of every player is not rewritten whole each time, and a grain
-- can merge as often as every 50,000 added rows (Rollups.MIN_ROWS_BEFORE_COMPACTION) whatever its size. A key
-- whose rows are all compacted has one row already: a fold that carries a merged row to a tail holding its key
-- carries it unmerged (rollup-fold.sql), so that the next merge takes that key.
CREATE OR REPLACE TEMP TABLE CompactingKeys AS
SELECT DISTINCT PlayerID, GameID, {key} FROM {table} WHERE NOT Compacted;

CREATE OR REPLACE TEMP TABLE CompactedRows AS
SELECT PlayerID, GameID, {key},
       sum(Spins),
       sum(SumWin),
       sum(SumStake),
       max(BestRatio),
       min(BestRatioAt) FILTER (WHERE BestRatio = KeyBestRatio),
       max(LastWinAt),
       max(LastChangeAt),
       min(FirstSpinAt),
       true
FROM (
    SELECT *, max(BestRatio) OVER (PARTITION BY PlayerID, GameID, {key}) AS KeyBestRatio
    FROM {table} SEMI JOIN CompactingKeys USING (PlayerID, GameID, {key})
)
GROUP BY PlayerID, GameID, {key};

DELETE FROM {table} USING CompactingKeys k
WHERE {table}.PlayerID = k.PlayerID AND {table}.GameID = k.GameID AND {table}.{key} = k.{key};

INSERT INTO {table} SELECT * FROM CompactedRows;

DROP TABLE CompactedRows;
DROP TABLE CompactingKeys;
