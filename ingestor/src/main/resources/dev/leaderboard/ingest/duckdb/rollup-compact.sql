-- Merges the rows of every {key} of {table} that has rows added since its last compaction into one row
-- per (player, game, {key}). A merged row is what a board would have summed from the rows it replaces,
-- so boards read the same before and after. Runs in one transaction on the merges' own connection.
CREATE OR REPLACE TEMP TABLE CompactingBins AS
SELECT DISTINCT {key} FROM {table} WHERE NOT Compacted;

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
    FROM {table}
    WHERE {key} IN (SELECT {key} FROM CompactingBins)
)
GROUP BY PlayerID, GameID, {key};

DELETE FROM {table} WHERE {key} IN (SELECT {key} FROM CompactingBins);

INSERT INTO {table} SELECT * FROM CompactedRows;

DROP TABLE CompactedRows;
DROP TABLE CompactingBins;
