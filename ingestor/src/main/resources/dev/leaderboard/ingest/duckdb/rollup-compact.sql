-- Merges the rows of every bin of {table} that has rows added since its last compaction into one row
-- per (player, game, bin). A merged row is what a board would have summed from the rows it replaces,
-- so boards read the same before and after. Runs in one transaction on the ingestor's connection.
CREATE OR REPLACE TEMP TABLE CompactingBins AS
SELECT DISTINCT Bin FROM {table} WHERE NOT Compacted;

CREATE OR REPLACE TEMP TABLE CompactedRows AS
SELECT PlayerID, GameID, Bin, Spins, SumWin, SumStake,
       -Best.NegatedRatio, Best.ReachedAt, LastWinAt, LastChangeAt, FirstSpinAt, true
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
    WHERE Bin IN (SELECT Bin FROM CompactingBins)
    GROUP BY ALL
);

DELETE FROM {table} WHERE Bin IN (SELECT Bin FROM CompactingBins);

INSERT INTO {table} SELECT * FROM CompactedRows;

DROP TABLE CompactedRows;
DROP TABLE CompactingBins;
