-- Merges the rows of every bin of {table} that has rows added since its last compaction into one row
-- per (player, game, bin). A merged row is what a board would have summed from the rows it replaces,
-- so boards read the same before and after. Runs in one transaction on the ingestor's connection.
CREATE OR REPLACE TEMP TABLE CompactingBins AS
SELECT DISTINCT Bin FROM {table} WHERE NOT Compacted;

CREATE OR REPLACE TEMP TABLE CompactedRows AS
SELECT PlayerID, GameID, Bin,
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
    SELECT *, max(BestRatio) OVER (PARTITION BY PlayerID, GameID, Bin) AS BinBestRatio
    FROM {table}
    WHERE Bin IN (SELECT Bin FROM CompactingBins)
)
GROUP BY PlayerID, GameID, Bin;

DELETE FROM {table} WHERE Bin IN (SELECT Bin FROM CompactingBins);

INSERT INTO {table} SELECT * FROM CompactedRows;

DROP TABLE CompactedRows;
DROP TABLE CompactingBins;
