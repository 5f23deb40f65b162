-- Folds the tail {oldTail} of a rollup (rollup-table.sql) once the batches have turned to the other one, {newTail}:
-- its rows of bins that have ended ({done}: the bin ends at or before the watermark $1, which the coarse grains have
-- passed) go merged to {base}, which only ever gets rows appended; the rest (bins still open, the century, the
-- campaigns) go merged to {newTail}; then {oldTail} is dropped and made again, empty. One transaction on the merges'
-- thread, so boards (which read the view over all three) see the rows in one place or the other, never both.
-- Dropping the table is what gives its blocks back to DuckDB: rows a merge deleted (rollup-compact.sql) are never
-- vacuumed by a concurrent checkpoint, the only kind Checkpoints lets DuckDB take, so in a table that lives on
-- they would stay in the file for good (bench/duckdb-file-growth.sh).
-- A merged row is what a board would have summed from the rows it replaces, as in rollup-compact.sql.
CREATE OR REPLACE TEMP TABLE FoldedRows AS
SELECT PlayerID, GameID, {key},
       sum(Spins) AS Spins,
       sum(SumWin) AS SumWin,
       sum(SumStake) AS SumStake,
       max(BestRatio) AS BestRatio,
       min(BestRatioAt) FILTER (WHERE BestRatio = KeyBestRatio) AS BestRatioAt,
       max(LastWinAt) AS LastWinAt,
       max(LastChangeAt) AS LastChangeAt,
       min(FirstSpinAt) AS FirstSpinAt,
       true AS Compacted
FROM (
    SELECT *, max(BestRatio) OVER (PARTITION BY PlayerID, GameID, {key}) AS KeyBestRatio
    FROM {oldTail}
)
GROUP BY PlayerID, GameID, {key};

INSERT INTO {base} SELECT * FROM FoldedRows WHERE {done};

INSERT INTO {newTail} SELECT * FROM FoldedRows WHERE NOT ({done});

DROP TABLE FoldedRows;

DROP TABLE {oldTail};
